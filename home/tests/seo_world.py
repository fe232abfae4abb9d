"""A small bilingual site for the tests of what search engines, feed readers and link previews read: every
public page type in both languages, an alias, a draft, a page behind a login, and private values to look
for everywhere."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from home.models import FaqItem, FaqPage, StandardPage
from initiatives.models import InitiativePage
from tests.builders import SiteTree, add_english_tree, make_call, make_initiative, make_user
from tests.problem_builders import add_problem_bank, make_problem, translate

CONFIGURED_HOST = "expo.example.org"

# Values that must never leave the private side: contacts, the endorsement scan, co-authors.
INITIATIVE_SECRETS = {
    "contact_name": "Chị Kín Đáo",
    "contact_phone": "0987654321",
    "contact_email": "bi-mat@example.org",
    "contact_address": "Số 99 ngõ Riêng Tư",
}
PROBLEM_SECRETS = {
    "contact_name": "Anh Đầu Mối Kín",
    "contact_phone": "0977111222",
    "contact_email": "dau-moi-kin@example.org",
}
CO_AUTHOR_EMAIL = "dong-tac-gia@example.org"
CO_AUTHOR_NAME = "Đồng Tác Giả Kín"


@dataclass
class SeoWorld:
    vi: SiteTree
    en: SiteTree
    pages: dict[tuple[str, str], Page]  # (language, kind) → the page of that kind in that language
    translated: InitiativePage  # in Vietnamese, with its English translation
    aliased: InitiativePage  # in Vietnamese, with an alias in the English tree
    alias: InitiativePage
    draft: InitiativePage
    restricted: InitiativePage
    secrets: list[str]


def alias_in(page: Page, parent: Page) -> Page:
    """The alias of `page` in `parent`'s language tree, as wagtail-localize shows an untranslated page."""
    existing = page.get_translation_or_none(parent.locale)
    if existing is not None:
        return existing.specific
    return page.create_alias(parent=parent, update_locale=parent.locale).specific


def build_seo_world() -> SeoWorld:
    from tests.builders import build_site_tree

    vi = build_site_tree()
    en = add_english_tree(vi)
    english = en.home.locale
    co_author = make_user(CO_AUTHOR_EMAIL, first_name="Đồng Tác", last_name="Giả Kín")

    translated = make_initiative(
        vi.expo,
        "Một cửa số xã Hòa Phong",
        images=1,
        summary="Người dân nộp hồ sơ trực tuyến và nhận kết quả tại nhà. " * 6,
        **INITIATIVE_SECRETS,
    )
    translated.tags.add("một cửa", "chuyển đổi số")
    translated.co_authors.add(co_author)
    translated.save_revision().publish()
    translated_en = translate(
        translated,
        english,
        title="One-stop shop of Hoa Phong",
        summary="Citizens apply online.",
        slug="one-stop",
        language="en",
    )
    aliased = make_initiative(vi.community, "Hộp thư góp ý thông minh", **INITIATIVE_SECRETS)
    alias = alias_in(aliased, en.community)
    draft = make_initiative(vi.community, "Bản nháp chưa đăng", publish=False, **INITIATIVE_SECRETS)
    restricted = make_initiative(vi.community, "Sáng kiến chỉ cho thành viên", **INITIATIVE_SECRETS)
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    call = make_call(vi.calls, description="<p>Đợt nhận <b>sáng kiến</b> năm 2021 &amp; 2022.</p>")
    call_en = translate(call, english, title="CPII 2021 call", description="<p>The 2021 call.</p>")
    bank = add_problem_bank(vi.home)
    bank_en = translate(bank, english, title="Problem bank", slug="problems")
    problem = make_problem(bank, **PROBLEM_SECRETS)
    problem_en = translate(problem, english, title="Backlog of land files", statement="Land files wait.")
    standard = vi.home.add_child(
        instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", intro="Về Triển lãm số.")
    )
    standard_en = translate(standard, english, title="About", slug="about", intro="About the Expo.")
    faq = FaqPage(title="Hỏi đáp", slug="hoi-dap", intro="Câu hỏi thường gặp.")
    faq.questions = [FaqItem(question="Ai được gửi?", answer="<p>Mọi người.</p>")]
    vi.home.add_child(instance=faq)
    faq_en = translate(faq, english, title="FAQ", slug="faq", intro="Frequent questions.")

    pages = {}
    for language, tree, extra in (
        ("vi", vi, (translated, call, bank, problem, standard, faq)),
        ("en", en, (translated_en, call_en, bank_en, problem_en, standard_en, faq_en)),
    ):
        kinds = ("initiative", "call", "problem_bank", "problem", "standard", "faq")
        pages.update(
            {(language, "home"): tree.home, (language, "hall"): tree.expo, (language, "calls"): tree.calls}
        )
        pages.update({(language, kind): page for kind, page in zip(kinds, extra, strict=True)})

    endorsement = translated.endorsement_document
    secrets = [
        *INITIATIVE_SECRETS.values(),
        *PROBLEM_SECRETS.values(),
        CO_AUTHOR_EMAIL,
        CO_AUTHOR_NAME,
        endorsement.title,
        endorsement.file.name,
        draft.title,
        restricted.title,
    ]
    return SeoWorld(vi, en, pages, translated, aliased, alias, draft, restricted, secrets)


def configure_site(hostname: str = CONFIGURED_HOST, port: int = 443) -> Site:
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = hostname, port
    site.save()
    return site


def set_published(page: Page, days_ago: int) -> None:
    when = timezone.now() - timezone.timedelta(days=days_ago)
    Page.objects.filter(translation_key=page.translation_key).update(first_published_at=when)


class HeadTags(HTMLParser):
    """The <meta> and <link> elements and JSON-LD blocks of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.json_ld: list[str] = []
        self._in_json_ld = False
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta" and "content" in attributes:
            key = attributes.get("property") or attributes.get("name")
            if key:
                self.meta.setdefault(key, []).append(attributes["content"])
        elif tag == "link":
            self.links.append(attributes)
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json_ld = True
            self.json_ld.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_json_ld = False

    def handle_data(self, data):
        if self._in_json_ld:
            self.json_ld[-1] += data

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, f"{key}: {values}"
        return values[0]

    def link(self, rel: str, **attributes) -> list[dict[str, str]]:
        return [
            link
            for link in self.links
            if link.get("rel") == rel and all(link.get(name) == value for name, value in attributes.items())
        ]
