from django import template

from visits.counter import visitor_counts

register = template.Library()


@register.inclusion_tag("visits/beacon.html", takes_context=True)
def visit_beacon(context, page=None):
    """The image whose loading counts a view: on a published page only, never in a preview."""
    request = context.get("request")
    counted = page is not None and getattr(page, "live", False) and not getattr(request, "is_preview", False)
    return {"counted": counted, "page_id": page.pk if counted else None}


@register.simple_tag
def visitors():
    """{"today": …, "total": …} page views, for the footer."""
    return visitor_counts()
