"""Layout facts of the pages people use most, at 360×780 and 1280 pixels in both languages: nothing wider
than the screen; on a phone the first result of a hall and of a search within the first screen and every
target a finger's size (44 pixels); no text whose stacked diacritics ("Ỷ Ặ Ẫ Ữ", in its own font and line
height, measured with the canvas) would be clipped or collide with the line above.

Every page is saved as a screenshot in test-artifacts/screenshots/ (or $EXPO_SCREENSHOTS), which CI keeps.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Page
from wagtail.users.models import UserProfile

from jury.models import Assignment
from jury.tests.builders import make_evaluation, make_juror
from submissions.models import Submission
from tests.builders import make_call, make_initiative, make_screener, make_user, submit_initiative, verified

from .actions import BANK_SLUGS, EXPO_HALL_PATHS, SEARCH_PATHS, admin_log_in, log_in

PHONE_SCREEN = {"width": 360, "height": 780}
TOUCH_TARGET_PX = 44
STACKED_CAPITALS = "Ỷ Ặ Ẫ Ữ"
DESCENDERS = "gặp ỵ"  # the ink below the line that the marks of the next line could meet
MEASURE = (Path(__file__).parent / "layout.js").read_text(encoding="utf-8")
FIRST_RESULTS = ".card-grid > li, .search-results > li, .problem-list > li"


def screenshots_dir() -> Path:
    return Path(os.environ.get("EXPO_SCREENSHOTS") or settings.BASE_DIR / "test-artifacts" / "screenshots")


class Layout:
    """Measures pages one after another in one browser page, saves each as a screenshot and collects
    what it finds, page by page."""

    def __init__(self, page: Page, *, language: str, phone: bool):
        self.page, self.language, self.phone = page, language, phone
        if phone:
            page.set_viewport_size(PHONE_SCREEN)
        self.problems: dict[str, list[str]] = {}

    def visit(self, pages: dict[str, str], *, results_first: tuple[str, ...] = ()) -> None:
        for name, path in pages.items():
            response = self.page.goto(path)
            assert response.ok, f"{name}: {path} answered {response.status}"
            self.check(name, results_first=name in results_first)

    def check(self, name: str, *, results_first: bool = False) -> None:
        self.page.wait_for_load_state("networkidle")
        found = self.page.evaluate(
            MEASURE,
            {
                "phone": self.phone,
                "minTarget": TOUCH_TARGET_PX,
                "stackedCapitals": STACKED_CAPITALS,
                "descenders": DESCENDERS,
            },
        )
        lines = [f"wider than the screen: {element}" for element in found["tooWide"]]
        lines += [f"target under {TOUCH_TARGET_PX} px: {element}" for element in found["smallTargets"]]
        lines += [f"diacritics: {element}" for element in found["clipped"]]
        if results_first and self.phone:
            lines += self.first_result_below_the_first_screen()
        if lines:
            self.problems[f"{name} ({self.page.url})"] = lines
        self.save_screenshot(name)

    def first_result_below_the_first_screen(self) -> list[str]:
        """The title of the first result must show before any scrolling."""
        first = self.page.locator(FIRST_RESULTS).first
        if first.count() == 0:
            return ["no result to see"]
        title = first.get_by_role("link").first.bounding_box()
        if title["y"] + title["height"] > PHONE_SCREEN["height"]:
            return [f"the first result's title ends {title['y'] + title['height']:.0f} px down the page"]
        return []

    def save_screenshot(self, name: str) -> None:
        folder = screenshots_dir()
        folder.mkdir(parents=True, exist_ok=True)
        width = self.page.viewport_size["width"]
        self.page.screenshot(
            path=folder / f"{name.replace(' ', '-')}-{self.language}-{width}.png", full_page=True
        )

    def report(self) -> str:
        return "\n".join(f"{where}:\n  " + "\n  ".join(found) for where, found in self.problems.items())


PHONE_OR_DESKTOP = pytest.mark.parametrize("phone", [False, True], ids=["1280", "360"])
LANGUAGES = pytest.mark.parametrize("language", ["vi", "en"])


@LANGUAGES
@PHONE_OR_DESKTOP
def test_the_public_and_the_submitters_pages(open_page, problem_bank, language, phone):
    submitter = verified(make_user("nguoi-nop@example.org", full_name="Người Nộp"))
    draft = Submission.objects.create(
        owner=submitter, data={"title": "Ỷ lại Ặc Ẫn Ữa: sổ tay số", "language": "vi"}
    )
    layout = Layout(open_page(language, phone=phone), language=language, phone=phone)

    layout.visit(
        {
            "home": f"/{language}/",
            "hall": EXPO_HALL_PATHS[language],
            "initiative": f"{EXPO_HALL_PATHS[language]}mot-cua-luu-dong-hoa-vang/",
            "search": f"{SEARCH_PATHS[language]}?q=mot+cua",
            "problem bank": f"/{language}/{BANK_SLUGS[language]}/",
            "problem": problem_bank["problems"][language].url,
        },
        results_first=("hall", "search"),
    )
    log_in(layout.page, language, submitter.email)
    layout.visit(
        {
            "my initiatives": f"/{language}/my/initiatives/",
            "submission section": f"/{language}/my/initiatives/{draft.pk}/classification/",
            "submission files": f"/{language}/my/initiatives/{draft.pk}/media/",
            "submission review": f"/{language}/my/initiatives/{draft.pk}/review/",
        }
    )

    assert not layout.problems, layout.report()


@LANGUAGES
@PHONE_OR_DESKTOP
def test_the_screeners_and_the_jurors_admin_pages(open_page, published_site, language, phone):
    submission = submit_initiative(verified(make_user("tac-gia@example.org")), title="Ỷ Ặ Ẫ Ữ: một cửa số")
    screener = verified(make_screener("sang-loc@example.org"))
    call = make_call(published_site.calls)
    juror = verified(make_juror("giam-khao@example.org", full_name="Giám Khảo"))
    evaluation = make_evaluation(call, jurors=[juror])
    initiative = make_initiative(published_site.expo, "Hộp thư góp ý điện tử", call=call)
    assignment = Assignment.objects.create(evaluation=evaluation, juror=juror, initiative=initiative)
    for person in (screener, juror):
        UserProfile.objects.update_or_create(user=person, defaults={"preferred_language": language})

    screening = Layout(open_page(language, phone=phone), language=language, phone=phone)
    admin_log_in(screening.page, screener.email)
    screening.visit(
        {
            "admin queue": "/admin/screening/queue/",
            "admin decision": f"/admin/screening/{submission.page_id}/",
        }
    )
    scoring = Layout(open_page(language, phone=phone), language=language, phone=phone)
    admin_log_in(scoring.page, juror.email)
    scoring.visit(
        {
            "jury reviews": "/admin/evaluation/reviews/",
            "jury scoring": f"/admin/evaluation/reviews/{assignment.pk}/",
        }
    )

    assert not screening.problems, screening.report()
    assert not scoring.problems, scoring.report()


def test_the_layout_check_finds_what_it_looks_for(open_page):
    """The measures above can fail: a page made of the faults they look for."""
    layout = Layout(open_page("vi", phone=True), language="vi", phone=True)
    layout.page.set_content(
        """<meta name="viewport" content="width=device-width, initial-scale=1">
        <main>
            <div style="width: 500px">Bảng rộng hơn màn hình</div>
            <button style="height: 30px">Gửi</button>
            <p>Đọc <a href="#">chính sách</a> trước khi gửi.</p>
            <h2 style="line-height: 1; width: 120px">Ỷ lại Ặc Ẫn Ữa Ỷ lại Ặc Ẫn Ữa</h2>
            <p style="overflow: hidden; line-height: 0.9">Ữa cắt</p>
        </main>"""
    )

    found = layout.page.evaluate(
        MEASURE,
        {"phone": True, "minTarget": 44, "stackedCapitals": STACKED_CAPITALS, "descenders": DESCENDERS},
    )

    assert found["tooWide"] == ["div “Bảng rộng hơn màn hình”"]
    assert [target.split(" ", 1)[0] for target in found["smallTargets"]] == [
        "button"
    ]  # not the link in a sentence
    clipped = "\n".join(found["clipped"])
    assert "h2" in clipped and "lines collide" in clipped, clipped
    assert "marks above clipped" in clipped, clipped
