"""The authors' side of the selection: the full proposal of a shortlisted initiative, and progress reports."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from wagtail.models import ModelLogEntry

from jury.models import Assignment, FullProposal, Grant, ProgressReport, Shortlist, ShortlistEntry
from submissions.models import Submission
from tests.builders import make_call, make_initiative, make_user, pdf, png, verified
from tests.languages import vi

from .builders import make_evaluation, make_juror

COMPLETE = {
    "budget": {"amount_requested": "30000", "duration_months": "18"},
    "work-plan": {
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-0-month": "3",
        "milestones-0-deliverable": "Phần mềm thử nghiệm",
        "milestones-1-month": "12",
        "milestones-1-deliverable": "Báo cáo đánh giá",
    },
    "team": {"team": "Tổ công tác của UBND xã", "local_contribution": "Nhân lực và phòng làm việc"},
    "risks": {"risks": "Thiếu kinh phí duy trì"},
}


@pytest.fixture
def selection(site_tree):
    author = verified(make_user("tac-gia@example.org"))
    co_author = verified(make_user("dong-tac-gia@example.org"))
    call = make_call(site_tree.calls, grant_min=20_000, grant_max=40_000)
    initiative = make_initiative(site_tree.expo, "Một cửa số", owner=author, call=call)
    initiative.co_authors.set([co_author])
    initiative.co_authors.commit()
    other = make_initiative(site_tree.expo, "Không vào danh sách", owner=author, call=call)
    chair = make_juror("chu-tich@example.org")
    juror = make_juror("giam-khao@example.org")
    evaluation = make_evaluation(
        call,
        chairs=[chair],
        jurors=[juror],
        proposal_deadline=timezone.localdate() + datetime.timedelta(days=10),
    )
    shortlist = Shortlist.objects.create(
        evaluation=evaluation, rationale="Tốt nhất", published_at=timezone.now()
    )
    ShortlistEntry.objects.create(shortlist=shortlist, initiative=initiative, rank=1)
    return {
        "author": author,
        "co_author": co_author,
        "stranger": verified(make_user("nguoi-la@example.org")),
        "chair": chair,
        "juror": juror,
        "call": call,
        "initiative": initiative,
        "other": other,
        "evaluation": evaluation,
        "shortlist": shortlist,
    }


def section_url(initiative, slug):
    return reverse("jury:proposal_section", args=[initiative.pk, slug])


def review_url(initiative):
    return reverse("jury:proposal_review", args=[initiative.pk])


@pytest.fixture
def author_client(client, selection):
    client.force_login(selection["author"])
    return client


def fill(client, initiative, letter=True):
    for slug, data in COMPLETE.items():
        response = client.post(section_url(initiative, slug), {**data, "save_continue": ""})
        assert response.status_code == 302, (slug, response.context and response.context["form"].errors)
    if letter:
        response = client.post(section_url(initiative, "letter"), {"commitment_letter": pdf("cam-ket.pdf")})
        assert response.status_code == 302


def the_proposal(selection) -> FullProposal:
    return FullProposal.objects.get(initiative=selection["initiative"])


# Access ----------------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, selection):
    response = client.get(section_url(selection["initiative"], "budget"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["stranger", "juror", "chair"])
def test_only_authors_reach_the_proposal(client, selection, who):
    client.force_login(selection[who])
    initiative = selection["initiative"]
    for url in (
        reverse("jury:proposal", args=[initiative.pk]),
        section_url(initiative, "budget"),
        review_url(initiative),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(section_url(initiative, "budget"), COMPLETE["budget"]).status_code == 404
    assert not FullProposal.objects.exists()


def test_authors_of_an_initiative_not_shortlisted_get_404(author_client, selection):
    assert author_client.get(section_url(selection["other"], "budget")).status_code == 404


def test_an_unpublished_shortlist_opens_no_proposal(author_client, selection):
    Shortlist.objects.update(published_at=None)
    assert author_client.get(section_url(selection["initiative"], "budget")).status_code == 404


def test_a_co_author_writes_the_proposal(client, selection):
    client.force_login(selection["co_author"])
    response = client.get(reverse("jury:proposal", args=[selection["initiative"].pk]))
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 200
    assert "20000" in response.content.decode() and "40000" in response.content.decode()


def test_an_unknown_section_is_404(author_client, selection):
    assert author_client.get(section_url(selection["initiative"], "khac")).status_code == 404


# Drafts and bad input --------------------------------------------------------------------------------


def test_a_draft_keeps_partial_data(author_client, selection):
    initiative = selection["initiative"]
    response = author_client.post(
        section_url(initiative, "budget"),
        {"amount_requested": "25000", "duration_months": "", "save_draft": ""},
    )
    assert response.status_code == 302 and response["Location"] == section_url(initiative, "budget")
    author_client.post(section_url(initiative, "risks"), {"risks": "Rủi ro"})
    proposal = the_proposal(selection)
    assert proposal.data == {"amount_requested": 25000, "duration_months": None, "risks": "Rủi ro"}
    assert not proposal.is_submitted and proposal.amount_requested is None
    response = author_client.get(section_url(initiative, "budget"))
    assert 'value="25000"' in response.content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"amount_requested": "9" * 40},
            "amount_requested",
            "Ask for a whole number of %(currency)s from %(min)s to %(max)s.",
        ),
        (
            {"amount_requested": "10000"},
            "amount_requested",
            "Ask for a whole number of %(currency)s from %(min)s to %(max)s.",
        ),
        (
            {"amount_requested": "45000"},
            "amount_requested",
            "Ask for a whole number of %(currency)s from %(min)s to %(max)s.",
        ),
        (
            {"amount_requested": "hai mươi nghìn"},
            "amount_requested",
            "Ask for a whole number of %(currency)s from %(min)s to %(max)s.",
        ),
        (
            {"amount_requested": "30000.5"},
            "amount_requested",
            "Ask for a whole number of %(currency)s from %(min)s to %(max)s.",
        ),
        ({"duration_months": "25"}, "duration_months", "Give a whole number of months from 1 to %(limit)s."),
        ({"duration_months": "0"}, "duration_months", "Give a whole number of months from 1 to %(limit)s."),
        (
            {"duration_months": "1" * 5000},
            "duration_months",
            "Give a whole number of months from 1 to %(limit)s.",
        ),
    ],
)
def test_bad_numbers_get_translated_errors_and_stay_in_the_form(
    author_client, selection, data, field, message
):
    initiative = selection["initiative"]
    typed = {"amount_requested": "30000", "duration_months": "12", **data}
    response = author_client.post(section_url(initiative, "budget"), typed)
    assert response.status_code == 200
    expected = vi(message) % {"currency": "USD", "min": 20000, "max": 40000, "limit": 24}
    assert response.context["form"].errors[field] == [expected]
    assert response.context["form"][field].value() == typed[field]
    assert "error-summary" in response.content.decode()
    assert FullProposal.objects.get().data == {}


def test_nul_bytes_are_removed_not_a_500(author_client, selection):
    initiative = selection["initiative"]
    response = author_client.post(
        section_url(initiative, "team"), {"team": "Tổ\x00 công tác", "local_contribution": "x"}
    )
    assert response.status_code == 302
    assert the_proposal(selection).data["team"] == "Tổ công tác"
    response = author_client.post(
        section_url(initiative, "budget"), {"amount_requested": "\x00", "duration_months": "12"}
    )
    assert response.status_code == 302
    assert the_proposal(selection).data["amount_requested"] is None


def test_wrong_types_in_a_list_field_are_refused(author_client, selection):
    response = author_client.post(
        section_url(selection["initiative"], "budget"),
        {"amount_requested": ["30000", "x"], "duration_months": "12"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["amount_requested"]


def test_a_milestone_after_the_end_of_the_grant_is_refused(author_client, selection):
    initiative = selection["initiative"]
    author_client.post(
        section_url(initiative, "budget"), {"amount_requested": "30000", "duration_months": "6"}
    )
    data = {**COMPLETE["work-plan"], "milestones-1-month": "12"}
    response = author_client.post(section_url(initiative, "work-plan"), data)
    assert response.status_code == 200
    [row_errors] = [form.errors for form in response.context["form"].formset.forms if form.errors]
    assert row_errors["month"] == [
        vi("Month %(month)s is after the end of the grant (%(duration)s months).")
        % {"month": 12, "duration": 6}
    ]
    assert "Báo cáo đánh giá" in response.content.decode()
    assert "milestones" not in the_proposal(selection).data


def test_half_filled_milestones_and_tampered_row_counts_get_errors(author_client, selection):
    initiative = selection["initiative"]
    response = author_client.post(
        section_url(initiative, "work-plan"),
        {"milestones-TOTAL_FORMS": "1", "milestones-INITIAL_FORMS": "0", "milestones-0-month": "2"},
    )
    assert response.context["form"].formset.forms[0].errors["deliverable"] == [
        vi("Say what will be delivered in that month.")
    ]
    response = author_client.post(
        section_url(initiative, "work-plan"),
        {"milestones-TOTAL_FORMS": "999999999", "milestones-INITIAL_FORMS": "0", "milestones-0-month": "x"},
    )
    assert response.status_code == 200
    response = author_client.post(section_url(initiative, "work-plan"), {"milestones-0-month": "1"})
    assert response.status_code == 200
    assert response.context["form"].formset.non_form_errors()


def test_milestones_are_added_and_removed(author_client, selection):
    initiative = selection["initiative"]
    data = {**COMPLETE["work-plan"], "add_row": ""}
    response = author_client.post(section_url(initiative, "work-plan"), data)
    assert response.status_code == 302 and "rows=1" in response["Location"]
    assert len(the_proposal(selection).data["milestones"]) == 2
    response = author_client.get(response["Location"])
    assert len(response.context["form"].formset.forms) == 3
    response = author_client.post(
        section_url(initiative, "work-plan"),
        {
            "milestones-TOTAL_FORMS": "3",
            "milestones-INITIAL_FORMS": "2",
            "milestones-0-month": "3",
            "milestones-0-deliverable": "Phần mềm thử nghiệm",
            "milestones-0-DELETE": "on",
            "milestones-1-month": "12",
            "milestones-1-deliverable": "Báo cáo đánh giá",
        },
    )
    assert response.status_code == 302
    assert the_proposal(selection).data["milestones"] == [{"month": 12, "deliverable": "Báo cáo đánh giá"}]


@pytest.mark.parametrize(
    ("name", "content"),
    [("cam-ket.pdf", b"<html><script>alert(1)</script></html>"), ("cam-ket.pdf", b""), ("anh.png", None)],
)
def test_a_letter_that_is_not_a_pdf_is_refused(author_client, selection, name, content):
    upload = png(name) if content is None else SimpleUploadedFile(name, content, "application/pdf")
    response = author_client.post(
        section_url(selection["initiative"], "letter"), {"commitment_letter": upload}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["commitment_letter"]
    assert not the_proposal(selection).commitment_letter


def test_an_oversized_letter_is_refused(author_client, selection):
    big = SimpleUploadedFile("cam-ket.pdf", b"%PDF-1.4\n" + b"0" * (11 * 1024 * 1024), "application/pdf")
    response = author_client.post(section_url(selection["initiative"], "letter"), {"commitment_letter": big})
    assert response.status_code == 200
    assert "10" in str(response.context["form"].errors["commitment_letter"])


# Submitting ------------------------------------------------------------------------------------------


def test_review_lists_what_is_missing_and_refuses_to_submit(author_client, selection):
    initiative = selection["initiative"]
    fill(author_client, initiative, letter=False)
    response = author_client.get(review_url(initiative))
    assert [slug for slug, _message in response.context["problems"]] == ["letter"]
    response = author_client.post(review_url(initiative), {"declaration": "on"})
    assert not the_proposal(selection).is_submitted


def test_submitting_copies_the_fields_logs_and_locks(author_client, selection):
    initiative = selection["initiative"]
    fill(author_client, initiative)
    response = author_client.post(review_url(initiative), {})
    assert response.context["form"].errors["declaration"] == [vi("Tick the declaration to submit.")]
    response = author_client.post(review_url(initiative), {"declaration": "on"})
    assert response.status_code == 302
    proposal = the_proposal(selection)
    assert proposal.is_submitted and proposal.submitted_by == selection["author"]
    assert proposal.amount_requested == 30000 and proposal.duration_months == 18
    assert proposal.milestones == [
        {"month": 3, "deliverable": "Phần mềm thử nghiệm"},
        {"month": 12, "deliverable": "Báo cáo đánh giá"},
    ]
    assert proposal.team and proposal.local_contribution and proposal.risks == "Thiếu kinh phí duy trì"
    assert ModelLogEntry.objects.filter(action="jury.proposal", object_id=str(proposal.pk)).count() == 1

    response = author_client.post(section_url(initiative, "budget"), {"amount_requested": "40000"})
    assert response.status_code == 302 and response["Location"] == review_url(initiative)
    assert the_proposal(selection).data["amount_requested"] == 30000
    assert author_client.post(review_url(initiative), {"declaration": "on"}).status_code == 200
    assert ModelLogEntry.objects.filter(action="jury.proposal").count() == 1


def test_the_range_is_checked_again_when_submitting(author_client, selection):
    initiative = selection["initiative"]
    fill(author_client, initiative)
    type(selection["call"]).objects.filter(pk=selection["call"].pk).update(grant_max=25_000)
    response = author_client.get(review_url(initiative))
    assert [slug for slug, _message in response.context["problems"]] == ["budget"]


def test_after_the_deadline_nothing_is_saved_and_the_date_is_shown(author_client, selection):
    initiative = selection["initiative"]
    evaluation = selection["evaluation"]
    evaluation.proposal_deadline = timezone.localdate() - datetime.timedelta(days=1)
    evaluation.save()
    response = author_client.post(section_url(initiative, "budget"), COMPLETE["budget"], follow=True)
    with translation.override("vi"):
        expected = vi("Full proposals were due by %(date)s. Yours can no longer be changed or submitted.") % {
            "date": date_format(evaluation.proposal_deadline)
        }
    assert expected in response.content.decode()
    response = author_client.post(review_url(initiative), {"declaration": "on"})
    assert expected in response.content.decode()
    assert not the_proposal(selection).is_submitted
    assert the_proposal(selection).data == {}


def test_the_deadline_day_itself_is_still_open(author_client, selection):
    evaluation = selection["evaluation"]
    evaluation.proposal_deadline = timezone.localdate()
    evaluation.save()
    response = author_client.post(section_url(selection["initiative"], "budget"), COMPLETE["budget"])
    assert response.status_code == 302 and the_proposal(selection).data["amount_requested"] == 30000


# The letter is private ---------------------------------------------------------------------------------


def test_the_letter_is_downloaded_by_authors_and_chairs_only(client, author_client, selection):
    fill(author_client, selection["initiative"])
    url = reverse("jury:proposal_letter", args=[selection["initiative"].pk])
    response = author_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment;")
    for who, expected in (("co_author", 200), ("chair", 200), ("juror", 404), ("stranger", 404)):
        client.force_login(selection[who])
        assert client.get(url).status_code == expected, who
    client.logout()
    assert client.get(url).status_code == 302
    assert "selection/" in the_proposal(selection).commitment_letter.name


def test_a_chair_who_declared_a_conflict_on_the_initiative_may_not_read_its_letter(
    client, author_client, selection
):
    fill(author_client, selection["initiative"])
    url = reverse("jury:proposal_letter", args=[selection["initiative"].pk])
    client.force_login(selection["chair"])
    assert client.get(url).status_code == 200
    Assignment.objects.create(
        evaluation=selection["evaluation"],
        juror=selection["chair"],
        initiative=selection["initiative"],
        conflict_declared_at=timezone.now(),
        conflict_kind="personal",
    )
    assert client.get(url).status_code == 404


def test_the_letter_is_not_under_the_public_media_folder(author_client, selection, settings):
    from tests.media import files_under

    fill(author_client, selection["initiative"])
    assert files_under(settings.MEDIA_ROOT) == set()


# "My initiatives" ----------------------------------------------------------------------------------------


def test_the_dashboard_links_to_the_proposal_only_when_shortlisted(author_client, selection):
    Submission.objects.create(
        owner=selection["author"], data={"title": "Một cửa số"}, page=selection["initiative"]
    )
    Submission.objects.create(owner=selection["author"], data={"title": "Khác"}, page=selection["other"])
    proposal_url = reverse("jury:proposal", args=[selection["initiative"].pk])
    page = author_client.get(reverse("submissions:dashboard")).content.decode()
    assert page.count(proposal_url) == 1
    assert reverse("jury:proposal", args=[selection["other"].pk]) not in page
    assert vi("not started") in page

    Shortlist.objects.update(published_at=None)
    page = author_client.get(reverse("submissions:dashboard")).content.decode()
    assert proposal_url not in page


# Progress reports ------------------------------------------------------------------------------------------


@pytest.fixture
def grant(selection):
    return Grant.objects.create(
        call=selection["call"],
        initiative=selection["initiative"],
        amount=30_000,
        duration_months=18,
        starts_on=datetime.date(2021, 10, 1),
    )


def test_authors_upload_and_list_reports(author_client, selection, grant):
    url = reverse("jury:reports", args=[grant.pk])
    response = author_client.post(url, {"title": "Báo cáo quý 1", "file": pdf("quy-1.pdf")})
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert report.uploaded_by == selection["author"] and report.original_name == "quy-1.pdf"
    assert ModelLogEntry.objects.filter(action="jury.report", object_id=str(report.pk)).exists()
    response = author_client.get(url)
    assert "Báo cáo quý 1" in response.content.decode()
    assert reverse("jury:report_file", args=[grant.pk, report.pk]) in response.content.decode()


def test_a_report_that_is_not_a_pdf_is_refused_and_the_title_kept(author_client, selection, grant):
    url = reverse("jury:reports", args=[grant.pk])
    response = author_client.post(url, {"title": "Báo cáo\x00 quý 1", "file": png("bao-cao.png")})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert 'value="Báo cáo quý 1"' in response.content.decode()
    response = author_client.post(url, {"title": "", "file": pdf()})
    assert response.context["form"].errors["title"]
    assert not ProgressReport.objects.exists()


def test_reports_are_private(client, author_client, selection, grant):
    author_client.post(reverse("jury:reports", args=[grant.pk]), {"title": "Báo cáo", "file": pdf()})
    report = ProgressReport.objects.get()
    file_url = reverse("jury:report_file", args=[grant.pk, report.pk])
    list_url = reverse("jury:reports", args=[grant.pk])
    admin = make_user("quan-tri@example.org", is_superuser=True, is_staff=True)
    for who, user, expected in (
        ("author", selection["author"], 200),
        ("co_author", selection["co_author"], 200),
        ("chair", selection["chair"], 200),
        ("superuser", admin, 200),
        ("juror", selection["juror"], 404),
        ("stranger", selection["stranger"], 404),
    ):
        client.force_login(user)
        assert client.get(file_url).status_code == expected, who
    for who in ("juror", "stranger", "chair"):
        client.force_login(selection[who])
        assert client.get(list_url).status_code == 404, who
        assert client.post(list_url, {"title": "Giả", "file": pdf()}).status_code == 404, who
    client.logout()
    assert client.get(file_url).status_code == 302
    assert ProgressReport.objects.count() == 1


def test_the_dashboard_links_to_the_reports_of_a_grant(author_client, selection, grant):
    Submission.objects.create(
        owner=selection["author"], data={"title": "Một cửa số"}, page=selection["initiative"]
    )
    page = author_client.get(reverse("submissions:dashboard")).content.decode()
    assert reverse("jury:reports", args=[grant.pk]) in page


def test_a_new_letter_replaces_the_old_file(author_client, selection, settings):
    from tests.media import files_under

    url = section_url(selection["initiative"], "letter")
    author_client.post(url, {"commitment_letter": pdf("cu.pdf")})
    with TestCase.captureOnCommitCallbacks(execute=True):
        author_client.post(url, {"commitment_letter": pdf("moi.pdf")})
    proposal = the_proposal(selection)
    assert proposal.commitment_letter_name == "moi.pdf"
    letters = {name for name in files_under(settings.PRIVATE_MEDIA_ROOT) if name.startswith("selection/")}
    assert letters == {proposal.commitment_letter.name}


def test_the_proposal_speaks_english_at_its_english_address(author_client, selection):
    with translation.override("en"):
        url = section_url(selection["initiative"], "budget")
    assert url.startswith("/en/")
    response = author_client.get(url)
    assert response.status_code == 200
    assert "Amount requested (USD)" in response.content.decode()


def test_a_submitted_proposal_opens_on_its_summary(author_client, selection):
    initiative = selection["initiative"]
    fill(author_client, initiative)
    author_client.post(review_url(initiative), {"declaration": "on"})
    response = author_client.get(reverse("jury:proposal", args=[initiative.pk]))
    assert response["Location"] == review_url(initiative)
    response = author_client.get(review_url(initiative))
    assert "Phần mềm thử nghiệm" in response.content.decode()
    assert "<form" not in response.content.decode().split('id="main"')[1].split("</main>")[0]


def test_a_closed_grant_takes_no_more_reports(author_client, selection, grant):
    grant.closed_on = datetime.date(2023, 10, 1)
    grant.save()
    response = author_client.post(reverse("jury:reports", args=[grant.pk]), {"title": "Muộn", "file": pdf()})
    assert response.status_code == 302
    assert not ProgressReport.objects.exists()
