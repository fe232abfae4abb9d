"""A visitor browses: home, a hall, a province filter, an initiative, and it again in the other language."""

import pytest
from playwright.sync_api import expect

from initiatives.models import Province

from .actions import EXPO_HALL_PATHS, apply_filter, gettext_in, header_nav, label_in

HALL_TITLES = {"vi": "Gian Triển lãm số", "en": "Expo Hall"}
OTHER_LANGUAGE = {"vi": "en", "en": "vi"}
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_home_hall_province_filter_initiative_and_language_switch(open_page, published_site, language, phone):
    t = gettext_in(language)
    page = open_page(language, phone=phone)
    page.goto(f"/{language}/")

    page.get_by_role("main").get_by_role("link", name=HALL_TITLES[language]).click()
    expect(page).to_have_url(EXPO_HALL_PATHS[language])
    expect(page.locator(".result-count")).to_contain_text("3")

    da_nang = label_in(Province.objects.get(gso_code="48"), language)
    apply_filter(page, language, t("Province (before 2025)"), da_nang)
    expect(page).to_have_url(f"{EXPO_HALL_PATHS[language]}?province=48")
    expect(page.locator(".result-count")).to_contain_text("1")
    cards = page.locator(".card-grid > li")
    expect(cards).to_have_count(1)

    cards.get_by_role("link", name="Một cửa lưu động Hòa Vang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Một cửa lưu động Hòa Vang")

    other = OTHER_LANGUAGE[language]
    header_nav(page, t("Language")).get_by_role("link", name=LANGUAGE_NAMES[other]).click()
    expect(page).to_have_url(f"{EXPO_HALL_PATHS[other]}mot-cua-luu-dong-hoa-vang/")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("heading", level=1)).to_have_text("Một cửa lưu động Hòa Vang")
