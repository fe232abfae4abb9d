"""A visitor browses: home, a hall, a province filter, an initiative, and it again in the other language."""

import pytest
from playwright.sync_api import expect

from accounts.tests.utils import translated
from tests.builders import add_english_tree, build_site_tree, make_initiative

DA_NANG = {"vi": "Đà Nẵng", "en": "Da Nang"}
HALL_TITLES = {"vi": "Gian Triển lãm số", "en": "Expo Hall"}
HALL_PATHS = {"vi": "/vi/gian-trien-lam-so/", "en": "/en/expo-hall/"}
OTHER_LANGUAGE = {"vi": "en", "en": "vi"}
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}


@pytest.fixture
def halls():
    tree = build_site_tree()
    add_english_tree(tree)
    make_initiative(tree.expo, "Một cửa lưu động Hòa Vang", province="48", images=2)
    make_initiative(tree.expo, "Cổng phản ánh Hà Nội", province="01")
    make_initiative(tree.expo, "Sổ tay số Ba Đình", province="01")
    make_initiative(tree.community, "Chợ nông sản Đà Nẵng", province="48")
    return tree


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_home_hall_province_filter_initiative_and_language_switch(open_page, halls, language, phone):
    page = open_page(language, phone=phone)
    page.goto(f"/{language}/")

    page.get_by_role("main").get_by_role("link", name=HALL_TITLES[language]).click()
    expect(page).to_have_url(HALL_PATHS[language])
    expect(page.locator(".result-count")).to_contain_text("3")

    filters = page.locator("#filters")
    da_nang = filters.get_by_role("group", name=translated("Province (before 2025)", language)).get_by_label(
        DA_NANG[language]
    )
    if not da_nang.is_visible():
        filters.locator("summary").click()
    da_nang.check()
    filters.get_by_role("button", name=translated("Apply", language)).click()
    expect(page).to_have_url(f"{HALL_PATHS[language]}?province=48")
    expect(page.locator(".result-count")).to_contain_text("1")
    cards = page.locator(".card-grid > li")
    expect(cards).to_have_count(1)

    cards.get_by_role("link", name="Một cửa lưu động Hòa Vang").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Một cửa lưu động Hòa Vang")
    initiative_url = page.url

    other = OTHER_LANGUAGE[language]
    page.get_by_role("navigation", name=translated("Language", language)).get_by_role(
        "link", name=LANGUAGE_NAMES[other]
    ).click()
    expect(page).not_to_have_url(initiative_url)
    expect(page).to_have_url(f"{HALL_PATHS[other]}mot-cua-luu-dong-hoa-vang/")
    expect(page.locator("html")).to_have_attribute("lang", other)
    expect(page.get_by_role("heading", level=1)).to_have_text("Một cửa lưu động Hòa Vang")
