"""Updates to published initiatives, Wagtail's own workflow dialogs, and the e-mails of screening."""

import json

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry

from initiatives.models import InitiativePage
from screening.models import ReviewTaskState
from submissions.models import SubmissionFile
from submissions.services import add_files, start_update, status_of, submit
from tests.builders import make_user, pdf, submit_initiative, verified
from tests.decisions import accept, decide_url, post


def propose_update(submission, author, **values):
    start_update(submission)
    submission.data.update(values)
    submission.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submission, author)


@pytest.fixture
def published(screener_client, submitted):
    accept(screener_client, submitted, hall="community", verified=None)
    mail.outbox.clear()
    return submitted


def test_an_approved_update_is_published_and_the_authors_told(screener_client, author, published):
    propose_update(published, author, summary="Tiếp nhận và trả kết quả trực tuyến.")
    assert status_of(published).code == "update_in_review"
    page = InitiativePage.objects.get(pk=published.page_id)
    assert page.live and page.summary == "Tiếp nhận hồ sơ trực tuyến."  # the live version stays online
    assert page.current_workflow_state.workflow.name == "Update review"
    notices = {m.to[0]: m for m in mail.outbox}
    assert "Đã nhận bản cập nhật" in notices[author.email].subject
    assert "Bản cập nhật cần duyệt" in notices["sang-loc@example.org"].subject
    queue = screener_client.get(reverse("screening_queue:index"), {"kind": "update"}).content.decode()
    assert decide_url(published) in queue
    assert "Duyệt bản cập nhật" in screener_client.get(decide_url(published)).content.decode()

    mail.outbox.clear()
    response = post(screener_client, decide_url(published), {"action": "approve", "approve-comment": ""})
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.summary == "Tiếp nhận và trả kết quả trực tuyến."
    assert status_of(published).code == "community"
    [message] = mail.outbox
    assert "đã được đăng tải" in message.subject
    assert page.full_url in message.body


def test_an_update_sent_back_leaves_the_live_version_online(screener_client, author, published):
    propose_update(published, author, summary="Bản tóm tắt chưa đạt.")
    mail.outbox.clear()
    response = post(
        screener_client, decide_url(published), {"action": "reject", "reject-comment": "Giữ số liệu cũ."}
    )
    assert response.status_code == 302
    page = InitiativePage.objects.get(pk=published.page_id)
    assert page.live and page.summary == "Tiếp nhận hồ sơ trực tuyến."
    assert status_of(published).code == "changes_requested"
    [message] = mail.outbox
    assert "Phiên bản đã đăng vẫn hiển thị." in message.body
    assert "Giữ số liệu cũ." in message.body


def test_e_mails_speak_each_recipients_language(screener_client, site_tree):
    english_author = verified(
        make_user("author@example.org", full_name="Jane Author", preferred_language="en")
    )
    mail.outbox.clear()
    submission = submit_initiative(english_author, title="Citizen feedback kiosk", language="en")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    receipt = by_recipient["author@example.org"]
    assert receipt.subject == "Your initiative “Citizen feedback kiosk” was received"
    assert "/en/my/initiatives/" in receipt.body
    notice = by_recipient["sang-loc@example.org"]
    assert notice.subject == "Sáng kiến mới cần sàng lọc: “Citizen feedback kiosk”"
    assert f"http://testserver/admin/screening/{submission.page_id}/" in notice.body

    mail.outbox.clear()
    accept(screener_client, submission, comment="Welcome & thank you <3")
    [decision] = mail.outbox
    assert decision.subject == "“Citizen feedback kiosk” was accepted into the Expo Hall"
    assert "Welcome & thank you <3" in decision.body  # plain text, nothing escaped
    assert InitiativePage.objects.get(pk=submission.page_id).full_url in decision.body


def test_co_authors_hear_of_decisions_too(screener_client, submitted, author):
    co_author = verified(make_user("dong-tac-gia@example.org", preferred_language="en"))
    submitted.co_authors.add(co_author)
    from submissions.services import sync_co_authors

    sync_co_authors(submitted)
    accept(screener_client, submitted, hall="community", verified=None)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["dong-tac-gia@example.org", author.email]
    english = next(m for m in mail.outbox if m.to == ["dong-tac-gia@example.org"])
    assert "Community Hall" in english.subject


def test_wagtail_workflow_e_mails_are_not_sent_for_screening(submitted, screener_client, author):
    accept(screener_client, submitted)
    subjects = [m.subject for m in mail.outbox]
    assert len(subjects) == 1 and "Gian Triển lãm số" in subjects[0]


def workflow_action(client, submission, action, data):
    state = ReviewTaskState.objects.get(
        workflow_state__object_id=str(submission.page_id), status="in_progress"
    )
    url = reverse("wagtailadmin_pages:workflow_action", args=[submission.page_id, action, state.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})


def test_wagtails_own_workflow_dialog_accepts_into_a_hall(screener_client, submitted, site_tree):
    form = screener_client.get(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[submitted.page_id, "approve", submitted.page.current_workflow_state.current_task_state.pk],
        )
    )
    assert "Gian Triển lãm số" in json.loads(form.content)["html"]

    response = workflow_action(
        screener_client,
        submitted,
        "approve",
        {"hall": "expo", "endorsement_verified": "on", "comment": "Đạt."},
    )
    assert json.loads(response.content)["step"] == "success"
    page = InitiativePage.objects.get(pk=submitted.page_id)
    assert page.live and page.get_parent().pk == site_tree.expo.pk
    assert len(mail.outbox) == 1


def test_wagtails_own_workflow_dialog_sends_a_refusal_to_the_decision_page(screener_client, author):
    submission = submit_initiative(author, scan=False)
    response = workflow_action(screener_client, submission, "approve", {"hall": "expo", "comment": "Đạt."})
    redirect = json.loads(response.content)["redirect"]
    assert redirect == f"{decide_url(submission)}?refused=endorsement_missing"
    assert "Gian Triển lãm số cần bản quét xác nhận" in screener_client.get(redirect).content.decode()
    assert not InitiativePage.objects.get(pk=submission.page_id).live
    assert not PageLogEntry.objects.filter(page_id=submission.page_id, action="wagtail.publish").exists()


def test_wagtails_own_workflow_dialog_declines(screener_client, submitted):
    response = workflow_action(
        screener_client, submitted, "decline", {"comment": "Trùng lặp.", "confirm": "on"}
    )
    assert json.loads(response.content)["step"] == "success"
    assert status_of(submitted).code == "declined"


def test_an_update_replacing_the_scan_in_the_expo_hall_needs_it_checked(screener_client, submitted, author):
    accept(screener_client, submitted)
    start_update(submitted)
    add_files(submitted, SubmissionFile.Role.ENDORSEMENT, [pdf("xac-nhan-moi.pdf")], replace=True)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submitted, author)

    unchecked = post(screener_client, decide_url(submitted), {"action": "approve", "approve-comment": ""})
    assert unchecked.status_code == 200
    assert "dấu và chữ ký" in unchecked.content.decode()
    page = InitiativePage.objects.get(pk=submitted.page_id)
    assert page.endorsement_document.title == "xac-nhan.pdf"  # the live version keeps its checked scan

    checked = {"action": "approve", "approve-comment": "", "approve-endorsement_verified": "on"}
    assert post(screener_client, decide_url(submitted), checked).status_code == 302
    page.refresh_from_db()
    assert page.endorsement_document.title == "xac-nhan-moi.pdf"
    assert page.is_endorsed and page.live


def test_the_screener_can_preview_the_draft(screener_client, submitted):
    response = screener_client.get(reverse("wagtailadmin_pages:view_draft", args=[submitted.page_id]))
    assert response.status_code == 200
    assert "Một cửa số xã Hòa Phong" in response.content.decode()


def test_an_english_submission_is_screened_in_the_english_tree_and_shown_on_both_sites(
    screener_client, site_tree, client
):
    from tests.builders import add_english_tree

    english_tree = add_english_tree(site_tree)
    author = verified(make_user("writer@example.org", preferred_language="en"))
    new_form = Client()
    new_form.force_login(author)
    assert 'value="en" id="id_language_1" checked' in new_form.get("/en/my/initiatives/new/").content.decode()

    submission = submit_initiative(author, title="Citizen feedback kiosk", language="en")
    page = InitiativePage.objects.get(pk=submission.page_id)
    assert page.get_parent().pk == english_tree.intake.pk
    accept(screener_client, submission, hall="community", verified=None)
    page.refresh_from_db()
    assert page.get_parent().pk == english_tree.community.pk and page.live
    vietnamese = page.get_translation(site_tree.home.locale)
    assert vietnamese.alias_of_id == page.pk and vietnamese.live
    assert "Sáng kiến này được viết bằng tiếng Anh" in client.get(vietnamese.url).content.decode()
