"""“My initiatives”: titles lead somewhere, the read-only view with its timeline, what each status allows."""

import pytest
from django.test import TestCase
from django.urls import reverse

from screening.decisions import decide
from submissions.models import Submission, SubmissionFile
from submissions.services import add_files, start_update, status_of, submit, timeline_of
from tests.builders import SECTION_DATA, make_screener, make_user, pdf, submit_initiative, verified


def detail_url(submission):
    return reverse("submissions:detail", args=[submission.pk])


def delete_url(submission):
    return reverse("submissions:delete", args=[submission.pk])


@pytest.fixture
def draft(submitter, site_tree):
    submission = Submission.objects.create(
        owner=submitter,
        data={"title": "Bản nháp riêng tư", "language": "vi", "summary": "Tóm tắt riêng tư."},
    )
    add_files(submission, SubmissionFile.Role.ENDORSEMENT, [pdf("con-dau.pdf")])
    return submission


READ_VIEW = {"anonymous": 302, "stranger": 404, "screener": 404, "co_author": 200, "owner": 200}
DELETE_PAGE = {"anonymous": 302, "stranger": 404, "screener": 404, "co_author": 404, "owner": 200}


@pytest.mark.parametrize("who", list(READ_VIEW))
def test_access_matrix_of_the_read_only_view_and_deletion(client, draft, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    response = client.get(detail_url(draft))
    assert response.status_code == READ_VIEW[who]
    if READ_VIEW[who] == 200:
        assert "Tóm tắt riêng tư." in response.content.decode()
        # A draft is the authors' text as it is now, not something they sent.
        assert "Nội dung hiện tại của bạn" in response.content.decode()
    else:
        assert "Tóm tắt riêng tư." not in response.content.decode()
    assert client.get(delete_url(draft)).status_code == DELETE_PAGE[who]

    client.post(delete_url(draft))
    assert Submission.objects.filter(pk=draft.pk).exists() == (who != "owner")


def test_the_read_only_view_shows_every_section_labelled_and_the_files_for_their_authors(
    submitter_client, submitter, site_tree
):
    submission = submit_initiative(submitter, commune="")
    html = submitter_client.get(detail_url(submission)).content.decode()
    for label, value in [
        ("Tên sáng kiến", "Một cửa số xã Hòa Phong"),
        ("Vấn đề", "Người dân phải đi lại nhiều lần."),
        ("Người liên hệ", "Trần Văn Liên Hệ"),
    ]:
        assert label in html and value in html
    # Choices are read by their labels, not their codes: the province's name, not "48".
    assert "Đà Nẵng" in html
    for upload in submission.files.all():
        url = reverse("submissions:file", args=[submission.pk, upload.pk])
        assert url in html and upload.original_name in html
        assert submitter_client.get(url).status_code == 200
    stranger = verified(make_user("nguoi-la@example.org"))
    submitter_client.force_login(stranger)
    assert submitter_client.get(url).status_code == 404


def test_titles_lead_to_the_draft_first_incomplete_section_or_the_read_only_view(
    submitter_client, submitter, draft
):
    sent = submit_initiative(submitter, title="Đã gửi đi")
    html = submitter_client.get(reverse("submissions:dashboard")).content.decode()
    assert (
        f'href="{reverse("submissions:section", args=[draft.pk, "classification"])}">Bản nháp riêng tư'
        in html
    )
    assert f'href="{detail_url(sent)}">Đã gửi đi' in html


def test_the_timeline_reads_submission_changes_requested_resubmission_and_acceptance(
    submitter_client, submitter, site_tree
):
    submission = submit_initiative(submitter)
    screener = make_screener()
    state = submission.page.current_workflow_state
    decide(state.current_task_state, screener, "reject", comment="Bổ sung số liệu kết quả.")
    submission.refresh_from_db()
    assert status_of(submission).code == "changes_requested"
    assert "Review and resubmit" in submitter_client.get(detail_url(submission)).content.decode() or (
        "Xem lại và gửi lại" in submitter_client.get(detail_url(submission)).content.decode()
    )

    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submission, submitter)
    submission.refresh_from_db()
    state = submission.page.current_workflow_state
    decide(state.current_task_state, screener, "approve", hall="community", comment="Nhận vào.")
    submission = Submission.objects.get(pk=submission.pk)

    kinds = [event.kind for event in timeline_of(submission)]
    assert kinds == ["started", "submitted", "changes_requested", "resubmitted", "community"]
    html = submitter_client.get(detail_url(submission)).content.decode()
    assert "Bổ sung số liệu kết quả." in html and "Nhận vào." in html
    assert "Được chấp nhận vào Gian Cộng đồng" in html or "Accepted into the Community Hall" in html
    # Published: an update may be proposed from the read-only view.
    assert reverse("submissions:propose_update", args=[submission.pk]) in html

    start_update(submission)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submission, submitter)
    submission = Submission.objects.get(pk=submission.pk)
    state = submission.page.current_workflow_state
    decide(state.current_task_state, screener, "approve", comment="Cập nhật tốt.")
    kinds = [event.kind for event in timeline_of(Submission.objects.get(pk=submission.pk))]
    assert kinds[-2:] == ["update_proposed", "update_approved"]


def test_a_declined_initiative_shows_the_comment_and_offers_nothing_to_do(
    submitter_client, submitter, site_tree
):
    submission = submit_initiative(submitter)
    decide(
        submission.page.current_workflow_state.current_task_state,
        make_screener(),
        "decline",
        comment="Trùng lặp.",
    )
    submission = Submission.objects.get(pk=submission.pk)
    assert [event.kind for event in timeline_of(submission)][-1] == "declined"
    html = submitter_client.get(detail_url(submission)).content.decode()
    assert "Trùng lặp." in html
    assert "Nội dung bạn đã gửi" in html
    assert reverse("submissions:withdraw", args=[submission.pk]) not in html
    assert delete_url(submission) not in html


def test_the_owner_deletes_a_draft_with_its_files_after_confirming(submitter_client, draft):
    upload = draft.files.get()
    storage, stored = upload.file.storage, upload.file.name
    assert storage.exists(stored)
    dashboard = submitter_client.get(reverse("submissions:dashboard")).content.decode()
    assert delete_url(draft) in dashboard
    assert reverse("submissions:withdraw", args=[draft.pk]) not in dashboard

    assert submitter_client.get(delete_url(draft)).status_code == 200
    assert Submission.objects.filter(pk=draft.pk).exists()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = submitter_client.post(delete_url(draft))
    assert response.status_code == 302
    assert not Submission.objects.filter(pk=draft.pk).exists()
    assert not storage.exists(stored)


def test_withdrawing_a_never_sent_draft_is_a_deletion_not_a_stop_of_screening(submitter_client, draft):
    response = submitter_client.get(reverse("submissions:withdraw", args=[draft.pk]))
    assert response.status_code == 302 and response["Location"] == delete_url(draft)
    submitter_client.post(reverse("submissions:withdraw", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.withdrawn_at is None


def test_a_sent_initiative_cannot_be_deleted_only_withdrawn(submitter_client, submitter, site_tree):
    submission = submit_initiative(submitter)
    assert submitter_client.get(delete_url(submission)).status_code == 403
    submitter_client.post(delete_url(submission))
    assert Submission.objects.filter(pk=submission.pk).exists()
    html = submitter_client.get(reverse("submissions:withdraw", args=[submission.pk])).content.decode()
    assert "sàng lọc" in html or "Screening stops" in html


@pytest.mark.parametrize("button", ["save_continue", "save_draft"])
def test_a_new_draft_without_a_title_is_refused_keeping_what_was_typed(submitter_client, site_tree, button):
    typed = {**SECTION_DATA["basics"], "title": "   ", "summary": "Tóm tắt đã gõ.", button: ""}
    response = submitter_client.post(reverse("submissions:new"), typed)
    assert response.status_code == 200
    assert not Submission.objects.exists()
    assert response.context["form"].has_error("title", "required")
    html = response.content.decode()
    assert "Tóm tắt đã gõ." in html
    assert "Hãy đặt tên cho sáng kiến" in html


def test_an_existing_draft_keeps_its_title_when_it_is_emptied(submitter_client, draft):
    url = reverse("submissions:section", args=[draft.pk, "basics"])
    response = submitter_client.post(url, {"title": "", "language": "vi", "summary": "Mới."})
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.data["title"] == "Bản nháp riêng tư" and draft.data["summary"] == "Tóm tắt riêng tư."


def test_the_steps_say_which_sections_are_done_current_and_to_do(submitter_client, draft):
    draft.data.update(SECTION_DATA["content"])
    draft.save()
    html = submitter_client.get(
        reverse("submissions:section", args=[draft.pk, "classification"])
    ).content.decode()
    steps = html[html.index('<nav class="steps"') : html.index("</nav>", html.index('<nav class="steps"'))]
    items = steps.split("<li")[1:]
    # basics and content are filled, the endorsement has its scan; classification is the current one.
    assert "steps__step--done" in items[0] and "(đã xong)" in items[0]
    assert 'aria-current="step"' in items[1] and "steps__step--current" in items[1]
    assert "steps__step--done" in items[2]
    assert "steps__step--done" in items[3]
    assert "steps__step--to-do" in items[4] and "(chưa làm)" in items[4]
    assert "steps__step--to-do" in items[5]


def test_confirmations_mark_a_title_in_the_other_language(submitter_client, submitter, site_tree):
    draft = Submission.objects.create(owner=submitter, data={"title": "Private draft", "language": "en"})
    html = submitter_client.get(delete_url(draft)).content.decode()
    assert '“<span lang="en">Private draft</span>”' in html
    sent = submit_initiative(submitter)
    sent.data.update(title="Digital one-stop shop", language="en")
    sent.save(update_fields=["data"])
    html = submitter_client.get(reverse("submissions:withdraw", args=[sent.pk])).content.decode()
    assert '“<span lang="en">Digital one-stop shop</span>”' in html
