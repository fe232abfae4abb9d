"""The call page's section of the initiatives submitted to it (registered in `wagtail_hooks`).

The call's layer knows no initiative; this fragment shows the newest few, published in the page's
language tree, with a link to the solutions bank filtered by the call for the rest.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.template.loader import render_to_string
from django.urls import reverse

from halls.models import HallPage, with_card_data
from initiatives.models import InitiativePage

SHOWN = 6


def call_initiatives_section(request, page) -> str:
    answering = (
        InitiativePage.objects.live()
        .public()
        .filter(call__translation_key=page.translation_key, locale=page.locale)
    )
    shown = list(with_card_data(answering).order_by("-first_published_at", "-pk")[:SHOWN])
    if not shown:
        return ""
    # The solutions bank's call filter names a call by the slug of the page initiatives point at,
    # which may be either language's version of this call.
    slugs = sorted(set(answering.values_list("call__slug", flat=True)))
    context = {
        "page": page,
        "initiatives": shown,
        "total": answering.count(),
        "halls": list(HallPage.objects.live().filter(locale=page.locale)),
        "search_url": f"{reverse('search:solutions')}?{urlencode([('call', slug) for slug in slugs])}",
    }
    return render_to_string("search/includes/call_initiatives.html", context, request=request)
