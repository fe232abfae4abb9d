"""`{% page_meta page language_versions %}`: what search engines, feed readers and link previews read in
the head of every public page. A fixed number of SQL queries: none for most pages, a few for an initiative."""

from __future__ import annotations

from django import template
from django.template.context import Context
from django.urls import reverse
from django.utils.translation import gettext

from core.i18n import current_language
from halls.models import HallPage
from home import seo
from initiatives.models import InitiativePage

register = template.Library()

SITE_DESCRIPTION = "Innovations in public governance from communities and public bodies across Viet Nam."


def feed_links(page) -> list[dict]:
    """The feeds of new initiatives in the active language, and of the hall on a hall's page."""
    links = [
        {
            "type": "application/rss+xml",
            "title": gettext("New initiatives (RSS)"),
            "url": reverse("feeds:rss"),
        },
        {
            "type": "application/atom+xml",
            "title": gettext("New initiatives (Atom)"),
            "url": reverse("feeds:atom"),
        },
    ]
    if isinstance(page, HallPage):
        for name, kind in (("hall_rss", "RSS"), ("hall_atom", "Atom")):
            links.append(
                {
                    "type": f"application/{kind.lower()}+xml",
                    "title": f"{page.title} ({kind})",
                    "url": reverse(f"feeds:{name}", args=[page.slug]),
                }
            )
    return links


@register.inclusion_tag("home/tags/page_meta.html", takes_context=True)
def page_meta(context: Context, page=None, language_versions=(), title: str = "") -> dict:
    """Canonical link, description, Open Graph and Twitter card tags, feed links and, for an initiative,
    its schema.org JSON-LD. `language_versions` are the language switcher's links (expo_tags.language_links),
    whose translations become og:locale:alternate. `title` names a page that is not a Wagtail page."""
    request = context.get("request")
    page = page if getattr(page, "pk", None) else None
    language = current_language()
    if page is not None:
        title = page.seo_title or page.title
    url = seo.canonical_url(request, page)
    image = seo.share_image(request, page)
    json_ld = ""
    if isinstance(page, InitiativePage):
        json_ld = seo.json_ld_script(seo.initiative_json_ld(request, page, url, image))
    return {
        "title": title or gettext("Digital Expo"),
        "site_name": gettext("Digital Expo"),
        "description": seo.page_description(page, fallback=gettext(SITE_DESCRIPTION)),
        "url": url,
        "image": image,
        "type": "article" if isinstance(page, InitiativePage) else "website",
        "locale": seo.open_graph_locale(language),
        "alternate_locales": [
            seo.open_graph_locale(version.code)
            for version in language_versions
            # A view that is not a Wagtail page (the search) answers in every language.
            if (version.alternate_url or page is None) and not version.is_current
        ],
        "feeds": feed_links(page),
        "json_ld": json_ld,
    }


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context: Context, page=None) -> dict:
    """`{% breadcrumbs page %}`: where a page below the home page sits, as links and as schema.org data.

    One query; nothing for the home page or a view that is not a page."""
    request = context.get("request")
    if page is None or not getattr(page, "path", "") or page.depth <= 2:
        return {"crumbs": []}
    crumbs = seo.breadcrumbs(page, request, gettext("Home"))
    if len(crumbs) < 2:
        return {"crumbs": []}
    return {"crumbs": crumbs, "json_ld": seo.breadcrumb_json_ld(request, crumbs, page.get_url(request) or "")}
