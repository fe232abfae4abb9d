"""The statistics page in a browser: axe-core, a phone's width, both languages, and charts that are shown."""

import pytest
from playwright.sync_api import expect

from home.models import HomePage
from stats.models import StatisticsPage
from tests.problem_builders import add_problem_bank, make_problem

from .test_accessibility import Audit

PATHS = {"vi": "/vi/thong-ke/", "en": "/en/statistics/"}
HEADINGS = {"vi": "Sáng kiến theo tỉnh, thành phố", "en": "Initiatives by province"}


@pytest.fixture
def statistics_pages(published_site):
    homes = {language: HomePage.objects.get(locale__language_code=language) for language in PATHS}
    page = homes["vi"].add_child(instance=StatisticsPage(title="Thống kê", slug="thong-ke"))
    english = page.copy_for_translation(homes["en"].locale, copy_parents=True)
    english.title, english.slug = "Statistics", "statistics"
    english.save_revision().publish()
    make_problem(add_problem_bank(homes["vi"]), "Hồ sơ đất đai tồn đọng", province="da-nang")
    return page


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_statistics_page(open_page, statistics_pages, language, phone):
    audit = Audit(open_page(language, phone=phone), phone=phone)
    audit.visit({"statistics": PATHS[language]})
    page = audit.page
    expect(page.get_by_role("heading", name=HEADINGS[language])).to_be_visible()
    # Every chart is drawn, with a size, and its table sits beside or below it.
    charts = page.locator("svg.chart__svg")
    assert charts.count() >= 10
    for number in range(charts.count()):
        box = charts.nth(number).bounding_box()
        assert box and box["width"] > 100 and box["height"] > 10
    expect(page.get_by_role("table", name=HEADINGS[language])).to_be_attached()
    assert not audit.problems, audit.report()
