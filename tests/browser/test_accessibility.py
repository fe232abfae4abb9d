"""axe-core on the pages people use most, in both languages, on a desktop and at 360 pixels wide.

No serious or critical violation is allowed; on a phone no page may scroll sideways either, nor cut off
what is wider than the screen (the admin hides it instead of scrolling).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from submissions.models import Submission
from tests.builders import build_site_tree, make_screener, make_user, submit_initiative, verified

from .actions import EXPO_HALL_PATHS, SEARCH_PATHS, admin_log_in, gettext_in, log_in

BLOCKING_IMPACTS = {"serious", "critical"}


class Audit:
    """Checks pages one after another in one browser page and collects what it finds, page by page."""

    def __init__(self, page: Page, *, phone: bool):
        self.page, self.phone = page, phone
        self.problems: dict[str, list[str]] = {}

    def visit(self, pages: dict[str, str]) -> None:
        for name, path in pages.items():
            response = self.page.goto(path)
            assert response.ok, f"{name}: {path} answered {response.status}"
            self.check(name)

    def check(self, name: str) -> None:
        """Checks the page once its scripts are done with it (the admin's build parts of the page)."""
        self.page.wait_for_load_state("networkidle")
        found = self.blocking_violations()
        if self.phone and (overflow := self.sideways_overflow()) > 0:
            found.append(f"wider than the screen by {overflow} px")
        if found:
            self.problems[f"{name} ({self.page.url})"] = found

    def blocking_violations(self) -> list[str]:
        """The serious and critical axe violations, one line per element."""
        response = Axe().run(self.page).response
        return [
            f"{violation['id']} ({violation['impact']}): {violation['help']} at {node['target']}: "
            f"{node['html'][:300]}"
            for violation in response["violations"]
            if violation["impact"] in BLOCKING_IMPACTS
            for node in violation["nodes"]
        ]

    def sideways_overflow(self) -> int:
        """How many pixels the page is wider than the screen (a phone widens its viewport to the content),
        or its main content wider than its box: the admin's hides what sticks out instead of scrolling."""
        return self.page.evaluate(
            """() => {
                const root = document.documentElement, main = document.querySelector("main");
                return Math.max(
                    root.scrollWidth - root.clientWidth, main ? main.scrollWidth - main.clientWidth : 0
                );
            }"""
        )

    def report(self) -> str:
        return "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in self.problems.items())


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_public_and_submitter_pages(open_page, published_site, language, phone):
    submitter = verified(make_user("nguoi-nop@example.org", full_name="Người Nộp"))
    draft = Submission.objects.create(owner=submitter, data={"title": "Bản nháp sổ tay số", "language": "vi"})
    audit = Audit(open_page(language, phone=phone), phone=phone)

    audit.visit(
        {
            "home": f"/{language}/",
            "hall": EXPO_HALL_PATHS[language],
            "initiative": f"{EXPO_HALL_PATHS[language]}mot-cua-luu-dong-hoa-vang/",
            "search": f"{SEARCH_PATHS[language]}?q=mot+cua&province=01",
            "search without results": f"{SEARCH_PATHS[language]}?q=khong+co+gi+ca",
            "sign-up": f"/{language}/accounts/signup/",
        }
    )
    t = gettext_in(language)
    audit.page.get_by_role("button", name=t("Create the account")).click()
    expect(audit.page.get_by_role("alert")).to_be_visible()
    audit.check("sign-up with errors")

    log_in(audit.page, language, submitter.email)
    audit.visit(
        {
            "dashboard": f"/{language}/my/initiatives/",
            "new submission": f"/{language}/my/initiatives/new/",
            "submission section": f"/{language}/my/initiatives/{draft.pk}/classification/",
            "submission review": f"/{language}/my/initiatives/{draft.pk}/review/",
            "submission as read": f"/{language}/my/initiatives/{draft.pk}/",
            "draft deletion": f"/{language}/my/initiatives/{draft.pk}/delete/",
            "profile": f"/{language}/accounts/profile/",
        }
    )
    audit.page.goto(f"/{language}/my/initiatives/{draft.pk}/contact/")
    audit.page.locator("[name=contact_email]").fill("khong-phai-email")
    audit.page.get_by_role("button", name=t("Save draft")).click()
    expect(audit.page.get_by_role("alert")).to_be_visible()
    audit.check("submission section with errors")

    assert not audit.problems, audit.report()


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_screening_pages(open_page, language, phone):
    build_site_tree()
    submission = submit_initiative(verified(make_user("tac-gia@example.org")), title="Một cửa số")
    screener = verified(make_screener("sang-loc@example.org"))
    UserProfile.objects.update_or_create(user=screener, defaults={"preferred_language": language})
    audit = Audit(open_page(language, phone=phone), phone=phone)

    admin_log_in(audit.page, screener.email)
    audit.visit(
        {"queue": "/admin/screening/queue/", "decision page": f"/admin/screening/{submission.page_id}/"}
    )
    audit.page.goto("/admin/screening/queue/")
    title = audit.page.get_by_role("link", name="Một cửa số").bounding_box()
    viewport = audit.page.viewport_size["width"]
    # A title reads across the screen, not squeezed to a letter a line beside the other columns.
    assert title["width"] >= (viewport * 0.25 if phone else 60), title

    assert not audit.problems, audit.report()
