"""`{% similar_initiatives_for_problem page as similar %}`: initiatives of other provinces like a problem."""

from django import template

from ..search_kind import similar_initiatives

register = template.Library()


@register.simple_tag
def similar_initiatives_for_problem(page) -> list:
    """Up to five published initiatives of other 2025 provinces whose text is like the problem's."""
    return similar_initiatives(page)
