"""Every screening outcome, end to end through the admin as a screener without superuser rights."""

import pytest
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import PageLogEntry, TaskState, WorkflowState

from initiatives.media import PUBLIC_MEDIA_COLLECTION_NAME
from initiatives.models import InitiativePage
from screening.models import ReviewTaskState
from submissions.services import SubmissionError, status_of, submit, sync_co_authors
from tests.builders import make_initiative, make_screener, submit_initiative
from tests.decisions import accept, decide_url, decline, request_changes


def live_page(submission) -> InitiativePage:
    return InitiativePage.objects.get(pk=submission.page_id)


def test_the_screener_is_no_superuser(screener):
    assert not screener.is_superuser and not screener.is_staff


def test_accepting_into_the_expo_hall_moves_publishes_and_records_the_verification(
    screener_client, screener, submitted, site_tree
):
    response = accept(screener_client, submitted)
    assert response.status_code == 302
    assert response["Location"] == reverse("screening_queue:index")

    page = live_page(submitted)
    assert page.live
    assert page.get_parent().pk == site_tree.expo.pk
    assert page.endorsement_verified
    assert page.endorsement_verified_by == screener
    assert page.endorsement_verified_at is not None
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
    assert page.get_latest_revision().user == screener
    assert status_of(submitted).code == "expo"
    assert site_tree.expo.initiatives().filter(pk=page.pk).exists()
    # The pictures and attachments are public now; the scan stays private.
    assert {item.image.collection.name for item in page.gallery_images.all()} == {
        PUBLIC_MEDIA_COLLECTION_NAME
    }
    assert {item.document.collection.name for item in page.attachments.all()} == {
        PUBLIC_MEDIA_COLLECTION_NAME
    }
    assert page.endorsement_document.collection.name == "Endorsements"
    assert screener_client.get(page.url).status_code == 200


def test_accepting_into_the_community_hall_needs_no_endorsement(screener_client, author, site_tree):
    submission = submit_initiative(author, title="Hộp thư góp ý", scan=False)
    response = accept(screener_client, submission, hall="community", verified=None)
    assert response.status_code == 302
    page = live_page(submission)
    assert page.live and page.get_parent().pk == site_tree.community.pk
    assert not page.endorsement_verified
    assert status_of(submission).code == "community"


@pytest.mark.parametrize(
    ("scan", "verified", "message"),
    [
        (False, "on", "Cộng đồng"),
        (True, None, "dấu và chữ ký"),
    ],
)
def test_the_expo_hall_needs_a_checked_endorsement_scan(screener_client, author, scan, verified, message):
    submission = submit_initiative(author, scan=scan)
    response = accept(screener_client, submission, verified=verified, comment="Nhận xét của tôi")
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Nhận xét của tôi" in html  # what the screener typed is kept
    page = live_page(submission)
    assert not page.live
    assert page.get_parent().specific_class.__name__ == "IntakePage"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert len(mail.outbox) == 2  # only the receipt and the screener's notice of the submission


def test_request_changes_then_resubmit_then_accept(screener_client, author, submitted, site_tree):
    assert request_changes(screener_client, submitted).status_code == 302
    assert status_of(submitted).code == "changes_requested"
    [message] = mail.outbox
    assert message.to == [author.email]
    assert "Bổ sung số liệu kết quả năm 2025." in message.body
    assert reverse("submissions:review", args=[submitted.pk]) in message.body

    mail.outbox.clear()
    submitted.data["results"] = "Giảm 60% số lần đi lại; 1.200 hồ sơ năm 2025."
    submitted.save()
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submitted, author)
    assert status_of(submitted).code == "screening"
    assert {tuple(m.to) for m in mail.outbox} == {(author.email,), ("sang-loc@example.org",)}
    assert any("Nộp lại" in m.subject for m in mail.outbox)

    assert accept(screener_client, submitted).status_code == 302
    page = live_page(submitted)
    assert page.live and "1.200 hồ sơ" in page.results
    outcomes = list(
        ReviewTaskState.objects.filter(workflow_state__object_id=str(page.pk))
        .order_by("finished_at")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["changes_requested", "expo"]


def test_declining_is_final_and_needs_a_confirmed_reason(screener_client, author, submitted):
    response = decline(screener_client, submitted, confirm=None)
    assert response.status_code == 200
    assert (
        "quyết định từ chối" in response.content.decode().lower() or "xác nhận" in response.content.decode()
    )
    assert status_of(submitted).code == "screening"

    assert decline(screener_client, submitted).status_code == 302
    assert status_of(submitted).code == "declined"
    [message] = mail.outbox
    assert "Không thuộc lĩnh vực quản trị công." in message.body
    assert not live_page(submitted).live
    with pytest.raises(SubmissionError):
        submit(submitted, author)
    assert live_page(submitted).current_workflow_state is None


def test_comments_are_required_for_changes_and_decline(screener_client, submitted):
    for post in (request_changes, decline):
        response = post(screener_client, submitted, comment="")
        assert response.status_code == 200
        assert "Trường này là bắt buộc." in response.content.decode()
    assert status_of(submitted).code == "screening"


def test_a_slug_taken_by_a_published_initiative_is_resolved(screener_client, author, site_tree):
    make_initiative(site_tree.expo, title="Hộp thư góp ý")
    submission = submit_initiative(author, title="Hộp thư góp ý")
    assert live_page(submission).slug == "hop-thu-gop-y"
    assert accept(screener_client, submission).status_code == 302
    page = live_page(submission)
    assert page.live and page.slug == "hop-thu-gop-y-2"
    assert page.url.endswith("/hop-thu-gop-y-2/")


def test_the_decisions_reach_the_dashboard_and_the_page_history(screener_client, author, submitted):
    request_changes(screener_client, submitted)
    client = Client()
    client.force_login(author)
    dashboard = client.get(reverse("submissions:dashboard")).content.decode()
    assert "Bổ sung số liệu kết quả năm 2025." in dashboard
    assert "Cần bổ sung" in dashboard

    history = screener_client.get(reverse("wagtailadmin_pages:history", args=[submitted.page_id]))
    assert history.status_code == 200
    assert "Bổ sung số liệu kết quả năm 2025." in history.content.decode()
    entry = PageLogEntry.objects.get(page_id=submitted.page_id, action="wagtail.workflow.reject")
    assert entry.user.email == "sang-loc@example.org"
    assert "Bổ sung số liệu kết quả năm 2025." in entry.data["comment"]


def test_a_screener_cannot_decide_on_their_own_or_co_authored_initiative(client, screener, site_tree):
    own = submit_initiative(screener, title="Của người sàng lọc")
    co_written = submit_initiative(make_screener("khac@example.org"), title="Đồng tác giả")
    co_written.co_authors.add(screener)
    sync_co_authors(co_written)
    client.force_login(screener)
    for submission in (own, co_written):
        page = client.get(decide_url(submission)).content.decode()
        assert "another screener" in page or "người sàng lọc khác" in page
        assert 'name="action"' not in page
        refused = accept(client, submission)
        assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
        assert not live_page(submission).live
    queue = client.get(reverse("screening_queue:index")).content.decode()
    assert "Của người sàng lọc" not in queue and "Đồng tác giả" not in queue
    # Nor does Wagtail's "awaiting your review" list offer them.
    assert not TaskState.objects.reviewable_by(screener).exists()


def test_two_screeners_deciding_at_once(screener_client, submitted):
    other = make_screener("sang-loc-2@example.org", full_name="Người Thứ Hai")
    client = Client()
    client.force_login(other)
    assert client.get(decide_url(submitted)).status_code == 200
    assert screener_client.get(decide_url(submitted)).status_code == 200

    assert accept(screener_client, submitted).status_code == 302
    late = decline(client, submitted)
    assert late.status_code == 200
    assert "Người Sàng Lọc" in late.content.decode()  # who decided first
    page = live_page(submitted)
    assert page.live
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish").count() == 1
    assert PageLogEntry.objects.filter(page=page, action="wagtail.move").count() == 1
    assert ReviewTaskState.objects.exclude(outcome="").count() == 1
    assert len(mail.outbox) == 1


def test_a_stale_task_state_changes_nothing(screener, submitted):
    from screening.decisions import AlreadyDecided, decide

    stale = live_page(submitted).current_workflow_state.current_task_state
    decide(stale, screener, "reject", comment="Bổ sung.")
    with pytest.raises(AlreadyDecided):
        decide(stale, make_screener("khac@example.org"), "approve", hall="community", comment="Nhận.")
    assert not live_page(submitted).live


@pytest.mark.parametrize("task_state", ["²", "٣", "%00", "9" * 5000])
def test_a_task_state_that_is_not_ascii_digits_is_a_stale_form(screener_client, submitted, task_state):
    data = {"task_state": task_state, "action": "reject", "reject-comment": "Bổ sung."}
    response = screener_client.post(decide_url(submitted), data)
    assert response.status_code == 200
    assert not ReviewTaskState.objects.exclude(outcome="").exists()
