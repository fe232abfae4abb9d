"""The Content-Security-Policy in a real browser: nothing on the public pages, the submission form or the
admin is blocked (Chromium reports each blocked script, style, image or frame), and inline script is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from submissions.forms import SECTIONS
from submissions.models import Submission
from tests.builders import make_user, submit_initiative, verified

from .actions import EXPO_HALL_PATHS, SEARCH_PATHS, admin_log_in, gettext_in, log_in

# Runs in every document before its own scripts; Playwright's init scripts are not subject to the policy.
VIOLATION_LISTENER = """
window.blockedByPolicy = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.blockedByPolicy.push(`${event.effectiveDirective}: ${event.blockedURI || "inline"} (${where})`);
});
"""


class PolicyWatch:
    """Collects, page by page, what the browser blocked: the violation events and its console's reports."""

    def __init__(self, page: Page):
        self.page = page
        self.blocked: dict[str, list[str]] = {}
        self.console: list[str] = []
        page.add_init_script(VIOLATION_LISTENER)
        page.on("console", self.note_console)

    def note_console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self.console.append(message.text)

    def visit(self, pages: dict[str, str]) -> None:
        for name, path in pages.items():
            response = self.page.goto(path)
            assert response.ok, f"{name}: {path} answered {response.status}"
            self.check(name)

    def check(self, name: str) -> None:
        self.page.wait_for_load_state("networkidle")
        found = self.page.evaluate("window.blockedByPolicy") + self.console
        self.console = []
        if found:
            self.blocked[f"{name} ({self.page.url})"] = found

    def report(self) -> str:
        return "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in self.blocked.items())


@pytest.mark.parametrize("language", ["vi", "en"])
def test_nothing_is_blocked_on_the_public_pages_and_the_submission_form(open_page, published_site, language):
    t = gettext_in(language)
    submitter = verified(make_user("nguoi-nop@example.org", full_name="Người Nộp"))
    draft = Submission.objects.create(owner=submitter, data={"title": "Bản nháp sổ tay số", "language": "vi"})
    watch = PolicyWatch(open_page(language))

    watch.visit(
        {
            "home": f"/{language}/",
            "hall": EXPO_HALL_PATHS[language],
            "initiative with a video": f"{EXPO_HALL_PATHS[language]}mot-cua-luu-dong-hoa-vang/",
            "search": f"{SEARCH_PATHS[language]}?q=mot+cua",
            "sign-up": f"/{language}/accounts/signup/",
            "log-in": f"/{language}/accounts/login/",
        }
    )
    # The solutions bank's script: suggestions while typing, and sorting on change.
    watch.page.goto(SEARCH_PATHS[language])
    watch.page.get_by_label(t("Search the solutions bank")).press_sequentially("so tay", delay=50)
    expect(watch.page.locator("#search-suggestions option")).to_have_count(1)
    watch.check("search suggestions")

    log_in(watch.page, language, submitter.email)
    watch.visit(
        {
            "dashboard": f"/{language}/my/initiatives/",
            "new submission": f"/{language}/my/initiatives/new/",
            **{
                f"submission section {section.slug}": f"/{language}/my/initiatives/{draft.pk}/{section.slug}/"
                for section in SECTIONS
            },
            "submission review": f"/{language}/my/initiatives/{draft.pk}/review/",
            "profile": f"/{language}/accounts/profile/",
        }
    )

    assert not watch.blocked, watch.report()


def test_the_admin_works_under_its_own_policy(open_page, published_site):
    initiative = published_site.expo.get_children().live().first()
    submission = submit_initiative(verified(make_user("tac-gia@example.org")), title="Một cửa số")
    administrator = make_user("quan-tri@example.org", is_superuser=True, is_staff=True)
    watch = PolicyWatch(open_page("en"))

    admin_log_in(watch.page, administrator.email)
    watch.check("dashboard")
    watch.visit(
        {
            "explorer": f"/admin/pages/{published_site.expo.pk}/",
            "screening queue": "/admin/screening/queue/",
            "decision page": f"/admin/screening/{submission.page_id}/",
            "images": "/admin/images/",
            "editor": f"/admin/pages/{initiative.pk}/edit/",
        }
    )
    # The preview panel frames the page as the public sees it.
    watch.page.locator("button[data-side-panel-toggle='preview']").first.click()
    preview = watch.page.frame_locator("#w-preview-iframe")
    expect(preview.get_by_role("heading", level=1)).to_have_text(initiative.title)
    watch.check("editor with the preview")
    # Editors see Wagtail's user bar on the public pages, which keep their own policy.
    watch.visit({"initiative with the user bar": initiative.url})
    watch.page.locator("wagtail-userbar").get_by_role("button").first.click()
    watch.check("initiative with the user bar open")

    assert not watch.blocked, watch.report()


def test_the_browser_blocks_and_reports_inline_script(open_page, published_site):
    watch = PolicyWatch(open_page("vi"))
    watch.visit({"home": "/vi/"})
    watch.page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.inlineScriptRan = true;";
            document.body.append(script);
        }"""
    )
    watch.check("home with an injected script")

    assert watch.page.evaluate("window.inlineScriptRan") is None
    [(where, found)] = watch.blocked.items()
    assert any(report.startswith("script-src-elem: inline") for report in found), found
