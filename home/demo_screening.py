"""Screening as it happened, for the demo: submissions to the two demo calls, decided by the demo
screener through the real workflow (accepted into either hall, declined, changes requested and sent
again), then dated back into each call's intake window, so that the statistics page's funnels and
median days to a decision show figures.

The calls' intake windows closed years ago and a submission to a closed call is refused, so each is
sent without a call and the call is added to its draft revision before the decision publishes it.
"""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import WorkflowState

from calls.models import CallPage
from initiatives.models import InitiativePage
from screening.decisions import decide
from screening.models import ReviewTaskState
from submissions.models import Submission, SubmissionFile
from submissions.services import add_files, submit

SENT_AT_HOUR = 9
HISTORY_KEYS = {"scan", "call", "sent_on", "decisions"}  # the rest is what the submission form stores


class ScreeningDemo:
    def __init__(self, builder, calls: dict, submitter, screener, records: list[dict], make_pdf) -> None:
        self.builder = builder
        self.calls = calls
        self.submitter = submitter
        self.screener = screener
        self.records = records
        self.make_pdf = make_pdf

    def build(self) -> None:
        for record in self.records:
            if not Submission.objects.filter(owner=self.submitter, data__title=record["title"]).exists():
                self.screen(record)

    def screen(self, record: dict) -> None:
        values = {name: value for name, value in record.items() if name not in HISTORY_KEYS}
        contact = {"contact_name": self.submitter.full_name, "contact_email": self.submitter.email}
        submission = Submission.objects.create(owner=self.submitter, data={**values, **contact})
        if record["scan"]:
            scan = ContentFile(self.make_pdf(record["title"][:20]), name="xac-nhan.pdf")
            add_files(submission, SubmissionFile.Role.ENDORSEMENT, [scan])
        call = self.calls[record["call"]][record["language"]]
        sent_at = timezone.make_aware(
            datetime.datetime.combine(
                datetime.date.fromisoformat(record["sent_on"]), datetime.time(SENT_AT_HOUR)
            )
        )
        decided_at = sent_at
        for step in record["decisions"]:
            page = submit(submission, self.submitter)
            if step is record["decisions"][-1]:
                self.add_call(page, call)
            state = InitiativePage.objects.get(pk=page.pk).current_workflow_task_state
            data = {"comment": step.get("comment", "")}
            if step["action"] == "approve":
                data.update(hall=step["hall"], endorsement_verified=record["scan"])
            decide(state, self.screener, step["action"], **data)
            started_at = decided_at
            decided_at = sent_at + datetime.timedelta(days=step["after_days"])
            ReviewTaskState.objects.filter(pk=state.pk).update(started_at=started_at, finished_at=decided_at)
            WorkflowState.objects.filter(pk=state.workflow_state_id).update(created_at=started_at)
        submission.refresh_from_db()
        # Begun the day before it was sent, so that its timeline in "My initiatives" reads in order.
        Submission.objects.filter(pk=submission.pk).update(
            created_at=sent_at - datetime.timedelta(days=1),
            submitted_at=sent_at,
            data={**submission.data, "call": call.pk},
        )
        self.builder.published_on(page, decided_at)
        self.builder.report.count("screened submission")

    def add_call(self, page: InitiativePage, call: CallPage) -> None:
        """On the revision a decision publishes, and on the page itself for one that stays a draft."""
        draft = page.get_latest_revision_as_object()
        draft.call = call
        draft.save_revision(user=self.submitter)
        InitiativePage.objects.filter(pk=page.pk).update(call=call)
