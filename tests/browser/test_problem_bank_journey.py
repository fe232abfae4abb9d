"""The problem bank from end to end, in the browser: an agency posts a problem, a screener publishes it, a
submitter names it in an initiative's submission, the screener accepts the initiative and confirms the
link, and an agency of another province says it faces the problem too."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from initiatives.models import (
    AdministrativeLevel,
    Commune,
    Goal,
    InnovationType,
    ProposerType,
    Province2025,
    Stage,
)
from problems.models import LinkKind, ProblemLink, ProblemPage
from problems.taxonomy import Sector
from tests.builders import add_english_tree, build_site_tree, make_screener, make_user, verified
from tests.problem_builders import add_problem_bank, make_agency, translate

from .actions import (
    admin_log_in,
    dropdown,
    field,
    fill_in,
    gettext_in,
    header_nav,
    label_in,
    log_in,
    open_my_initiatives,
    option_in,
    press,
)

BANKS = {
    "vi": {"title": "Ngân hàng bài toán", "slug": "bai-toan"},
    "en": {"title": "Problem bank", "slug": "problems"},
}
# What the agency types, in the language it uses the site in: the text is written in that language.
PROBLEMS = {
    "vi": {
        "title": "Người cao tuổi ở thôn xa phải đi lại nhiều lần để làm thủ tục",
        "statement": "Mỗi bộ hồ sơ đất đai cần ba lần đến trụ sở xã, cách thôn hai mươi cây số.",
        "affected": "Người cao tuổi và người khuyết tật ở các thôn miền núi.",
        "context": "Năm 2024 xã tiếp nhận 4.200 bộ hồ sơ, một phần ba từ các thôn xa.",
        "causes": "Hồ sơ giấy, thiếu điểm tiếp nhận gần dân.",
        "tried": "Một ngày tiếp dân lưu động mỗi tháng: chưa đủ.",
        "outcome_wanted": "Mỗi hồ sơ chỉ cần một lần đi lại.",
        "outcome_measure": "Số lần đi lại trung bình cho mỗi hồ sơ.",
        "constraints": "Sóng di động yếu ở hai thôn.",
        "expertise": "chuyển đổi số, cải cách thủ tục",
        "owner_body": "UBND xã Hòa Vang",
        "comment": "Bài toán rõ ràng, có số liệu: đăng tải.",
    },
    "en": {
        "title": "Elderly people in remote hamlets travel again and again for paperwork",
        "statement": "Every land file takes three trips to the commune office, twenty kilometres away.",
        "affected": "Elderly and disabled residents of the mountain hamlets.",
        "context": "In 2024 the commune received 4,200 files, a third of them from remote hamlets.",
        "causes": "Paper files and no intake point near the residents.",
        "tried": "A mobile reception day each month: not enough.",
        "outcome_wanted": "One trip per file at most.",
        "outcome_measure": "The average number of trips per file.",
        "constraints": "Weak mobile signal in two hamlets.",
        "expertise": "digital transformation, procedure reform",
        "owner_body": "People's Committee of Hoa Vang commune",
        "comment": "A clear problem, with figures: published.",
    },
}
INITIATIVES = {
    "vi": {
        "title": "Một cửa lưu động bằng máy tính bảng",
        "summary": "Cán bộ mang máy tính bảng đến thôn để tiếp nhận hồ sơ.",
        "problem": "Người dân thôn xa phải đi lại nhiều lần.",
        "solution": "Một điểm tiếp nhận lưu động kết nối với bộ phận một cửa.",
    },
    "en": {
        "title": "A mobile one-stop shop on a tablet",
        "summary": "Officers take a tablet to the hamlets to receive the files.",
        "problem": "Residents of remote hamlets travel again and again.",
        "solution": "A mobile intake point connected to the one-stop shop.",
    },
}
CONTACT_EMAIL = "dau-moi-bai-toan@example.org"


def ngettext_in(language: str, singular: str, plural: str, count: int) -> str:
    with translation.override(language):
        return translation.ngettext(singular, plural, count) % {"counter": count}


def bank_path(language: str) -> str:
    return f"/{language}/{BANKS[language]['slug']}/"


def save_and_continue_to(page: Page, language: str, next_heading: str) -> None:
    t = gettext_in(language)
    press(page, t("Save and continue"))
    expect(page.get_by_role("heading", level=2)).to_have_text(t(next_heading))


def post_the_problem(page: Page, language: str) -> None:
    """Every section of the problem form, then the declaration."""
    t = gettext_in(language)
    text = PROBLEMS[language]
    header_nav(page, t("Your account")).get_by_role("link", name=t("My problems")).click()
    page.get_by_role("link", name=t("Post a problem"), exact=True).click()
    expect(page).to_have_url(re.compile(rf"/{language}/my/problems/new/$"))

    expect(page.get_by_role("heading", level=2)).to_have_text(t("The problem"))
    fill_in(
        page,
        {
            t("Title of the problem"): text["title"],
            t("The problem"): text["statement"],
            t("Who is affected"): text["affected"],
            t("Number of people affected"): "1400",
        },
    )
    save_and_continue_to(page, language, "Context and causes")
    fill_in(
        page,
        {
            t("Context and baseline figures"): text["context"],
            t("Causes"): text["causes"],
            t("What has been tried"): text["tried"],
        },
    )
    save_and_continue_to(page, language, "Outcome and constraints")
    fill_in(
        page,
        {
            t("The outcome wanted"): text["outcome_wanted"],
            t("How the outcome would be measured"): text["outcome_measure"],
            t("Time available (months)"): "6",
            t("Other constraints"): text["constraints"],
            t("Expertise sought"): text["expertise"],
        },
    )
    dropdown(page, t("Budget available")).select_option(label=t("100 to 500 million VND"))
    save_and_continue_to(page, language, "Where and who")
    # The draft was begun in the language the agency uses the site in, and is written in it.
    language_name = t({"vi": "Vietnamese", "en": "English"}[language])
    expect(option_in(page, t("Language of the text"), language_name)).to_be_checked()
    for goal in Goal.objects.filter(code__in=["egov", "feedback"]):
        option_in(page, t("Goals"), label_in(goal, language)).check()
    dropdown(page, t("Sector")).select_option(
        label=label_in(Sector.objects.get(code="administrative-procedures"), language)
    )
    dropdown(page, t("Province or city (since July 2025)")).select_option(
        label=label_in(Province2025.objects.get(code="da-nang"), language)
    )
    commune = label_in(Commune.objects.get(name_vi="Xã Hòa Vang"), language)
    field(page, t("Commune or ward")).fill("hoa va")
    expect(page.locator("datalist option")).to_have_count(1)
    field(page, t("Commune or ward")).fill(commune)
    field(page, t("Body that owns the problem")).fill(text["owner_body"])
    field(page, t("Open for solutions until")).fill(
        (datetime.date.today() + datetime.timedelta(days=180)).isoformat()
    )
    save_and_continue_to(page, language, "Contact")
    fill_in(
        page,
        {t("Contact person"): "Lê Văn Đầu Mối", t("Phone"): "0905 111 222", t("E-mail"): CONTACT_EMAIL},
    )
    save_and_continue_to(page, language, "Review and send")

    expect(page.get_by_role("main")).to_contain_text(text["statement"])
    expect(page.get_by_role("main")).to_contain_text(commune)
    expect(page.get_by_role("alert")).to_have_count(0)
    page.get_by_role("checkbox").check()
    press(page, t("Send to the screeners"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My problems"))
    entry = page.locator(".submission-list__item", has_text=text["title"])
    expect(entry.locator(".badge").first).to_have_text(t("In screening"))


def submit_the_initiative_naming_the_problem(page: Page, language: str) -> None:
    """The submission form's required sections, with the open problem named in its classification."""
    t = gettext_in(language)
    text = INITIATIVES[language]
    problem = PROBLEMS[language]["title"]
    open_my_initiatives(page, language)
    page.get_by_role("link", name=t("Submit a new initiative")).click()

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Basics"))
    field(page, t("Title of the initiative")).fill(text["title"])
    language_name = t({"vi": "Vietnamese", "en": "English"}[language])
    option_in(page, t("Language of the text"), language_name).check()
    field(page, t("Summary")).fill(text["summary"])
    save_and_continue_to(page, language, "Classification")

    option_in(page, t("Goals"), label_in(Goal.objects.get(code="egov"), language)).check()
    option_in(
        page, t("Type of innovation"), label_in(InnovationType.objects.get(code="service"), language)
    ).check()
    option_in(page, t("Stage"), label_in(Stage.objects.get(code="pilot"), language)).check()
    da_nang = label_in(Province2025.objects.get(code="da-nang"), language)
    dropdown(page, t("Province or city")).select_option(label=da_nang)
    option_in(page, t("Administrative level"), label_in(AdministrativeLevel.COMMUNE, language)).check()
    option_in(page, t("Proposed by"), label_in(ProposerType.objects.get(code="agency"), language)).check()
    field(page, t("Organisation")).fill("UBND xã Hòa Vang")
    # The problem bank's own fields, added to this section of the submission form.
    option_in(
        page, t("Problems of the problem bank this initiative answers"), f"{problem} ({da_nang})"
    ).check()
    option_in(page, t("How the initiative relates to the problem"), t("Piloted for")).check()
    save_and_continue_to(page, language, "Content")

    fill_in(page, {t("The problem"): text["problem"], t("The solution"): text["solution"]})
    # Without an endorsement the initiative can go to the Community Hall only, which is where it goes.
    save_and_continue_to(page, language, "Endorsement")
    save_and_continue_to(page, language, "Images, video and documents")
    save_and_continue_to(page, language, "Contact and co-authors")
    fill_in(page, {t("Contact person"): "Trần Văn Liên Hệ", t("E-mail"): "lien-he@example.org"})
    save_and_continue_to(page, language, "Review and submit")

    page.get_by_role("checkbox").check()
    press(page, t("Submit for screening"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My initiatives"))
    entry = page.locator(".submission-list__item", has_text=text["title"])
    expect(entry.locator(".badge")).to_have_text(t("In screening"))


@pytest.mark.parametrize(("language", "phone"), [("vi", True), ("en", False)], ids=["vi-phone", "en-desktop"])
def test_post_publish_answer_with_an_initiative_and_face_the_problem_too(open_page, language, phone):
    tree = build_site_tree()
    english_home = add_english_tree(tree).home
    bank = add_problem_bank(tree.home, **BANKS["vi"])
    bank.save_revision().publish()
    # The English bank is the Vietnamese one's translation, as on the site: published problems appear in both.
    translate(bank, english_home.locale, **BANKS["en"])
    author = make_agency(
        "ubnd-hoa-vang@example.org",
        full_name="UBND xã Hòa Vang",
        province="48",
        preferred_language=language,
    )
    screener = verified(make_screener("sang-loc@example.org", full_name="Người Sàng Lọc"))
    UserProfile.objects.update_or_create(user=screener, defaults={"preferred_language": language})
    submitter = verified(
        make_user("nguoi-de-xuat@example.org", full_name="Người Đề Xuất", preferred_language=language)
    )
    other_agency = make_agency("ubnd-ha-noi@example.org", full_name="UBND phường Hoàn Kiếm", province="01")
    t = gettext_in(language)
    problem_title = PROBLEMS[language]["title"]
    initiative_title = INITIATIVES[language]["title"]

    # 1. The agency posts the problem through every section of the form.
    author_page = open_page(language, phone=phone)
    log_in(author_page, language, author.email)
    post_the_problem(author_page, language)

    # 2. A screener publishes it from the queue of problems to screen.
    screener_page = open_page(language, phone=phone)
    admin_log_in(screener_page, screener.email)
    screener_page.get_by_role("link", name=t("Open the problems to screen"), exact=True).click()
    expect(screener_page.get_by_role("heading", level=1)).to_contain_text(t("Problems to screen"))
    screener_page.get_by_role("link", name=problem_title).click()
    expect(screener_page.get_by_role("heading", level=1)).to_contain_text(problem_title)
    # The screeners, and only they, see the contact.
    expect(screener_page.get_by_role("main")).to_contain_text(CONTACT_EMAIL)
    publish = screener_page.get_by_role("region", name=t("Publish"))
    field(publish, t("Comment to the author")).fill(PROBLEMS[language]["comment"])
    press(publish, t("Publish"))
    expect(screener_page.locator(".messages")).to_contain_text(problem_title)

    problem = ProblemPage.objects.get(title=problem_title, alias_of=None)
    assert problem.live and problem.locale.language_code == language
    published_mail = [
        message
        for message in mail.outbox
        if message.to == [author.email]
        and message.subject == t("Your problem “%(title)s” is published") % {"title": problem_title}
    ]
    assert len(published_mail) == 1, [message.subject for message in mail.outbox]
    assert PROBLEMS[language]["comment"] in published_mail[0].body
    assert problem.url in published_mail[0].body

    # The other language's bank lists it too, in the language it was written in, until it is translated.
    other_language = "en" if language == "vi" else "vi"
    author_page.goto(bank_path(other_language))
    expect(author_page.get_by_role("link", name=problem_title)).to_be_visible()
    author_page.goto(bank_path(language))
    author_page.get_by_role("link", name=problem_title).click()
    expect(author_page.get_by_role("heading", level=1)).to_have_text(problem_title)
    expect(author_page.get_by_role("main")).to_contain_text(PROBLEMS[language]["statement"])
    expect(author_page.get_by_role("main")).not_to_contain_text(CONTACT_EMAIL)
    linked = author_page.get_by_role("region", name=t("Initiatives that answer it"))
    expect(linked).to_contain_text(t("No initiative has been linked to this problem yet."))

    # 3. A submitter names the problem in an initiative's submission; once the initiative is in a hall,
    # the screener confirms the link and the problem's page lists the initiative.
    submitter_page = open_page(language, phone=phone)
    log_in(submitter_page, language, submitter.email)
    submit_the_initiative_naming_the_problem(submitter_page, language)
    link = ProblemLink.objects.get(problem=problem)
    assert link.state == ProblemLink.State.PENDING and link.kind == LinkKind.PILOTED

    screener_page.goto("/admin/")
    screener_page.get_by_role("link", name=t("Open the queue"), exact=True).click()
    screener_page.get_by_role("link", name=initiative_title).click()
    expect(screener_page.get_by_role("heading", level=1)).to_contain_text(initiative_title)
    named = screener_page.get_by_role("region", name=t("Problems of the problem bank"))
    expect(named).to_contain_text(problem_title)
    accept = screener_page.get_by_role("region", name=t("Accept into a hall"))
    field(accept, t("Community Hall")).check()
    field(accept, t("Comment to the authors")).fill("Đưa vào Gian Cộng đồng.")
    press(accept, t("Accept into a hall"))
    expect(screener_page.locator(".messages")).to_contain_text(initiative_title)

    screener_page.goto("/admin/problem-links/")
    row = screener_page.get_by_role("row").filter(has_text=initiative_title)
    expect(row).to_contain_text(t("Waiting for a screener"))
    row.get_by_role("button", name=t("Confirm")).click()
    expect(screener_page.locator(".messages")).to_contain_text(initiative_title)
    expect(row).to_contain_text(t("Confirmed"))
    announced = [
        message
        for message in mail.outbox
        if message.to == [author.email] and initiative_title in message.subject
    ]
    assert len(announced) == 1, [message.subject for message in mail.outbox]

    author_page.reload()
    expect(linked.get_by_role("heading", level=3)).to_have_text(t("Piloted for"))
    linked.get_by_role("link", name=initiative_title).click()
    expect(author_page.get_by_role("heading", level=1)).to_have_text(initiative_title)

    # 4. An agency of another province says it faces the problem too.
    other_page = open_page(language, phone=phone)
    log_in(other_page, language, other_agency.email)
    other_page.goto(bank_path(language))
    other_page.get_by_role("link", name=problem_title).click()
    localities = other_page.get_by_role("region", name=t("Localities facing it too"))
    expect(localities).to_contain_text(t("No other locality has said it faces this problem yet."))
    other_page.get_by_role("link", name=t("We face this too"), exact=True).click()
    expect(other_page.get_by_role("heading", level=1)).to_have_text(t("We face this too"))
    press(other_page.get_by_role("main"), t("We face this too"))
    expect(other_page.get_by_role("heading", level=1)).to_have_text(problem_title)
    expect(localities).to_contain_text(
        ngettext_in(
            language,
            "%(counter)s other locality faces this problem too:",
            "%(counter)s other localities face this problem too:",
            1,
        )
    )
    ha_noi = label_in(Province2025.objects.get(code="ha-noi"), language)
    expect(localities.get_by_role("listitem")).to_have_text([ha_noi])

    other_page.goto(bank_path(language))
    card = other_page.locator("article", has_text=problem_title)
    expect(card).to_contain_text(ngettext_in(language, "%(counter)s locality", "%(counter)s localities", 1))
