"""A screener asks for changes, the author edits and resubmits, the screener accepts it into the Expo Hall."""

import pytest
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from tests.builders import (
    add_english_tree,
    build_site_tree,
    make_screener,
    make_user,
    submit_initiative,
    verified,
)

from .actions import (
    EXPO_HALL_PATHS,
    admin_log_in,
    field,
    form_sections,
    gettext_in,
    log_in,
    open_my_initiatives,
    press,
)

TITLE = "Một cửa số xã Hòa Phong"
BETTER_SUMMARY = "Tiếp nhận hồ sơ trực tuyến và trả kết quả tại nhà cho người cao tuổi."


def open_decision_page(page: Page, language: str) -> None:
    t = gettext_in(language)
    page.goto("/admin/")
    page.get_by_role("link", name=t("Open the queue")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(t("Screening queue"))
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(TITLE)


def decision(page: Page, language: str, label: str):
    return page.get_by_role("region", name=gettext_in(language)(label))


@pytest.mark.parametrize(
    ("language", "phone"), [("vi", False), ("en", False), ("vi", True)], ids=["vi", "en", "vi-phone"]
)
def test_request_changes_resubmit_and_accept_into_the_expo_hall(open_page, language, phone):
    tree = build_site_tree()
    add_english_tree(tree)
    author = verified(make_user("tac-gia@example.org", full_name="Tác Giả", preferred_language=language))
    submit_initiative(author, title=TITLE)
    screener = verified(make_screener("sang-loc@example.org", full_name="Người Sàng Lọc"))
    UserProfile.objects.update_or_create(user=screener, defaults={"preferred_language": language})
    t = gettext_in(language)

    screener_page = open_page(language, phone=phone)
    admin_log_in(screener_page, screener.email)
    open_decision_page(screener_page, language)
    changes = decision(screener_page, language, "Request changes")
    field(changes, t("What should the authors change?")).fill(
        "Xin nêu rõ đối tượng được hưởng lợi trong phần tóm tắt."
    )
    press(changes, t("Request changes"))
    expect(screener_page.locator(".messages")).to_contain_text(TITLE)

    author_page = open_page(language, phone=phone)
    log_in(author_page, language, author.email)
    open_my_initiatives(author_page, language)
    entry = author_page.locator(".submission-list__item", has_text=TITLE)
    expect(entry.locator(".badge")).to_have_text(t("Changes requested"))
    expect(entry).to_contain_text("Xin nêu rõ đối tượng được hưởng lợi")
    entry.get_by_role("link", name=t("Edit"), exact=True).click()
    field(author_page, t("Summary")).fill(BETTER_SUMMARY)
    press(author_page, t("Save draft"))
    expect(author_page.get_by_role("status")).to_contain_text(t("Your draft is saved."))
    form_sections(author_page, language).get_by_role("link", name=t("Review and submit")).click()
    expect(author_page.get_by_role("main")).to_contain_text(BETTER_SUMMARY)
    author_page.get_by_role("checkbox").check()
    press(author_page, t("Submit for screening"))
    expect(entry.locator(".badge")).to_have_text(t("In screening"))

    open_decision_page(screener_page, language)
    expect(screener_page.get_by_role("main")).to_contain_text(BETTER_SUMMARY)
    accept = decision(screener_page, language, "Accept into a hall")
    field(accept, t("Expo Hall")).check()
    accept.get_by_role("checkbox").check()
    field(accept, t("Comment to the authors")).fill("Sáng kiến được đưa vào Gian Triển lãm số.")
    press(accept, t("Accept into a hall"))
    expect(screener_page.locator(".messages")).to_contain_text(TITLE)

    author_page.goto(EXPO_HALL_PATHS[language])
    author_page.get_by_role("link", name=TITLE).click()
    expect(author_page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(author_page.get_by_role("main")).to_contain_text(BETTER_SUMMARY)
    open_my_initiatives(author_page, language)
    expect(entry.locator(".badge")).to_have_text(t("Accepted into the Expo Hall"))
