"""E-mails of the problems' screening, sent in the background, each in its recipient's language.

The author hears of the receipt of their problem and of every decision, with the screener's reason;
screeners hear of each problem waiting for them (not of their own). Wagtail's own workflow e-mails are
already off for this task (see `screening.notifications.is_expo_review`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django_tasks import task
from wagtail.models import TaskState
from wagtail.signals import task_submitted

from core.links import page_url
from initiatives.models import SCREENERS_GROUP_NAME
from screening.notifications import send_in_language

from .models import ProblemPage, ProblemReviewState


def author_of(page: ProblemPage) -> list:
    owner = page.owner
    return [owner] if owner is not None and owner.is_active and owner.email else []


def screeners_for(page: ProblemPage):
    return (
        get_user_model()
        .objects.filter(groups__name=SCREENERS_GROUP_NAME, is_active=True)
        .exclude(pk=page.owner_id)
        .exclude(email="")
        .distinct()
    )


def page_context(page: ProblemPage) -> dict:
    draft = getattr(page, "draft", None)
    return {
        "page": page,
        "title": page.get_latest_revision_as_object().title,
        "draft_id": draft.pk if draft else None,
        "on_behalf_of": draft.on_behalf_of if draft else "",
    }


@task()
def notify_received(task_state_id: int) -> None:
    state = ProblemReviewState.objects.select_related("workflow_state").get(pk=task_state_id)
    page = ProblemPage.objects.select_related("owner").get(pk=state.workflow_state.object_id)
    earlier = TaskState.objects.filter(workflow_state=state.workflow_state, started_at__lt=state.started_at)
    kind = "update" if page.live else ("resubmission" if earlier.exists() else "submission")
    context = {**page_context(page), "kind": kind}
    for author in author_of(page):
        send_in_language(author, "problems/email/received", context)
    for screener in screeners_for(page):
        send_in_language(screener, "problems/email/waiting", context)


@task()
def notify_decision(task_state_id: int) -> None:
    state = ProblemReviewState.objects.select_related("workflow_state").get(pk=task_state_id)
    page = ProblemPage.objects.select_related("owner").get(pk=state.workflow_state.object_id)
    context = {
        **page_context(page),
        "comment": state.comment,
        "outcome": state.outcome,
        "page_url": page_url(page) if page.live else None,
    }
    for author in author_of(page):
        send_in_language(author, f"problems/email/{state.outcome}", context)


def on_problem_task_submitted(sender, instance, user=None, **kwargs) -> None:
    transaction.on_commit(lambda: notify_received.enqueue(instance.pk))


def connect_signals() -> None:
    task_submitted.connect(
        on_problem_task_submitted, sender=ProblemReviewState, dispatch_uid="problem_review_task_submitted"
    )
