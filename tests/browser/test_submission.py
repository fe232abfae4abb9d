"""A newcomer signs up, confirms the address, fills every section, makes a mistake, fixes it, and submits."""

import pytest
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from initiatives.models import (
    AdministrativeLevel,
    AuthorityKind,
    Commune,
    Goal,
    InnovationType,
    ProposerType,
    Province2025,
    Stage,
)
from submissions.models import Submission, SubmissionFile
from tests.builders import build_site_tree, pdf, png

from .actions import (
    Newcomer,
    confirm_email,
    dropdown,
    field,
    fill_in,
    for_upload,
    gettext_in,
    label_in,
    open_my_initiatives,
    option_in,
    press,
    sign_up,
)

TITLE = "Một cửa lưu động xã Hòa Phong"
SUMMARY = "Cán bộ mang máy tính bảng đến thôn để tiếp nhận hồ sơ."
TYPED_VIDEO_LINK = "youtube chấm com slash xem"
VIDEO_LINK = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    ("language", "phone"), [("vi", False), ("en", False), ("vi", True)], ids=["vi", "en", "vi-phone"]
)
def test_sign_up_confirm_fill_every_section_fix_a_mistake_and_submit(open_page, language, phone):
    build_site_tree()
    t = gettext_in(language)
    page = open_page(language, phone=phone)
    newcomer = Newcomer()

    sign_up(page, language, newcomer)
    confirm_email(page, language, newcomer.email)
    open_my_initiatives(page, language)
    page.get_by_role("link", name=t("Submit a new initiative")).click()

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Basics"))
    field(page, t("Title of the initiative")).fill(TITLE)
    expect(
        option_in(page, t("Language of the text"), t({"vi": "Vietnamese", "en": "English"}[language]))
    ).to_be_checked()
    option_in(page, t("Language of the text"), t("Vietnamese")).check()
    field(page, t("Summary")).fill(SUMMARY)
    press(page, t("Save and continue"))

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Classification"))
    for goal in Goal.objects.filter(code__in=["egov", "feedback"]):
        option_in(page, t("Goals"), label_in(goal, language)).check()
    option_in(
        page, t("Type of innovation"), label_in(InnovationType.objects.get(code="service"), language)
    ).check()
    option_in(page, t("Stage"), label_in(Stage.objects.get(code="pilot"), language)).check()
    dropdown(page, t("Province or city")).select_option(
        label=label_in(Province2025.objects.get(code="da-nang"), language)
    )
    # The commune's list fills from the communes of the province chosen as the name is typed.
    commune = label_in(Commune.objects.get(name_vi="Xã Hòa Vang"), language)
    field(page, t("Commune or ward")).fill("hoa va")
    expect(page.locator("datalist option")).to_have_count(1)
    expect(page.locator("datalist option").first).to_have_attribute("value", commune)
    field(page, t("Commune or ward")).fill(commune)
    option_in(page, t("Administrative level"), label_in(AdministrativeLevel.COMMUNE, language)).check()
    option_in(page, t("Proposed by"), label_in(ProposerType.objects.get(code="agency"), language)).check()
    field(page, t("Organisation")).fill("UBND xã Hòa Phong")
    press(page, t("Save and continue"))

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Content"))
    fill_in(
        page,
        {
            t("The problem"): "Người dân phải đi lại nhiều lần để nộp hồ sơ.",
            t("The solution"): "Một điểm tiếp nhận lưu động.\n\nKết nối với bộ phận một cửa.",
            t("Results and evidence"): "Giảm 60% số lần đi lại.",
            t("Who benefits"): "Người cao tuổi ở các thôn xa.",
            t("Can it be replicated elsewhere?"): "Các xã miền núi có thể áp dụng.",
        },
    )
    press(page, t("Save and continue"))

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Endorsement"))
    field(page, t("Endorsing authority")).fill("UBND huyện Hòa Vang")
    dropdown(page, t("Kind of authority")).select_option(label=label_in(AuthorityKind.GOVERNMENT, language))
    dropdown(page, t("Level of authority")).select_option(
        label=label_in(AdministrativeLevel.DISTRICT, language)
    )
    field(page, t("Scan of the registration form with stamp and signature")).set_input_files(
        for_upload(pdf("xac-nhan.pdf"))
    )
    press(page, t("Save and continue"))

    # The mistake: a video link that is not an address. The images sent with it are kept, and so is the text.
    expect(page.get_by_role("heading", level=2)).to_have_text(t("Images, video and documents"))
    field(page, t("Images")).set_input_files([for_upload(png("anh-1.png")), for_upload(png("anh-2.png"))])
    field(page, t("Video link")).fill(TYPED_VIDEO_LINK)
    press(page, t("Save and continue"))
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text(t("Please correct the errors below. Nothing you typed has been lost."))
    expect(summary.get_by_role("link", name=t("Video link"))).to_be_visible()
    expect(field(page, t("Video link"))).to_have_value(TYPED_VIDEO_LINK)
    uploaded = page.locator("ul.uploads")
    expect(uploaded.get_by_role("link", name="anh-1.png")).to_be_visible()
    expect(uploaded.get_by_role("link", name="anh-2.png")).to_be_visible()
    summary.get_by_role("link", name=t("Video link")).click()
    expect(field(page, t("Video link"))).to_be_focused()
    field(page, t("Video link")).fill(VIDEO_LINK)
    press(page, t("Save and continue"))

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Contact and co-authors"))
    fill_in(
        page,
        {
            t("Contact person"): "Trần Văn Liên Hệ",
            t("Phone"): "0905 123 456",
            t("E-mail"): "lien-he@example.org",
            t("Address"): "Thôn 1, xã Hòa Phong",
        },
    )
    press(page, t("Save and continue"))

    expect(page.get_by_role("heading", level=2)).to_have_text(t("Review and submit"))
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.get_by_role("main")).to_contain_text(SUMMARY)
    page.get_by_role("checkbox").check()
    press(page, t("Submit for screening"))

    expect(page.get_by_role("heading", level=1)).to_have_text(t("My initiatives"))
    entry = page.locator(".submission-list__item", has_text=TITLE)
    expect(entry.locator(".badge")).to_have_text(t("In screening"))

    submission = Submission.objects.get()
    assert submission.data["video_url"] == VIDEO_LINK
    assert (
        submission.data["province_2025"] == "da-nang"
        and submission.data["organisation"] == "UBND xã Hòa Phong"
    )
    assert submission.data["commune"] == Commune.objects.get(name_vi="Xã Hòa Vang").gso_code
    roles = sorted(submission.files.values_list("role", flat=True))
    assert roles == sorted(
        [SubmissionFile.Role.ENDORSEMENT, SubmissionFile.Role.IMAGE, SubmissionFile.Role.IMAGE]
    )
    assert submission.page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
