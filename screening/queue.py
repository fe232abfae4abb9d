"""What waits for the screeners: new submissions and proposed updates, oldest first."""

from __future__ import annotations

from django.db.models import CharField, Count, Min, OuterRef, QuerySet, Subquery
from django.db.models.functions import Cast
from wagtail.models import TaskState, WorkflowState

from initiatives.models import InitiativePage

from .models import ReviewTaskState
from .permissions import authored_page_ids


def waiting_reviews() -> QuerySet[ReviewTaskState]:
    return ReviewTaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS, workflow_state__status=WorkflowState.STATUS_IN_PROGRESS
    )


def with_waiting_since(pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
    """Only the pages waiting for a decision, each annotated with the start of its wait."""
    started = waiting_reviews().filter(workflow_state__object_id=Cast(OuterRef("pk"), CharField()))
    return pages.annotate(waiting_since=Subquery(started.values("started_at")[:1])).filter(
        waiting_since__isnull=False
    )


def queue_for(user) -> QuerySet[InitiativePage]:
    return with_waiting_since(InitiativePage.objects.exclude(pk__in=authored_page_ids(user)))


def queue_summary(user) -> dict:
    return queue_for(user).aggregate(count=Count("pk"), oldest=Min("waiting_since"))


def review_in_progress(page: InitiativePage) -> ReviewTaskState | None:
    """The screening or update review this page is waiting for, if any."""
    return waiting_reviews().filter(workflow_state__object_id=str(page.pk)).select_related("task").first()


def decisions_on(page: InitiativePage) -> QuerySet[ReviewTaskState]:
    """Every decision taken on the page, newest first."""
    return (
        ReviewTaskState.objects.filter(workflow_state__object_id=str(page.pk))
        .exclude(outcome="")
        .select_related("finished_by")
        .order_by("-finished_at")
    )
