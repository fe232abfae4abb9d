"""A screener's decisions, posted through the decision page as its form sends them."""

from django.test import TestCase
from django.urls import reverse

from screening.models import ReviewTaskState


def post(client, url, data):
    """Posts as the decision page's form does, and lets the e-mails queued on commit go out."""
    review = ReviewTaskState.objects.filter(
        workflow_state__object_id=url.rstrip("/").rsplit("/", 1)[-1], status="in_progress"
    ).first()
    data = {"task_state": review.pk if review else "", **data}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data)


def decide_url(submission) -> str:
    return reverse("screening:decide", args=[submission.page_id])


def accept(client, submission, hall="expo", verified="on", comment="Đạt yêu cầu, có xác nhận của UBND."):
    data = {"action": "approve", "approve-hall": hall, "approve-comment": comment}
    if verified:
        data["approve-endorsement_verified"] = verified
    return post(client, decide_url(submission), data)


def request_changes(client, submission, comment="Bổ sung số liệu kết quả năm 2025."):
    return post(client, decide_url(submission), {"action": "reject", "reject-comment": comment})


def decline(client, submission, comment="Không thuộc lĩnh vực quản trị công.", confirm="on"):
    data = {"action": "decline", "decline-comment": comment}
    if confirm:
        data["decline-confirm"] = confirm
    return post(client, decide_url(submission), data)
