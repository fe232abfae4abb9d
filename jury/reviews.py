"""A juror's review of an assigned initiative: drafts, submission, reopening, conflicts of interest.

The rules live here, whoever calls them: a draft keeps whatever was typed (scores may be missing, but a
score given must lie within the evaluation's scale); submitting needs every criterion scored, and a
comment on every score at either end of the scale, then locks the review; only a chair of the
evaluation (or the secretariat) reopens it, with a reason. Reviews are saved and submitted only within
the scoring window (`ScoringWindow`). A juror who declares a conflict of interest stops reviewing the
initiative (`Assignment.stands`); the secretariat's balancing reassigns it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .access import sees_every_score
from .models import Assignment, ConflictKind, Criterion, Evaluation, Review, Score


class ReviewRefused(Exception):
    """What was asked cannot be done; `errors` tells which criterion (by id) is at fault, if any."""

    def __init__(self, message: str, errors: dict[int, str] | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


# Chairs reopen reviews when they read the ranking, mostly once scoring has closed: the juror is then
# given this long from the reopening to change and submit the review again.
REOPEN_GRACE = datetime.timedelta(days=7)


@dataclass(frozen=True)
class ScoringWindow:
    """When a juror may save and submit a review: from the day scoring opens to the day it closes, both
    included, in the site's time zone; a review reopened by a chair, until `REOPEN_GRACE` after its
    reopening if that is later."""

    opens_on: datetime.date
    closes_on: datetime.date
    last_day: datetime.date
    today: datetime.date

    @classmethod
    def of(cls, evaluation: Evaluation, review: Review | None = None) -> ScoringWindow:
        last_day = evaluation.scoring_closes
        if review is not None and review.reopened_at is not None:
            last_day = max(last_day, timezone.localdate(review.reopened_at) + REOPEN_GRACE)
        return cls(
            opens_on=evaluation.scoring_opens,
            closes_on=evaluation.scoring_closes,
            last_day=last_day,
            today=timezone.localdate(),
        )

    @property
    def not_yet_open(self) -> bool:
        return self.today < self.opens_on

    @property
    def past_closing(self) -> bool:
        """The evaluation's closing day has passed (a reopened review may still be changed)."""
        return self.today > self.closes_on

    @property
    def closed(self) -> bool:
        """Nothing can be saved any more."""
        return self.today > self.last_day

    @property
    def extended(self) -> bool:
        """Scoring has closed, but the review was reopened and may still be changed."""
        return self.past_closing and not self.closed

    def refusal(self) -> str | None:
        """Why nothing can be saved today, or None."""
        if self.not_yet_open:
            return _(
                "Scoring opens on %(date)s: until then you can read the initiative but not score it."
            ) % {"date": date_format(self.opens_on)}
        if self.closed:
            return _(
                "Scoring closed on %(date)s: nothing was saved. What you typed is still below; "
                "if your review must change, ask a chair."
            ) % {"date": date_format(self.last_day)}
        return None


@dataclass(frozen=True)
class Entry:
    """A juror's score (None while not given) and comment on one criterion."""

    value: int | None = None
    comment: str = ""


def comment_required(evaluation: Evaluation, value: int | None) -> bool:
    """The lowest and the highest score must be explained."""
    return value is not None and value in (evaluation.scale_min, evaluation.scale_max)


def entry_errors(
    evaluation: Evaluation, criteria: list[Criterion], entries: dict[int, Entry], *, complete: bool
) -> dict[int, str]:
    """Why each criterion's entry is refused, by criterion id; `complete` for a submission."""
    errors = {}
    for criterion in criteria:
        entry = entries.get(criterion.pk, Entry())
        if entry.value is None:
            if complete:
                errors[criterion.pk] = _("Give a score for this criterion.")
        elif entry.value not in evaluation.scale:
            errors[criterion.pk] = out_of_scale_message(evaluation)
        elif complete and comment_required(evaluation, entry.value) and not entry.comment.strip():
            errors[criterion.pk] = _(
                "Explain the lowest or the highest score (%(min)s or %(max)s) in a comment."
            ) % {"min": evaluation.scale_min, "max": evaluation.scale_max}
    return errors


def out_of_scale_message(evaluation: Evaluation) -> str:
    return _("Choose a whole number from %(min)s to %(max)s.") % {
        "min": evaluation.scale_min,
        "max": evaluation.scale_max,
    }


def review_of(assignment: Assignment) -> Review | None:
    return Review.objects.filter(assignment=assignment).first()


def _locked_review(assignment: Assignment) -> Review:
    """The assignment's review, created if need be, locked for the transaction: two saves of one review
    (two tabs, a double click) run one after the other, and none changes a review just submitted."""
    Review.objects.get_or_create(assignment=assignment)
    return Review.objects.select_for_update().get(assignment=assignment)


def _check_standing(assignment: Assignment) -> None:
    assignment.refresh_from_db(fields=["conflict_declared_at"])
    if not assignment.stands:
        raise ReviewRefused(_("You declared a conflict of interest on this initiative."))


def _write(
    assignment: Assignment,
    entries: dict[int, Entry],
    overall_comment: str,
    authors_comment: str,
    *,
    complete: bool,
) -> Review:
    evaluation = assignment.evaluation
    criteria = list(evaluation.criteria.all())
    errors = entry_errors(evaluation, criteria, entries, complete=complete)
    if errors:
        raise ReviewRefused(_("The review could not be saved. Correct the errors below."), errors)
    _check_standing(assignment)
    review = _locked_review(assignment)
    if review.is_submitted:
        raise ReviewRefused(_("This review was submitted and is locked; only a chair can reopen it."))
    if refusal := ScoringWindow.of(evaluation, review).refusal():
        raise ReviewRefused(refusal)
    for criterion in criteria:
        entry = entries.get(criterion.pk, Entry())
        Score.objects.update_or_create(
            review=review, criterion=criterion, defaults={"value": entry.value, "comment": entry.comment}
        )
    review.overall_comment, review.authors_comment = overall_comment, authors_comment
    if complete:
        review.submitted_at = timezone.now()
    review.save()
    return review


@transaction.atomic
def save_draft(
    assignment: Assignment, entries: dict[int, Entry], overall_comment: str = "", authors_comment: str = ""
) -> Review:
    """Keeps what was typed, however incomplete; refuses only scores outside the scale."""
    return _write(assignment, entries, overall_comment, authors_comment, complete=False)


@transaction.atomic
def submit(
    assignment: Assignment,
    user,
    entries: dict[int, Entry],
    overall_comment: str = "",
    authors_comment: str = "",
) -> Review:
    """Saves a complete review and locks it."""
    review = _write(assignment, entries, overall_comment, authors_comment, complete=True)
    log(review, "jury.submit", user=user, data={assignment.evaluation.subject_field: assignment.subject.pk})
    return review


@transaction.atomic
def reopen(review: Review, user, reason: str) -> Review:
    """Unlocks a submitted review so that its juror can change it; the reason is kept with it."""
    if not sees_every_score(user, review.assignment.evaluation):
        raise ReviewRefused(_("Only a chair of the evaluation can reopen a review."))
    if not reason.strip():
        raise ReviewRefused(_("Give the reason for reopening the review."))
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_submitted:
        raise ReviewRefused(_("This review is not submitted: its juror can still change it."))
    review.submitted_at = None
    review.reopened_at, review.reopened_by, review.reopen_reason = timezone.now(), user, reason.strip()
    review.save()
    log(
        review,
        "jury.reopen",
        user=user,
        data={review.assignment.evaluation.subject_field: review.assignment.subject.pk, "reason": reason},
    )
    return review


@transaction.atomic
def declare_conflict(assignment: Assignment, user, kind: str, note: str) -> Assignment:
    """The juror stops reviewing the initiative; scores already given no longer count."""
    if kind not in ConflictKind.values:
        raise ReviewRefused(_("Choose the kind of conflict of interest."))
    if not note.strip():
        raise ReviewRefused(_("Describe the conflict of interest in a note."))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    if not assignment.stands:
        raise ReviewRefused(_("You declared a conflict of interest on this initiative."))
    assignment.conflict_kind, assignment.conflict_note = kind, note.strip()
    assignment.conflict_declared_at = timezone.now()
    assignment.save(update_fields=["conflict_kind", "conflict_note", "conflict_declared_at"])
    subject = {assignment.evaluation.subject_field: assignment.subject.pk}
    log(assignment, "jury.conflict", user=user, data={**subject, "kind": kind})
    return assignment
