"""Template tags of the solutions bank for pages owned by other apps."""

from django import template

from ..backends import similar_to

register = template.Library()


@register.simple_tag
def similar_initiatives(page):
    """`{% similar_initiatives page as similar %}`: initiatives of other provinces, same problem."""
    return similar_to(page)
