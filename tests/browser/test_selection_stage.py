"""The whole selection stage in a browser: a juror scores an initiative on a 360-pixel phone, a chair reads
the ranking and publishes the shortlist, the author writes and submits the full proposal, a chair awards
the grant, and the call page and the initiative page show it to anyone. In Vietnamese on phones, and in
English on desktops (a call of the English tree).

The jurors', the chairs' and the author's pages pass axe and, on a phone, neither scroll sideways nor cut
off what is wider than the screen. The reviews nobody types in the browser go through the scoring page's
own service (`jury.reviews`), the e-mails through the live server's outbox (it runs in this process).
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.text import capfirst
from playwright.sync_api import Page, expect
from wagtail.users.models import UserProfile

from jury import reviews
from jury.links import proposal_url
from jury.models import Assignment, Evaluation, FullProposal, Grant, Review, Shortlist
from jury.tests.builders import make_evaluation, make_juror
from tests.builders import (
    add_english_tree,
    build_site_tree,
    make_call,
    make_initiative,
    make_user,
    pdf,
    verified,
)

from .actions import admin_log_in, field, gettext_in, log_in, open_my_initiatives, press
from .test_accessibility import Audit

AMOUNTS = {"vi": "28.000 USD", "en": "28,000 USD"}  # as each language groups thousands
SCORED_IN_THE_BROWSER = "Hộp thư góp ý điện tử"
OTHER_SHORTLISTED = ("Một cửa lưu động xã Hòa Phong", "Sổ tay số phường Bến Nghé")
LEFT_OUT = "Bảng tin thôn bằng loa"
# What the jurors give where nobody types it in the browser: the initiative left out comes last.
OTHER_SCORES = {
    ("juror", OTHER_SHORTLISTED[0]): (4, 4, 3, 3),
    ("juror", OTHER_SHORTLISTED[1]): (3, 3, 3, 3),
    ("juror", LEFT_OUT): (1, 2, 2, 1),
    ("chair", SCORED_IN_THE_BROWSER): (4, 4, 4, 4),
    ("chair", OTHER_SHORTLISTED[0]): (3, 4, 4, 3),
    ("chair", OTHER_SHORTLISTED[1]): (4, 3, 3, 3),
    ("chair", LEFT_OUT): (2, 1, 2, 2),
}
FOR_THE_AUTHORS = "Cần thêm số liệu về kết quả sau một năm."
JUROR_NAME = "Giám Khảo Phương"


def submit_review(evaluation: Evaluation, juror, initiative, values: tuple[int, ...]) -> Review:
    assignment = Assignment.objects.get(evaluation=evaluation, juror=juror, initiative=initiative)
    entries = {
        criterion.pk: reviews.Entry(value=value)
        for criterion, value in zip(evaluation.criteria.order_by("sort_order", "pk"), values, strict=True)
    }
    return reviews.submit(assignment, juror, entries, "Đã đọc kỹ hồ sơ.", FOR_THE_AUTHORS)


@pytest.mark.parametrize(("language", "phone"), [("vi", True), ("en", False)], ids=["vi-phone", "en-desktop"])
def test_a_juror_scores_the_shortlist_is_published_the_proposal_submitted_and_the_grant_shown(
    open_page, tmp_path, language, phone
):
    """The call and its initiatives are in the tree of `language`; the juror, the author and the visitor
    use a phone or a desktop as `phone` says, and so does the chair."""
    t = gettext_in(language)
    today = timezone.localdate()
    tree = build_site_tree()
    if language == "en":
        tree = add_english_tree(tree)
    call = make_call(tree.calls, grant_min=20_000, grant_max=40_000)
    author = verified(make_user("tac-gia@example.org", full_name="Tác Giả", preferred_language=language))
    other_author = verified(make_user("tac-gia-khac@example.org", preferred_language=language))
    juror = verified(make_juror("giam-khao@example.org", full_name=JUROR_NAME))
    chair = verified(make_juror("chu-tich@example.org", full_name="Chủ Tịch"))
    for member in (juror, chair):
        UserProfile.objects.update_or_create(user=member, defaults={"preferred_language": language})
    evaluation = make_evaluation(
        call, chairs=[chair], jurors=[juror], proposal_deadline=today + datetime.timedelta(days=30)
    )
    assert evaluation.shortlist_min == 1 + len(OTHER_SHORTLISTED)
    initiatives = {
        title: make_initiative(tree.expo, title, call=call, owner=author, organisation="UBND xã Hòa Phong")
        for title in (SCORED_IN_THE_BROWSER, *OTHER_SHORTLISTED)
    }
    initiatives[LEFT_OUT] = make_initiative(tree.expo, LEFT_OUT, call=call, owner=other_author)
    for initiative in initiatives.values():
        for member in (juror, chair):
            Assignment.objects.create(evaluation=evaluation, juror=member, initiative=initiative)
    for (who, title), values in OTHER_SCORES.items():
        submit_review(evaluation, {"juror": juror, "chair": chair}[who], initiatives[title], values)
    scored = initiatives[SCORED_IN_THE_BROWSER]

    # The juror (on a phone in Vietnamese): their list, the scoring page, one review submitted.
    juror_page = open_page(language, phone=phone)
    admin_log_in(juror_page, juror.email)
    juror_audit = Audit(juror_page, phone=phone)
    juror_audit.visit({"my reviews": "/admin/evaluation/reviews/"})
    expect(juror_page.locator("main")).to_contain_text(
        t("%(done)s of %(total)s done") % {"done": 3, "total": 4}
    )
    juror_page.get_by_role("link", name=SCORED_IN_THE_BROWSER).click()
    expect(juror_page.get_by_role("heading", level=1)).to_contain_text(SCORED_IN_THE_BROWSER)
    juror_audit.check("scoring page")
    with translation.override(language):
        labels = [criterion.label for criterion in evaluation.criteria.order_by("sort_order", "pk")]
    for label, value in zip(labels, ("5", "3", "4", "2"), strict=True):
        juror_page.get_by_role("group", name=label).get_by_label(value, exact=True).check()
    juror_page.get_by_label(t("Comment on “%(criterion)s”") % {"criterion": labels[0]}).fill(
        "Có nghị quyết, kinh phí và người phụ trách."
    )
    juror_page.get_by_label(t("Overall comment")).fill("Dễ nhân rộng ở các xã khác.")
    press(juror_page, t("Submit"))
    expect(juror_page.locator(".messages")).to_contain_text(t("Your review is submitted. Thank you."))
    expect(juror_page.locator("main")).to_contain_text(
        t("%(done)s of %(total)s done") % {"done": 4, "total": 4}
    )
    juror_audit.check("my reviews after submitting")
    assert Review.objects.get(assignment__juror=juror, assignment__initiative=scored).is_submitted
    assert not juror_audit.problems, juror_audit.report()

    # The chair (on a phone in Vietnamese): the ranking, then the shortlist of the minimum number, published.
    chair_page = open_page(language, phone=phone)
    admin_log_in(chair_page, chair.email)
    chair_audit = Audit(chair_page, phone=phone)
    chair_audit.visit({"ranking": f"/admin/evaluation/calls/{call.pk}/ranking/"})
    ranking = chair_page.get_by_role("main").get_by_role("table").first
    expect(ranking.get_by_role("row").nth(1)).to_contain_text(SCORED_IN_THE_BROWSER)
    expect(ranking.get_by_role("row").last).to_contain_text(LEFT_OUT)
    chair_page.get_by_role("main").get_by_role("link", name=t("Shortlist"), exact=True).click()
    chair_audit.check("shortlist")
    for title in (SCORED_IN_THE_BROWSER, *OTHER_SHORTLISTED):
        chair_page.get_by_label(title, exact=True).check()
    field(chair_page, t("Rationale")).fill("Ba sáng kiến có điểm cao nhất và dễ nhân rộng.")
    press(chair_page, t("Publish the shortlist"))
    expect(chair_page.locator(".messages")).to_contain_text(
        t("The shortlist is published; the authors are being e-mailed.")
    )
    chair_audit.check("shortlist published")
    shortlist = Shortlist.objects.get(evaluation=evaluation)
    assert shortlist.is_published and shortlist.published_by == chair
    assert [entry.initiative.title for entry in shortlist.entries.order_by("rank")] == [
        SCORED_IN_THE_BROWSER,
        *OTHER_SHORTLISTED,
    ]
    # The live server runs in this process: its e-mails land in the test's outbox.
    invitations = [message for message in mail.outbox if message.to == [author.email]]
    assert len(invitations) == 3
    assert any(proposal_url(scored.pk, language) in message.body for message in invitations)
    [regrets] = [message for message in mail.outbox if message.to == [other_author.email]]
    assert FOR_THE_AUTHORS in regrets.body and JUROR_NAME not in regrets.body

    # The author (on a phone in Vietnamese): "My initiatives", every section of the full proposal, submitted.
    letter = tmp_path / "thu-cam-ket.pdf"
    letter.write_bytes(pdf().read())
    author_page = open_page(language, phone=phone)
    author_audit = Audit(author_page, phone=phone)
    log_in(author_page, language, author.email)
    open_my_initiatives(author_page, language)
    entry = author_page.locator(".submission-list__item", has_text=SCORED_IN_THE_BROWSER)
    entry.get_by_role("link", name=t("Full proposal")).click()
    fill_the_full_proposal(author_page, author_audit, language, call, letter)
    expect(author_page.get_by_role("heading", level=2)).to_have_text(t("Your full proposal"))
    assert not author_audit.problems, author_audit.report()
    proposal = FullProposal.objects.get(evaluation=evaluation, initiative=scored)
    assert proposal.is_submitted and proposal.submitted_by == author
    assert (proposal.amount_requested, proposal.duration_months) == (30_000, 18)
    assert [row["month"] for row in proposal.milestones] == [3, 12]
    assert proposal.commitment_letter_name == "thu-cam-ket.pdf"

    # The chair awards the grant to the submitted proposal.
    chair_audit.visit({"grants": "/admin/evaluation/grants/"})
    row = chair_page.get_by_role("row").filter(has_text=SCORED_IN_THE_BROWSER)
    row.get_by_role("link", name=t("Award a grant")).click()
    chair_audit.check("award")
    expect(field(chair_page, capfirst(t("amount")))).to_have_value("30000")
    field(chair_page, capfirst(t("amount"))).fill("28000")
    expect(field(chair_page, t("duration (months)"))).to_have_value("18")
    field(chair_page, capfirst(t("starts on"))).fill((today + datetime.timedelta(days=60)).isoformat())
    press(chair_page, t("Award the grant"))
    expect(chair_page.locator(".messages")).to_contain_text(t("Grant awarded."))
    chair_audit.check("grant")
    chair_audit.visit({"grants after the award": "/admin/evaluation/grants/"})
    expect(chair_page.get_by_role("region", name=t("Grants awarded"))).to_contain_text(SCORED_IN_THE_BROWSER)
    assert not chair_audit.problems, chair_audit.report()
    grant = Grant.objects.get()
    assert (grant.initiative, grant.amount, grant.proposal) == (scored, 28_000, proposal)
    [award_message] = [message for message in mail.outbox if message.to == [author.email]][len(invitations) :]
    assert scored.title in award_message.body

    # Anyone: the call page lists the shortlist and the grant; the initiative's page shows its grant.
    visitor = open_page(language, phone=phone)
    visitor.goto(call.url)
    shortlisted = visitor.get_by_role("region", name=t("Shortlist"))
    for title in (SCORED_IN_THE_BROWSER, *OTHER_SHORTLISTED):
        expect(shortlisted.get_by_role("link", name=title)).to_be_visible()
    expect(shortlisted).not_to_contain_text(LEFT_OUT)
    grants = visitor.get_by_role("region", name=t("Grants awarded"))
    expect(grants.get_by_role("listitem")).to_have_count(1)
    expect(grants.get_by_role("listitem")).to_contain_text(SCORED_IN_THE_BROWSER)
    expect(grants.get_by_role("listitem")).to_contain_text(AMOUNTS[language])
    grants.get_by_role("link", name=SCORED_IN_THE_BROWSER).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(SCORED_IN_THE_BROWSER)
    badges = visitor.locator(".selection-badges")
    expect(badges).to_contain_text(t("Shortlisted — %(call)s") % {"call": call.title})
    expect(badges.locator(".grant")).to_contain_text(t("Grant of %(call)s:") % {"call": call.title})
    expect(badges.locator(".grant")).to_contain_text(AMOUNTS[language])


def fill_the_full_proposal(page: Page, audit: Audit, language: str, call, letter) -> None:
    """Every section of the full proposal, from the first, with a second milestone added; then submits."""
    t = gettext_in(language)
    heading = page.get_by_role("heading", level=2)

    expect(heading).to_have_text(t("Amount and duration"))
    audit.check("proposal: amount and duration")
    field(page, t("Amount requested (%(currency)s)") % {"currency": call.grant_currency}).fill("30000")
    field(page, t("Duration in months")).fill("18")
    press(page, t("Save and continue"))

    expect(heading).to_have_text(t("Work plan"))
    audit.check("proposal: work plan")
    first = page.get_by_role("group", name=t("Milestone %(number)s") % {"number": 1})
    field(first, t("Month")).fill("3")
    field(first, t("Deliverable")).fill("Phần mềm tiếp nhận góp ý chạy thử ở hai thôn")
    press(page, t("Save and add a milestone"))
    second = page.get_by_role("group", name=t("Milestone %(number)s") % {"number": 2})
    expect(field(first, t("Month"))).to_have_value("3")
    field(second, t("Month")).fill("12")
    field(second, t("Deliverable")).fill("Báo cáo đánh giá và hướng dẫn nhân rộng")
    press(page, t("Save and continue"))

    expect(heading).to_have_text(t("Team and local contribution"))
    field(page, t("Team")).fill("Tổ công tác của UBND xã, hai cán bộ công nghệ thông tin")
    field(page, t("The locality's own contribution")).fill("Phòng làm việc, máy tính và nhân lực")
    press(page, t("Save and continue"))

    expect(heading).to_have_text(t("Risks"))
    field(page, t("Risks and how you will handle them")).fill("Thiếu kinh phí duy trì: đưa vào ngân sách xã")
    press(page, t("Save and continue"))

    expect(heading).to_have_text(t("Letter of commitment"))
    field(page, t("Signed letter of commitment")).set_input_files(letter)
    press(page, t("Save and continue"))

    expect(heading).to_have_text(t("Review and submit"))
    audit.check("proposal: review")
    review = page.get_by_role("main")
    expect(review).to_contain_text("30000 USD")
    expect(review.get_by_role("link", name=letter.name)).to_be_visible()
    page.get_by_role("checkbox").check()
    press(page, t("Submit the full proposal"))
    expect(page.locator(".messages")).to_contain_text(
        t("Thank you: your full proposal has been submitted to the jury.")
    )
