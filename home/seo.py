"""What search engines and link previews read about a public page.

The canonical address, a plain-text description, the image to share, the Open Graph locales, the
schema.org description of an initiative, and the sitemap of every language's pages with their
hreflang alternates. Every address is absolute on the configured Wagtail Site (its hostname, port and
scheme), whatever host the request came through. Only public fields are read: never the private
fields of `InitiativePage.PRIVATE_FIELDS` or `ProblemPage.PRIVATE_FIELDS`.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.http import HttpRequest
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page, Site

from core.text import cut_at_word
from initiatives.models import InitiativePage

DESCRIPTION_LENGTH = 160  # what search engines show of a description
# Open Graph's recommended size for a large preview (1.91:1).
SHARE_IMAGE_SPEC = "fill-1200x630"
DEFAULT_SHARE_IMAGE = "img/share.png"
DEFAULT_SHARE_IMAGE_SIZE = (1200, 630)
OPEN_GRAPH_LOCALES = {"vi": "vi_VN", "en": "en_US"}
# The public text fields that describe a page, most specific first, by the names the page models use.
DESCRIPTION_FIELDS = ("search_description", "summary", "intro", "statement", "description")
# JSON in an HTML <script> element: these characters could end the element or start a comment.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def plain_text(text: object) -> str:
    """Rich text or plain text as one line of plain text: tags dropped, entities decoded, spaces joined."""
    return " ".join(html.unescape(strip_tags(str(text or ""))).split())


def page_description(page: Page | None, fallback: str = "") -> str:
    """The page's search description, else its summary or introduction, as plain text of search length."""
    for name in DESCRIPTION_FIELDS:
        text = plain_text(getattr(page, name, "")) if page is not None else ""
        if text:
            return cut_at_word(text, DESCRIPTION_LENGTH)
    return cut_at_word(plain_text(fallback), DESCRIPTION_LENGTH)


def configured_site(request: HttpRequest | None) -> Site | None:
    """The Wagtail Site that serves the request, else the default one."""
    site = Site.find_for_request(request) if request is not None else None
    return site or Site.objects.filter(is_default_site=True).first()


def absolute_url(request: HttpRequest | None, address: str) -> str:
    """`address` on the configured Site: "/static/x.png" → "https://expo.example.org/static/x.png"."""
    if address.startswith(("http://", "https://")):
        return address
    site = configured_site(request)
    if site is None:  # no site configured at all: the request's own host is all there is
        return request.build_absolute_uri(address) if request is not None else address
    return site.root_url + address


def canonical_page(page: Page) -> Page:
    """An alias shows another page's content: the original is the canonical one."""
    return page.alias_of or page


def canonical_url(request: HttpRequest | None, page: Page | None) -> str:
    """The page's one address, without query (filters and pagination show the same page)."""
    if page is not None:
        return canonical_page(page).get_full_url(request) or ""
    return absolute_url(request, request.path) if request is not None else ""


def share_image(request: HttpRequest | None, page: Page | None) -> ShareImage:
    """The first gallery image of an initiative, as a preview-sized rendition; else the site's image."""
    if isinstance(page, InitiativePage):
        # In the gallery's order (Orderable), as the page read it (`InitiativePage.get_context`).
        first = next(iter(page.gallery_images.all()), None)
        if first is not None:
            rendition = first.image.get_rendition(SHARE_IMAGE_SPEC)
            return ShareImage(
                url=absolute_url(request, rendition.url),
                width=rendition.width,
                height=rendition.height,
                alt=first.caption or page.title,
            )
    width, height = DEFAULT_SHARE_IMAGE_SIZE
    return ShareImage(absolute_url(request, static(DEFAULT_SHARE_IMAGE)), width, height, "")


def open_graph_locale(code: str) -> str:
    return OPEN_GRAPH_LOCALES.get(code, code)


def json_ld_script(data: dict) -> SafeString:
    """`data` in a <script type="application/ld+json"> element, escaped so no text can end the element.

    A JSON-LD element is data, not a script: the Content-Security-Policy does not apply to it.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308 - JSON, with <, > and & escaped


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str  # the page's address on this site; "" for the page itself, which is not a link
    language: str = ""  # for user content (an initiative's or problem's title): the language it is written in


def breadcrumbs(page: Page, request: HttpRequest | None, home_title: str) -> list[Crumb]:
    """The live pages from the language's home page down to `page`, in one query.

    The home page is named `home_title` rather than by its title ("Digital Expo" says nothing of where
    one is); pages above the home page (the tree root) and drafts among the ancestors are left out.
    """
    ancestors = page.get_ancestors().live().filter(depth__gte=2)
    crumbs = [Crumb(home_title if a.depth == 2 else a.title, a.get_url(request) or "") for a in ancestors]
    return [crumb for crumb in crumbs if crumb.url] + [Crumb(page.title, "", getattr(page, "language", ""))]


def breadcrumb_json_ld(request: HttpRequest | None, crumbs: list[Crumb], page_url: str) -> SafeString:
    """schema.org's BreadcrumbList of `crumbs`, with full addresses; the last is the page at `page_url`."""
    items = [
        {
            "@type": "ListItem",
            "position": position,
            "name": crumb.title,
            "item": absolute_url(request, crumb.url or page_url),
        }
        for position, crumb in enumerate(crumbs, start=1)
    ]
    return json_ld_script(
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items}
    )


def initiative_json_ld(
    request: HttpRequest | None, page: InitiativePage, url: str, image: ShareImage
) -> dict:
    """schema.org's CreativeWork for an initiative, with public fields only."""
    language = page.language or page.locale.language_code
    keywords = [tag.name for tag in page.tags.all()]
    keywords += [goal.label for goal in page.goals.all()]
    keywords += [kind.label for kind in page.innovation_types.all()]
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": page.title,
        "description": " ".join(page.summary.split()),  # plain text already: kept as written
        "url": url,
        "inLanguage": language,
        "spatialCoverage": {
            "@type": "AdministrativeArea",
            "name": page.province.label,
            "containedInPlace": {"@type": "Country", "name": "Viet Nam"},
        },
        "keywords": ", ".join(dict.fromkeys(keywords)),
        "image": image.url,
    }
    if page.first_published_at:
        data["datePublished"] = page.first_published_at.date()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.date()
    return data


class MultilingualSitemap(Sitemap):
    """Wagtail's sitemap of the site's live, public pages in every language, each with its translations.

    Wagtail's own lists only the site's root page tree, which is one language. Aliases (a published page
    in the other language's tree until it is translated) are left out: they show the original's content
    and name it as their canonical page. Each address lists the translations as hreflang alternates, and
    the one in the site's default language as x-default.
    """

    def language_roots(self) -> list[Page]:
        root = self.get_wagtail_site().root_page
        return list(Page.objects.filter(translation_key=root.translation_key).order_by("path"))

    def items(self):
        within_site = Q()
        for root in self.language_roots():
            within_site |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(within_site)
            .live()
            .public()
            .filter(alias_of__isnull=True)
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        versions = translations_by_key({item.translation_key for item in pages})
        urls = []
        for item in pages:
            alternates = hreflang_alternates(versions.get(item.translation_key, {}), self.request)
            urls += [{**url, "alternates": alternates} for url in item.get_sitemap_urls(self.request)]
        last_modified = [url.get("lastmod") for url in urls]
        if last_modified and None not in last_modified:
            self.latest_lastmod = max(last_modified)
        return urls


def translations_by_key(keys: set) -> dict:
    """translation_key → {language code: live, public, non-alias page}, in one query."""
    versions: dict = {}
    pages = (
        Page.objects.live()
        .public()
        .filter(translation_key__in=keys, alias_of__isnull=True)
        .select_related("locale")
        .only("url_path", "translation_key", "locale__language_code")
    )
    for version in pages:
        versions.setdefault(version.translation_key, {})[version.locale.language_code] = version
    return versions


def hreflang_alternates(versions: dict[str, Page], request: HttpRequest | None) -> list[dict]:
    """The sitemap's alternates: one per language version, and x-default (the default language, else any)."""
    alternates = [
        {"lang_code": code, "location": versions[code].get_full_url(request)}
        for code, _name in settings.LANGUAGES
        if code in versions
    ]
    if alternates:
        default = versions.get(settings.LANGUAGE_CODE)
        location = default.get_full_url(request) if default else alternates[0]["location"]
        alternates.append({"lang_code": "x-default", "location": location})
    return alternates
