from django import template

from submissions.links import initiative_links as links_for

register = template.Library()


@register.simple_tag
def initiative_links(page, user):
    """The links other apps add to an initiative on "My initiatives" (see `submissions.links`)."""
    return links_for(page, user)
