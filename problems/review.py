"""A screener's decision on a problem, carried out once, whoever else acts at the same time.

`decide` is the single entry point, used by the decision page and, through `ProblemScreeningTask.on_action`,
by Wagtail's own workflow dialogs. It locks the workflow state, checks that the problem still waits for a
decision and that the screener may take it, and only then publishes, sends back or declines, and notifies.
Every decision carries a written reason, which the author receives.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import CharField, Count, Min, OuterRef, Subquery
from django.db.models.functions import Cast
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from screening.decisions import display_name

from .models import ProblemPage, ProblemReviewState
from .notifications import notify_decision
from .signals import problem_published

OUTCOME_OF_ACTION = {
    "approve": ProblemReviewState.Outcome.PUBLISHED,
    "reject": ProblemReviewState.Outcome.CHANGES_REQUESTED,
    "decline": ProblemReviewState.Outcome.DECLINED,
}


class DecisionRefused(Exception):
    """A decision that cannot be carried out; the message tells the screener why, nothing was changed."""

    code = ""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class AlreadyDecided(DecisionRefused):
    code = "already_decided"

    def __init__(self, task_state: TaskState | None = None):
        if task_state is None or task_state.finished_at is None:
            message = _("This problem is no longer waiting for a decision.")
        else:
            message = _(
                "%(name)s already decided on this problem on %(when)s. Nothing was changed; the page "
                "below shows the current state."
            ) % {
                "name": display_name(task_state.finished_by),
                "when": date_format(timezone.localtime(task_state.finished_at), "DATETIME_FORMAT"),
            }
        super().__init__(message)


class OwnProblem(DecisionRefused):
    code = "own_problem"

    def __init__(self):
        super().__init__(_("You posted this problem: another screener must decide on it."))


class ReasonMissing(DecisionRefused):
    code = "reason_missing"

    def __init__(self):
        super().__init__(_("Write the reason for your decision: the author receives it."))


REFUSALS_BY_CODE = {refusal.code: refusal for refusal in (AlreadyDecided, OwnProblem, ReasonMissing)}


def refusal_message(code: str) -> str:
    refusal = REFUSALS_BY_CODE.get(code)
    return str(refusal().message) if refusal else ""


def decision_page_url(page_id, refusal_code: str = "") -> str:
    url = reverse("problem_screening:decide", args=[page_id])
    return f"{url}?{urlencode({'refused': refusal_code})}" if refusal_code else url


def decide(task_state: TaskState, user, action: str, comment: str = "", **data) -> ProblemReviewState:
    if action not in OUTCOME_OF_ACTION:
        raise ValueError(f"Unknown problem screening action {action!r}")
    with transaction.atomic():
        workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
        current = ProblemReviewState.objects.select_related("finished_by").get(pk=task_state.pk)
        if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS or (
            current.status != TaskState.STATUS_IN_PROGRESS
        ):
            raise AlreadyDecided(current)
        current.workflow_state = workflow_state
        page = ProblemPage.objects.get(pk=workflow_state.object_id)
        if not current.task.specific.may_decide(page, user):
            raise OwnProblem()
        comment = (comment or "").strip()
        if not comment:
            raise ReasonMissing()
        current.outcome = OUTCOME_OF_ACTION[action]
        if action == "approve":
            first_time = page.first_published_at is None
            # Finishing the workflow publishes the latest revision (Wagtail's finish action).
            current.approve(user=user, comment=comment)
            problem_published.send(
                sender=ProblemPage, page=ProblemPage.objects.get(pk=page.pk), first_time=first_time
            )
        else:
            current.reject(user=user, comment=comment)
            if action == "decline":
                workflow_state.refresh_from_db()
                workflow_state.cancel(user=user)
        transaction.on_commit(lambda: notify_decision.enqueue(current.pk))
    return current


def carry_out_review_action(sender, task_state, user, action: str, data: dict, **kwargs) -> str | None:
    """Receives `review_action_requested` for the problem task: the decision page's address if refused."""
    try:
        decide(task_state, user, action, **data)
    except DecisionRefused as refusal:
        return decision_page_url(task_state.workflow_state.object_id, refusal.code)
    return None


def waiting_reviews():
    return ProblemReviewState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__status=WorkflowState.STATUS_IN_PROGRESS
    )


def with_waiting_since(pages):
    """Only the problems waiting for a decision, each annotated with the start of its wait."""
    started = waiting_reviews().filter(workflow_state__object_id=Cast(OuterRef("pk"), CharField()))
    return pages.annotate(waiting_since=Subquery(started.values("started_at")[:1])).filter(
        waiting_since__isnull=False
    )


def queue_for(user):
    """What the screener may decide on: every waiting problem but those they own."""
    return with_waiting_since(ProblemPage.objects.exclude(owner=user))


def queue_summary(user) -> dict:
    return queue_for(user).aggregate(count=Count("pk"), oldest=Min("waiting_since"))


def review_in_progress(page: ProblemPage) -> ProblemReviewState | None:
    return waiting_reviews().filter(workflow_state__object_id=str(page.pk)).select_related("task").first()


def decisions_on(page: ProblemPage):
    """Every decision taken on the problem, newest first."""
    return (
        ProblemReviewState.objects.filter(workflow_state__object_id=str(page.pk))
        .exclude(outcome="")
        .select_related("finished_by")
        .order_by("-finished_at")
    )
