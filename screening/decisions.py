"""A screener's decision on a submission or an update, carried out once, whoever else acts at the same time.

`decide` is the single entry point, used by the Expo's decision page and, through the tasks'
`on_action`, by Wagtail's own workflow dialogs. It locks the workflow state, checks that the
task is still waiting for a decision, applies the Expo's rules and only then moves, publishes and
notifies.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import TaskState, WorkflowState

from halls.models import HallPage
from initiatives.media import make_media_public
from initiatives.models import InitiativePage
from initiatives.placement import move_to_hall

from .models import ReviewTaskState, ScreeningTask
from .notifications import notify_decision


class ScreeningRefused(Exception):
    """A decision that cannot be carried out; the message tells the screener why, nothing was changed."""

    code = ""

    def __init__(self, message):
        self.message = message
        super().__init__(message)


class AlreadyDecided(ScreeningRefused):
    code = "already_decided"

    def __init__(self, task_state: TaskState | None = None):
        if task_state is None or task_state.finished_at is None:
            message = _("This submission is no longer waiting for a decision.")
        else:
            message = _(
                "%(name)s already decided on this submission on %(when)s. Nothing was changed; "
                "the page below shows the current state."
            ) % {
                "name": display_name(task_state.finished_by),
                "when": date_format(timezone.localtime(task_state.finished_at), "DATETIME_FORMAT"),
            }
        super().__init__(message)


class OwnInitiative(ScreeningRefused):
    code = "own_initiative"

    def __init__(self):
        super().__init__(_("You cannot decide on an initiative you wrote or co-authored."))


class EndorsementMissing(ScreeningRefused):
    code = "endorsement_missing"

    def __init__(self):
        super().__init__(
            _(
                "The Expo Hall needs the local authority's endorsement scan, and this submission has "
                "none. Accept it into the Community Hall, or request the scan."
            )
        )


class EndorsementNotConfirmed(ScreeningRefused):
    code = "endorsement_not_confirmed"

    def __init__(self):
        super().__init__(
            _(
                "Check the endorsement scan and confirm that it bears the authority's stamp and "
                "signature before accepting into the Expo Hall."
            )
        )


class NoSuchHall(ScreeningRefused):
    code = "no_such_hall"

    def __init__(self):
        super().__init__(_("There is no such hall on this site."))


REFUSALS_BY_CODE = {
    refusal.code: refusal
    for refusal in (AlreadyDecided, OwnInitiative, EndorsementMissing, EndorsementNotConfirmed, NoSuchHall)
}


def display_name(user) -> str:
    if user is None:
        return str(_("Another screener"))
    return getattr(user, "full_name", "") or user.get_username()


def decision_page_url(page_id, refusal_code: str = "") -> str:
    url = reverse("screening:decide", args=[page_id])
    return f"{url}?{urlencode({'refused': refusal_code})}" if refusal_code else url


def refusal_message(code: str) -> str:
    refusal = REFUSALS_BY_CODE.get(code)
    return str(refusal().message) if refusal else ""


def decide(task_state: TaskState, user, action: str, **data) -> ReviewTaskState:
    with transaction.atomic():
        workflow_state = WorkflowState.objects.select_for_update().get(pk=task_state.workflow_state_id)
        current = ReviewTaskState.objects.select_related("finished_by").get(pk=task_state.pk)
        if workflow_state.status != WorkflowState.STATUS_IN_PROGRESS or (
            current.status != TaskState.STATUS_IN_PROGRESS
        ):
            raise AlreadyDecided(current)
        current.workflow_state = workflow_state
        task = current.task.specific
        page = InitiativePage.objects.get(pk=workflow_state.object_id)
        if not task.may_decide(page, user):
            raise OwnInitiative()
        comment = data.get("comment", "")
        if action == "approve":
            hall = hall_for(page, data.get("hall")) if isinstance(task, ScreeningTask) else page.hall
            place_in_hall(page, hall, user, endorsement_verified=data.get("endorsement_verified", False))
            current.outcome = (
                ReviewTaskState.Outcome(hall.kind)
                if isinstance(task, ScreeningTask)
                else ReviewTaskState.Outcome.UPDATE_APPROVED
            )
            current.approve(user=user, comment=comment)
        elif action == "reject":
            current.outcome = ReviewTaskState.Outcome.CHANGES_REQUESTED
            current.reject(user=user, comment=comment)
        elif action == "decline" and isinstance(task, ScreeningTask):
            current.outcome = ReviewTaskState.Outcome.DECLINED
            current.reject(user=user, comment=comment)
            workflow_state.refresh_from_db()
            workflow_state.cancel(user=user)
        else:
            raise ValueError(f"Unknown screening action {action!r}")
        transaction.on_commit(lambda: notify_decision.enqueue(current.pk))
    return current


def carry_out_review_action(sender, task_state, user, action: str, data: dict, **kwargs) -> str | None:
    """Receives `review_action_requested`: the address of the decision page if the decision is refused."""
    try:
        decide(task_state, user, action, **data)
    except ScreeningRefused as refusal:
        return decision_page_url(task_state.workflow_state.object_id, refusal.code)
    return None


def hall_for(page: InitiativePage, kind: str | None) -> HallPage:
    """The hall of that kind in the initiative's own language tree."""
    halls = HallPage.objects.filter(kind=kind)
    hall = halls.filter(locale_id=page.locale_id).first() or halls.first()
    if hall is None:
        raise NoSuchHall()
    return hall


def place_in_hall(page: InitiativePage, hall: HallPage, user, *, endorsement_verified: bool) -> None:
    """Moves the page under the hall if it is elsewhere; prepares the revision that will be published."""
    draft = page.get_latest_revision_as_object()
    if draft.needs_endorsement_in(hall):
        if draft.endorsement_document_id is None:
            raise EndorsementMissing()
        if not (endorsement_verified or draft.endorsement_verified):
            raise EndorsementNotConfirmed()

    changed = False
    if page.get_parent().pk != hall.pk:
        slug = move_to_hall(page, hall, user=user, slug=draft.slug)
        draft = InitiativePage.objects.get(pk=page.pk).get_latest_revision_as_object()
        draft.slug = slug
        changed = True
    # Co-authors are written to the page directly (see submissions.services.sync_co_authors); the
    # revision about to be published must not bring back an older list.
    co_authors = list(InitiativePage.objects.get(pk=page.pk).co_authors.all())
    if {user.pk for user in co_authors} != {user.pk for user in draft.co_authors.all()}:
        draft.co_authors = co_authors
        changed = True
    if endorsement_verified and draft.endorsement_document_id and not draft.endorsement_verified:
        draft.set_endorsement_verified(True, by=user)
        changed = True
    if changed:
        draft.save_revision(user=user, log_action=True)
    make_media_public(draft)
