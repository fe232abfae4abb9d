"""Template tags for the public site: language switcher, main menu, facet and pagination links.

Every tag runs a fixed, small number of SQL queries, whatever the depth of the page or the size of the site.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import F, OuterRef, Prefetch, Q, Subquery
from django.http import HttpRequest, QueryDict
from django.template.context import Context
from django.urls import translate_url
from django.utils import numberformat, translation
from django.utils.formats import get_format, localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from core.i18n import current_language, language_root_url
from core.kept import kept
from core.text import cut_at_word
from home.models import ExpoSettings, PartnerMark
from initiatives.models import IntakePage
from initiatives.query import cleaned_query

register = template.Library()

PARTNER_LOGO_SPEC = "height-96"


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str  # the language's name in that language: "Tiếng Việt", "English"
    url: str
    is_current: bool
    is_translation: bool  # the same page in that language, rather than a fallback to an ancestor or home
    # For hreflang: the translation's full address on the configured site; "" for a fallback or an alias
    # (an alias shows the original's text, which is not in this language).
    alternate_url: str


@dataclass(frozen=True)
class TrustLink:
    label: str
    url: str


@dataclass(frozen=True)
class MenuItem:
    title: str
    url: str
    is_home: bool
    current: str  # the value for aria-current: "page", "true" (a section containing the page) or ""
    in_menu: bool  # in the header's menu (the page's "show in menus"); every item is in the footer


def live_versions(page: Page) -> dict[str, Page]:
    """Per language code: the live translation of `page`, else of its nearest translated ancestor.

    One query: the translation keys and depths of the page and its ancestors are subqueries.
    """
    step = page.steplen
    lineage = [page.path[:end] for end in range(2 * step, len(page.path) + 1, step)]  # without the tree root
    lineage_pages = Page.objects.filter(path__in=lineage)
    source_depth = lineage_pages.filter(translation_key=OuterRef("translation_key")).values("depth")
    candidates = (
        Page.objects.live()
        .filter(translation_key__in=lineage_pages.values("translation_key"))
        .annotate(closeness=Subquery(source_depth[:1]), expo_language=F("locale__language_code"))
        .order_by("closeness")
    )
    return {candidate.expo_language: candidate for candidate in candidates}  # the deepest one wins


def is_translation_of(target: Page | None, page: Page | None) -> bool:
    return bool(target and page and target.translation_key == page.translation_key)


def carried_query(request: HttpRequest) -> str:
    """The query string a page's translation is opened with: the same filters, search and sort.

    Filters name codes, the same in both languages; the page number is dropped, since the other
    language's listing may be shorter.
    """
    params = cleaned_query(request.GET).copy()
    params.pop("page", None)
    return _as_query(params)


@register.simple_tag(takes_context=True)
def language_links(context: Context, page: Page | None = None) -> list[LanguageLink]:
    """`{% language_links page as links %}`: a link per language of settings.LANGUAGES, the current marked."""
    request: HttpRequest | None = context.get("request")
    page = page if isinstance(page, Page) and page.path else None
    current = current_language()
    versions = live_versions(page) if page else {}
    if page:
        versions[current] = page  # even a draft being previewed links to itself
    links = []
    for code, _name in settings.LANGUAGES:
        target = versions.get(code)
        is_translation = is_translation_of(target, page)
        url = target.get_url(request) if target else None
        if url and is_translation and request is not None:
            url += carried_query(request)
        if not url and page is None and request is not None:
            url = translate_url(request.get_full_path(), code)
        if not url:
            url = language_root_url(code)
        is_alternate = is_translation and not target.alias_of_id
        links.append(
            LanguageLink(
                code=code,
                # Django ships "Tiếng Việt" decomposed; composed text matches what people type.
                name=unicodedata.normalize("NFC", translation.get_language_info(code)["name_local"]),
                url=url,
                is_current=code == current,
                is_translation=is_translation,
                alternate_url=(target.get_full_url(request) or "") if is_alternate else "",
            )
        )
    return links


@register.filter
def in_language(text: str, code: str) -> str:
    """`{{ name|in_language:page.language }}`: user content in interface text, marked with its language."""
    return format_html('<span lang="{}">{}</span>', code, text)


@dataclass(frozen=True)
class MenuEntry:
    """A page of the menu, the same for every page of the site in one language (kept: `core.kept`)."""

    title: str
    url: str
    path: str
    is_home: bool
    in_menu: bool


@dataclass(frozen=True)
class PartnerCard:
    name: str
    url: str
    logo: str  # the <img> of the logo's rendition (PARTNER_LOGO_SPEC), or ""


def menu_entries(request: HttpRequest, site: Site) -> list[MenuEntry]:
    """The home page of the active language and its live, public children, but the intake (a queue, not a
    page to read) and the pages the footer links in its own row (privacy, terms …).

    The home page is found from Wagtail's cached site root paths, so this runs a fixed few queries.
    """
    roots = [root for root in Site.get_site_root_paths() if root.site_id == site.pk]
    if not roots:
        return []
    language = current_language()
    home_path = next((root.root_path for root in roots if root.language_code == language), roots[0].root_path)
    home_depth = home_path.count("/")  # url_path "/" is the tree root (depth 1), "/home/" is depth 2
    own_row = ExpoSettings.for_reading(request).trust_page_keys()
    pages = (
        Page.objects.live()
        .public()
        .filter(url_path__startswith=home_path)
        .filter(Q(url_path=home_path) | Q(depth=home_depth + 1))
        .exclude(content_type=ContentType.objects.get_for_model(IntakePage))
        .exclude(translation_key__in=own_row)
        .order_by("path")
    )
    return [
        MenuEntry(
            title=page.title,
            url=page.get_url(request),
            path=page.path,
            is_home=page.url_path == home_path,
            in_menu=page.url_path == home_path or page.show_in_menus,
        )
        for page in pages
    ]


@register.simple_tag(takes_context=True)
def main_menu(context: Context, page: Page | None = None) -> list[MenuItem]:
    """`{% main_menu page as items %}`: the menu's pages (`menu_entries`): those shown in menus for the
    header, all of them for the footer, each marked if it is the page or holds it."""
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []
    entries = kept("menu", lambda: menu_entries(request, site), site.pk, current_language())
    page_path = page.path if isinstance(page, Page) else ""
    items = []
    for entry in entries:
        if entry.path == page_path:
            current = "page"
        elif not entry.is_home and page_path.startswith(entry.path):
            current = "true"
        else:
            current = ""
        items.append(MenuItem(entry.title, entry.url, entry.is_home, current, entry.in_menu))
    return items


@register.simple_tag(takes_context=True)
def trust_links(context: Context) -> dict[str, TrustLink]:
    """`{% trust_links as trust %}`: the privacy, terms, contact and accessibility pages chosen in the site's
    settings, each in the active language; keyed by setting name (`trust.privacy_page.url`)."""
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {}

    def work_out() -> dict[str, TrustLink]:
        expo_settings = ExpoSettings.for_reading(request)
        return {
            name: TrustLink(label=str(label), url=page.get_url(request))
            for name, (label, page) in expo_settings.trust_links(current_language()).items()
        }

    return kept("trust", work_out, site.pk, current_language())


@register.simple_tag(takes_context=True)
def partner_marks(context: Context) -> list[PartnerCard]:
    """`{% partner_marks as partners %}`: the partners of the site's settings, each with its logo's
    rendition (PARTNER_LOGO_SPEC), names in the active language."""
    request: HttpRequest | None = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return []

    def work_out() -> list[PartnerCard]:
        expo_settings = ExpoSettings.for_reading(request)
        if expo_settings.pk is None:
            return []
        logos = get_image_model().objects.prefetch_renditions(PARTNER_LOGO_SPEC)
        partners = (
            PartnerMark.objects.filter(expo_settings=expo_settings)
            .order_by("sort_order")
            .prefetch_related(Prefetch("logo", queryset=logos))
        )
        return [
            PartnerCard(
                name=partner.name,
                url=partner.url,
                logo=partner.logo.get_rendition(PARTNER_LOGO_SPEC).img_tag(
                    {"alt": "", "class": "partner-mark__logo"}
                )
                if partner.logo
                else "",
            )
            for partner in partners
        ]

    return kept("partners", work_out, site.pk, current_language())


def _mutable(query: QueryDict | None) -> QueryDict:
    return query.copy() if isinstance(query, QueryDict) else QueryDict(mutable=True)


def _as_query(params: QueryDict) -> str:
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else ""


@register.simple_tag
def querystring_toggle(query: QueryDict, name: str, value: object) -> str:
    """For facet links: the query with `value` added to or removed from `name`, and no `page`.

    Returns "?…", or "" when nothing is left, to append to the listing's URL.
    """
    params = _mutable(query)
    value = str(value)
    values = params.getlist(name)
    params.setlist(name, [v for v in values if v != value] if value in values else [*values, value])
    params.pop("page", None)
    return _as_query(params)


@register.simple_tag
def querystring_with(query: QueryDict, name: str, value: object) -> str:
    """For sort links: the query with `name` set to `value` alone, and no `page`."""
    params = _mutable(query)
    params[name] = str(value)
    params.pop("page", None)
    return _as_query(params)


@register.simple_tag
def other_page_url(query: QueryDict, number: int) -> str:
    """For pagination links: the query for page `number`, filters kept; page 1 has no `page` parameter.

    Returns "?…", or "" when nothing is left, to append to the listing's URL.
    """
    params = _mutable(query)
    params.pop("page", None)
    if int(number) > 1:
        params["page"] = str(number)
    return _as_query(params)


@register.filter
def parent_in(page: Page, candidates: Iterable[Page]) -> Page | None:
    """`initiative|parent_in:halls`: the candidate that is the page's parent, found without a query."""
    parent_path = page.path[: -page.steplen]
    return next((candidate for candidate in candidates if candidate.path == parent_path), None)


@register.filter
def form_progress(steps: list[dict]) -> dict:
    """Where the person is in a form of sections followed by its review, and how many sections are done
    (None where the form does not tell)."""
    position = next((number for number, step in enumerate(steps, start=1) if step["current"]), None)
    known = all("done" in step for step in steps)
    return {
        "position": position or len(steps) + 1,
        "total": len(steps) + 1,
        "done": sum(bool(step["done"]) for step in steps) if known else None,
    }


@register.filter(name="cut_at_word")
def cut_at_word_filter(text: str | None, limit: int) -> str:
    """`{{ summary|cut_at_word:180 }}`: the words that fit in `limit` characters, then an ellipsis."""
    return cut_at_word(" ".join(str(text or "").split()), int(limit))


@register.filter
def grouped(value: int | None) -> str:
    """`20000|grouped`: "20.000" in Vietnamese, "20,000" in English (Django's vi format does not group)."""
    if value is None or value == "":
        return ""
    return numberformat.format(
        value,
        get_format("DECIMAL_SEPARATOR"),
        decimal_pos=0,
        grouping=3,
        thousand_sep=get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


CHECKED = mark_safe(" checked")  # noqa: S308 - a constant


@register.simple_tag
def facet_option_items(counts) -> SafeString:
    """The checkbox of each option of a facet (`FacetCounts`), as `<li>` items: a hall lists some 150
    options, which the template language took 5 ms to render, one variable at a time."""
    return format_html_join(
        "\n",
        '<li><input type="checkbox" name="{}" value="{}" id="f-{}-{}"{}>'
        '<label for="f-{}-{}">{} <span class="facet__count">({})</span></label></li>',
        (
            (counts.name, option.value, counts.name, number, CHECKED if option.selected else "")
            + (counts.name, number, option.label, localize(option.count))
            for number, option in enumerate(counts.options, start=1)
        ),
    )
