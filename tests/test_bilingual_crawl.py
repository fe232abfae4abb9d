"""A visitor's crawl of the demo site in each language: every link answers, the interface speaks one language.

User content (initiatives, shown in the language they are written in) is marked with a `lang`
attribute wherever it may differ from the page's language; everything else on a page is
interface and must be in the page's language.
"""

import json
import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import polib
import pytest
import wagtail
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from wagtail.models import Page
from wagtail.users.models import UserProfile

from home.demo import (
    DEMO_ADMIN_EMAIL,
    DEMO_ADMIN_PASSWORD,
    DEMO_SCREENER_EMAIL,
    DEMO_SCREENER_PASSWORD,
    DEMO_SUBMITTER_EMAIL,
    DEMO_SUBMITTER_PASSWORD,
)
from home.demo_selection import DEMO_CHAIR_EMAIL, DEMO_JUROR_EMAIL, DEMO_JUROR_PASSWORD

SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/sitemap.xml")
NOT_HTML_PREFIXES = ("/documents/",)
# Vietnamese letters that English never uses, precomposed (NFC) as the site writes them.
VIETNAMESE_LETTERS = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]"
)
INTERFACE_ATTRIBUTES = ("aria-label", "placeholder", "alt", "title")
MAX_PAGES = 600


def is_vietnamese(text: str) -> bool:
    """Most words carry Vietnamese letters: a Vietnamese phrase, not an English one naming Hà Nội."""
    words = text.split()
    return sum(bool(VIETNAMESE_LETTERS.search(word)) for word in words) * 2 > len(words)


class InterfaceText(HTMLParser):
    """Collects links, and the text and labelling attributes outside user content (elements with `lang`)."""

    VOID = {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.menu_links: list[str] = []
        self.texts: list[str] = []
        self.stack: list[tuple[str, bool]] = []
        self.in_sidebar_props = False

    @property
    def in_user_content(self) -> bool:
        return any(is_user_content for _tag, is_user_content in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        if tag == "html":
            return
        # Wagtail's admin draws its menu from JSON: its labels are interface text too.
        self.in_sidebar_props = attributes.get("id") == "wagtail-sidebar-props"
        skipped = tag in ("script", "style", "textarea") or "lang" in attributes  # a textarea holds a value
        if not (self.in_user_content or skipped):
            self.texts += [attributes[name] for name in INTERFACE_ATTRIBUTES if attributes.get(name)]
        if tag not in self.VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, -1, -1):
            if self.stack[position][0] == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        if self.in_sidebar_props:
            props = json.loads(data)
            self.texts += menu_values(props, "label")
            self.menu_links += menu_values(props, "url")
            self.in_sidebar_props = False
        elif not self.in_user_content and data.strip():
            self.texts.append(" ".join(data.split()))


def menu_values(props, key: str) -> list[str]:
    """The `key` values ("label", "url") anywhere in the admin sidebar's props (telepath-packed lists
    and dicts)."""
    if isinstance(props, list):
        return [value for item in props for value in menu_values(item, key)]
    if isinstance(props, dict):
        own = [props[key]] if isinstance(props.get(key), str) else []
        return own + [value for item in props.values() for value in menu_values(item, key)]
    return []


def catalogue_phrases() -> tuple[set[str], set[str]]:
    """The site's own interface phrases in English (msgid) and Vietnamese (msgstr), long enough to tell."""
    english, vietnamese = set(), set()
    for entry in polib.pofile(str(settings.BASE_DIR / "locale" / "vi" / "LC_MESSAGES" / "django.po")):
        if entry.msgid_plural or "%" in entry.msgid or "{" in entry.msgid:
            continue
        if len(entry.msgid.split()) >= 3 and entry.msgid != entry.msgstr:
            english.add(entry.msgid)
            vietnamese.add(entry.msgstr)
    return english, vietnamese


def crawl(
    client,
    start: str,
    language: str,
    within: tuple[str, ...] = ("",),
    root: str | None = None,
    skipped: re.Pattern | None = None,
    max_pages: int = MAX_PAGES,
    follow_menu: bool = False,
) -> dict[str, list[str]]:
    """Every page reachable from `start` under <root><within> (the root is /<language>/ unless the
    area has no language prefix, as the admin), but addresses matching `skipped`, through the pages'
    links and, with `follow_menu`, the admin menu's: address -> its interface texts."""
    root = root or f"/{language}/"
    areas = tuple(f"{root}{area}" for area in within)
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < max_pages:
        url = queue.popleft()
        response = client.get(url)
        if url.startswith(NOT_HTML_PREFIXES):
            assert response.status_code == 200, url
            continue
        if response.status_code == 302 and "/accounts/login/" in response["Location"]:
            continue  # a signed-in area: the crawl is a visitor's
        if response.status_code == 302 and response["Location"].startswith(root):
            # A page that sends on to another of the same site (a submitted proposal to its summary).
            if response["Location"] not in seen:
                seen.add(response["Location"])
                queue.append(response["Location"])
            continue
        assert response.status_code == 200, f"{url} answered {response.status_code}"
        if not response["Content-Type"].startswith("text/html"):
            continue  # a file the signed-in user may download (a letter of commitment, a report)
        parser = InterfaceText()
        parser.feed(response.content.decode())
        pages[url] = parser.texts
        for href in parser.links + (parser.menu_links if follow_menu else []):
            link = urldefrag(href).url
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not link.startswith("/"):
                continue
            if link.startswith(SKIPPED_PREFIXES) and not link.startswith(areas):
                continue
            if not (link.startswith(areas) or link.startswith(NOT_HTML_PREFIXES)):
                continue  # the language switcher leads to the other crawl
            if skipped and skipped.search(link):
                continue
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return pages


@pytest.fixture
def demo_site(db):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


# A word of its own: not part of a name such as If-None-Match.
STANDALONE_NONE = re.compile(r"(?<![\w-])None(?![\w-])")


def assert_no_none(site: dict[str, list[str]]) -> None:
    """Python's None never reaches the interface (an empty value shows as a dash or a sentence)."""
    for url, texts in site.items():
        # Each with the two texts before it, which say where it is.
        found = [texts[max(0, n - 2) : n + 1] for n, text in enumerate(texts) if STANDALONE_NONE.search(text)]
        assert not found, f"None on {url}: {found}"


def assert_speaks_vietnamese(site: dict[str, list[str]], english_phrases: set[str]) -> None:
    assert_no_none(site)
    for url, texts in site.items():
        page_text = "\n".join(texts)
        leaks = sorted(phrase for phrase in english_phrases if phrase in page_text)
        assert not leaks, f"English interface text on {url}: {leaks}"
        # Vietnamese long dates already begin with "ngày": a sentence must not say it again.
        assert "ngày ngày" not in page_text, url


def assert_speaks_english(site: dict[str, list[str]], vietnamese_phrases: set[str]) -> None:
    assert_no_none(site)
    for url, texts in site.items():
        vietnamese = [text for text in texts if is_vietnamese(text)]
        assert not vietnamese, f"Vietnamese interface text on {url}: {vietnamese[:5]}"
        page_text = "\n".join(texts)
        assert not [phrase for phrase in vietnamese_phrases if phrase in page_text], url


def test_each_language_site_answers_every_link_and_speaks_its_own_language(client, demo_site):
    english_phrases, vietnamese_phrases = catalogue_phrases()

    vietnamese_site = crawl(client, "/vi/", "vi")
    assert len(vietnamese_site) > 50
    assert_speaks_vietnamese(vietnamese_site, english_phrases)
    english_site = crawl(client, "/en/", "en")
    assert len(english_site) > 50
    assert_speaks_english(english_site, vietnamese_phrases)

    # A submitter's own pages: the dashboard, the sections of the form, the review, the profile.
    assert client.login(email=DEMO_SUBMITTER_EMAIL, password=DEMO_SUBMITTER_PASSWORD)
    own_pages = ("my/", "accounts/profile/", "accounts/my-data/")
    vietnamese_own = crawl(client, "/vi/my/initiatives/", "vi", within=own_pages)
    assert len(vietnamese_own) >= 5
    assert_speaks_vietnamese(vietnamese_own, english_phrases)
    english_own = crawl(client, "/en/my/initiatives/", "en", within=own_pages)
    assert len(english_own) >= 5
    assert_speaks_english(english_own, vietnamese_phrases)


def interface_of_admin(texts: list[str]) -> list[str]:
    """The admin's texts but those naming people and the browser's title (which names what is shown, in
    its own language: the admin's <title> cannot carry a `lang`)."""
    names = set(get_user_model().objects.exclude(full_name="").values_list("full_name", flat=True))
    return [
        text for text in texts if not any(name in text for name in names) and not text.endswith(" - Wagtail")
    ]


@pytest.mark.parametrize(
    ("email", "password", "start"),
    [
        (DEMO_CHAIR_EMAIL, DEMO_JUROR_PASSWORD, "/admin/evaluation/calls/"),
        (DEMO_JUROR_EMAIL, DEMO_JUROR_PASSWORD, "/admin/evaluation/reviews/"),
        (DEMO_ADMIN_EMAIL, DEMO_ADMIN_PASSWORD, "/admin/evaluation/evaluations/"),
    ],
    ids=["chair", "juror", "secretariat"],
)
def test_the_selection_screens_answer_in_each_language_for_the_demo_accounts(
    client, demo_site, email, password, start
):
    """The jury's, the chairs' and the secretariat's admin pages, walked by the printed demo accounts
    with the admin in Vietnamese, then in English."""
    english_phrases, vietnamese_phrases = catalogue_phrases()
    assert client.login(email=email, password=password)
    profile = UserProfile.get_for_user(get_user_model().objects.get(email=email))
    for language, check, phrases in (
        ("vi", assert_speaks_vietnamese, english_phrases),
        ("en", assert_speaks_english, vietnamese_phrases),
    ):
        profile.preferred_language = language
        profile.save()
        screens = crawl(client, start, language, within=("evaluation/",), root="/admin/")
        assert len(screens) >= 3, sorted(screens)
        check({url: interface_of_admin(texts) for url, texts in screens.items()}, phrases)


PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]")
# Django's timesince inside a sentence ("has waited 7 minutes"), whichever catalogue lacks it.
ENGLISH_DURATION = re.compile(r"\b\d+\s+(?:minute|hour|day|week|month|year)s?\b")
# What a screener and a juror open in the admin, without the screens that act (publish, move, delete…)
# and the previews (the public templates, crawled in each language already).
ADMIN_AREAS = ("pages/", "screening/", "reports/", "evaluation/")
ADMIN_ACTIONS = re.compile(
    r"view_draft|preview|/(?:delete|unpublish|copy|move|add_subpage|lock|unlock|publish|convert_alias)/|"
    r"/revisions/|/workflow/|download|export="
)


def package_messages() -> list[polib.POEntry]:
    """The messages of Wagtail and Django, read from their English catalogues (which list them all)."""
    site_packages = Path(wagtail.__file__).parent.parent
    catalogues = [
        *site_packages.glob("wagtail/**/locale/en/LC_MESSAGES/django.po"),
        site_packages / "django" / "conf" / "locale" / "en" / "LC_MESSAGES" / "django.po",
    ]
    return [entry for path in catalogues for entry in polib.pofile(str(path)) if entry.msgid]


def untranslated_admin_messages() -> tuple[set[str], list[tuple[re.Pattern, str]]]:
    """The English texts of Wagtail's and Django's messages that Vietnamese leaves as they are: whole
    texts, and patterns of those with placeholders (a count, a name) filled in."""
    texts, patterns = set(), []
    with translation.override("vi"):
        for entry in package_messages():
            if entry.msgid_plural:
                forms = [(entry.msgid, 1), (entry.msgid_plural, 2)]
                shown = [
                    (form, translation.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, n))
                    if entry.msgctxt
                    else (form, translation.ngettext(entry.msgid, entry.msgid_plural, n))
                    for form, n in forms
                ]
            else:
                translated = (
                    translation.pgettext(entry.msgctxt, entry.msgid)
                    if entry.msgctxt
                    else translation.gettext(entry.msgid)
                )
                shown = [(entry.msgid, translated)]
            for english, vietnamese in shown:
                if english != vietnamese or not re.search(r"[A-Za-z]{2,}", PLACEHOLDER.sub("", english)):
                    continue
                if PLACEHOLDER.search(english):
                    parts = PLACEHOLDER.split(english)
                    patterns.append((re.compile("^" + ".+?".join(map(re.escape, parts)) + "$"), english))
                else:
                    texts.add(english)
    return texts, patterns


def untranslated_on(texts: list[str], messages: tuple[set[str], list[tuple[re.Pattern, str]]]) -> list[str]:
    whole, patterns = messages
    found = [text for text in texts if text in whole]
    found += [english for text in texts for pattern, english in patterns if pattern.match(text)]
    return found + [text for text in texts if ENGLISH_DURATION.search(text)]


@pytest.mark.parametrize(
    ("email", "password"),
    [(DEMO_SCREENER_EMAIL, DEMO_SCREENER_PASSWORD), (DEMO_JUROR_EMAIL, DEMO_JUROR_PASSWORD)],
    ids=["screener", "juror"],
)
def test_the_admin_a_screener_and_a_juror_use_speaks_vietnamese_and_never_shows_none(
    client, demo_site, email, password
):
    """The dashboard, the menu, the page explorer, the screening queue and decisions, the reports and the
    jury's screens, in Vietnamese: no message of Wagtail or Django left in English, no "None"; in
    English, no "None" either."""
    messages = untranslated_admin_messages()
    assert "Awaiting your review" not in messages[0]  # Vietnamese for Wagtail's admin is in use
    titles = set(Page.objects.values_list("title", flat=True))
    assert client.login(email=email, password=password)
    profile = UserProfile.get_for_user(get_user_model().objects.get(email=email))
    for language in ("vi", "en"):
        profile.preferred_language = language
        profile.save()
        screens = crawl(
            client,
            "/admin/",
            language,
            within=ADMIN_AREAS,
            root="/admin/",
            skipped=ADMIN_ACTIONS,
            max_pages=80,
            follow_menu=True,
        )
        assert len(screens) >= 5, sorted(screens)
        interface = {
            url: [text for text in interface_of_admin(texts) if text not in titles]
            for url, texts in screens.items()
        }
        assert_no_none(interface)
        if language == "vi":
            leftovers = {url: untranslated_on(texts, messages) for url, texts in interface.items()}
            assert not {url: found for url, found in leftovers.items() if found}


def test_the_untranslated_admin_check_finds_english():
    """The check above can fail: Wagtail's messages that no catalogue translates (whole, or with a
    name filled in) and a duration left in English are found."""
    messages = untranslated_admin_messages()
    assert "Promoted search results" in messages[0]  # the admin of search promotions, which no one here uses
    texts = [
        "Promoted search results",
        "Pages using Sáng kiến",
        "Đã chờ 7 minutes.",
        "Đã chờ 7 phút.",
        "Trang",
    ]
    assert untranslated_on(texts, messages) == [
        "Promoted search results",
        "Pages using %(page_type)s",
        "Đã chờ 7 minutes.",
    ]
