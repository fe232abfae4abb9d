"""Browser tests: Debian's Chromium, driven by Playwright, against the live test server.

Chromium is found at $EXPO_CHROMIUM or on the PATH. Where it is missing these tests are skipped,
unless EXPO_BROWSER_TESTS=required (as in CI), which turns its absence into a failure.
On failure each open page leaves a screenshot and its HTML in test-artifacts/browser/ (or
$EXPO_BROWSER_ARTIFACTS), and the failure report names the files.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

from home.models import HomePage
from initiatives.models import InitiativePage, Province2025
from problems.models import ProblemLink, Replication, SharedProblem
from tests.builders import add_english_tree, build_site_tree, make_initiative
from tests.problem_builders import add_problem_bank, make_agency, make_problem

from .actions import BANK_SLUGS, BANK_TITLES, PROBLEM_TITLES

PHONE_VIEWPORT = {"width": 360, "height": 740}
DESKTOP_VIEWPORT = {"width": 1280, "height": 900}
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machines have no way out: Chromium's own background connections would only fail.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Generous, for CI's two busy cores: a wait ends as soon as its condition holds.
ACTION_TIMEOUT_MS = 15_000
expect.set_options(timeout=ACTION_TIMEOUT_MS)
SERIALIZED_DATA = "_test_serialized_contents"  # where Django's test set-up keeps it
OPEN_PAGES = pytest.StashKey[list[Page]]()
HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test here is a browser test on a committed database: the live server reads it from its own
    thread. The rollback restores what the migrations put in (reference data, groups, workflows)."""
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def keep_migrated_data_for_new_connections(migrated_data: dict[str, str | None]) -> None:
    """With an event loop running in the thread, Django's connection handler (an asgiref Local) gives
    the thread new connection objects. Each needs the copy of the migrated data that serialized
    rollback restores before every test, which the test database set-up left on the first ones."""
    for alias, data in migrated_data.items():
        if data is not None:
            setattr(connections[alias], SERIALIZED_DATA, data)


def chromium_path() -> str | None:
    return os.environ.get("EXPO_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def artifacts_dir() -> Path:
    return Path(os.environ.get("EXPO_BROWSER_ARTIFACTS") or settings.BASE_DIR / "test-artifacts" / "browser")


@pytest.fixture(scope="session")
def browser(django_db_setup) -> Iterator[Browser]:
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (Debian package 'chromium'; or set EXPO_CHROMIUM)."
        if os.environ.get("EXPO_BROWSER_TESTS") == "required":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    migrated_data = {alias: getattr(connections[alias], SERIALIZED_DATA, None) for alias in connections}
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        # Playwright's synchronous API keeps an event loop running in the test's thread, so Django
        # would take the tests' own (synchronous) database calls for calls from async code.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        keep_migrated_data_for_new_connections(migrated_data)
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _site_address_is_the_live_server(settings, live_server) -> None:
    """Links in e-mails start with the site's configured address: here, the live test server's."""
    settings.WAGTAILADMIN_BASE_URL = live_server.url


@pytest.fixture
def open_page(request: pytest.FixtureRequest, browser: Browser, live_server) -> Iterator[Callable[..., Page]]:
    """Opens a page in a new browser context (its own cookies: one person each), in `language`."""
    contexts: list[BrowserContext] = []
    request.node.stash[OPEN_PAGES] = []

    def opener(language: str = "vi", *, phone: bool = False) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale={"vi": "vi-VN", "en": "en-GB"}[language],
            viewport=PHONE_VIEWPORT if phone else DESKTOP_VIEWPORT,
            is_mobile=phone,
            has_touch=phone,
        )
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        request.node.stash[OPEN_PAGES].append(page)
        return page

    yield opener
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call" and report.failed:
        for number, page in enumerate(item.stash.get(OPEN_PAGES, []), start=1):
            saved = save_page(page, f"{safe_name(item.nodeid)}-{number}")
            report.sections.append((f"browser page {number}", saved))
    return report


def safe_name(node_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", node_id.split("::", 1)[-1])[:150]


def save_page(page: Page, name: str) -> str:
    """Saves a screenshot and the HTML of `page`; returns a line naming them for the failure report."""
    if page.is_closed():
        return "page already closed: nothing saved"
    folder = artifacts_dir()
    folder.mkdir(parents=True, exist_ok=True)
    screenshot, html = folder / f"{name}.png", folder / f"{name}.html"
    try:
        page.screenshot(path=screenshot, full_page=True)
        html.write_text(page.content(), encoding="utf-8")
    except Exception as error:  # a report must come out whatever state the page is in
        return f"{page.url}: could not save ({error})"
    return f"{page.url}\n  screenshot: {screenshot}\n  HTML: {html}"


@pytest.fixture
def published_site():
    """Both language trees; initiatives in two provinces and both halls, two of them on "một cửa lưu động"."""
    tree = build_site_tree()
    add_english_tree(tree)
    make_initiative(
        tree.expo,
        "Một cửa lưu động Hòa Vang",
        province="48",
        images=2,
        problem="<p>Người cao tuổi ở thôn xa phải đi lại nhiều lần.</p>",
        solution="<p>Cán bộ mang máy tính bảng đến thôn để tiếp nhận hồ sơ.</p>",
        video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    )
    make_initiative(tree.expo, "Cổng phản ánh hiện trường Hà Nội", province="01")
    make_initiative(tree.expo, "Sổ tay số Ba Đình", province="01")
    make_initiative(tree.community, "Một cửa lưu động Ba Vì", province="01")
    make_initiative(tree.community, "Chợ nông sản Đà Nẵng", province="48")
    return tree


@pytest.fixture
def problem_bank(published_site):
    """A bank in each language, a problem in each with a confirmed link, another locality's mark and a
    published replication of the linked initiative; the problems' owner is an agency."""
    owner = make_agency("ubnd-hoa-vang@example.org", full_name="UBND Hòa Vang", province="48")
    initiative = InitiativePage.objects.get(slug="mot-cua-luu-dong-hoa-vang", alias_of=None)
    problems = {}
    for language, slug in BANK_SLUGS.items():
        home = HomePage.objects.get(locale__language_code=language)
        bank = add_problem_bank(home, title=BANK_TITLES[language], slug=slug)
        bank.save_revision().publish()
        problems[language] = make_problem(
            bank,
            PROBLEM_TITLES[language],
            province="da-nang",
            owner=owner,
            affected_count=9000,
            constraints="—",
        )
        ProblemLink.objects.create(
            problem=problems[language],
            initiative=initiative,
            kind="piloted",
            state=ProblemLink.State.CONFIRMED,
        )
    other = make_agency("ubnd-ha-noi@example.org")
    SharedProblem.objects.create(
        problem=problems["vi"],
        province=Province2025.objects.get(code="ha-noi"),
        organisation="UBND",
        account=other,
    )
    Replication.objects.create(
        initiative=initiative,
        province=Province2025.objects.get(code="ha-noi"),
        organisation="UBND phường Hoàn Kiếm",
        year=2025,
        adapted="Thêm lịch đến thôn vào cuối tuần.",
        state=Replication.State.PUBLISHED,
        created_by=other,
    )
    return {"owner": owner, "other": other, "problems": problems, "initiative": initiative}
