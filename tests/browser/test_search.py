"""A visitor searches the solutions bank without diacritics, narrows by a facet, and opens the initiative."""

import pytest
from playwright.sync_api import expect

from initiatives.models import Province

from .actions import SEARCH_PATHS, apply_filter, gettext_in, label_in


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_search_without_diacritics_narrow_by_province_and_open(open_page, published_site, language, phone):
    t = gettext_in(language)
    page = open_page(language, phone=phone)
    page.goto(f"/{language}/")

    page.get_by_role("search").get_by_label(t("Search the solutions bank")).fill("mot cua luu dong")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{SEARCH_PATHS[language]}?q=mot+cua+luu+dong")
    results = page.locator(".search-results > li")
    expect(results).to_have_count(2)
    expect(results.first.locator("mark").first).to_have_text("Một cửa lưu động")

    hanoi = label_in(Province.objects.get(gso_code="01"), language)
    apply_filter(page, language, t("Province (before 2025)"), hanoi)
    expect(results).to_have_count(1)
    expect(
        page.get_by_role("main").get_by_role("search").get_by_label(t("Search the solutions bank"))
    ).to_have_value("mot cua luu dong")
    results.first.get_by_role("link", name="Một cửa lưu động Ba Vì").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Một cửa lưu động Ba Vì")


def test_titles_are_suggested_while_typing(open_page, published_site):
    page = open_page("vi")
    page.goto(SEARCH_PATHS["vi"])
    page.get_by_label(gettext_in("vi")("Search the solutions bank")).press_sequentially("so tay", delay=50)
    expect(page.locator("#search-suggestions option")).to_have_count(1)
    expect(page.locator("#search-suggestions option")).to_have_attribute("value", "Sổ tay số Ba Đình")
