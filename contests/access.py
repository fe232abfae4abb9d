"""Who may read an entry before the results, and what of it.

A draft is its author's alone. Once submitted, its author, the reviewers of its unit, the contest's
organisers and the administrators read all of it, the representative's contact included. The committee's
members read what they score (an entry assigned to them, or any forwarded one for a chair), never the
contact. Everyone else is told the entry does not exist.
"""

from __future__ import annotations

from enum import StrEnum

from jury.models import Assignment, Evaluation

from .entries import reviews_unit
from .models import Entry


class Reader(StrEnum):
    AUTHOR = "author"
    UNIT = "unit"
    ORGANISER = "organiser"
    COMMITTEE = "committee"

    @property
    def sees_contact(self) -> bool:
        return self is not Reader.COMMITTEE


def reader_of(user, entry: Entry) -> Reader | None:
    if not user.is_authenticated:
        return None
    if entry.author_id == user.pk:
        return Reader.AUTHOR
    # A draft is its author's alone, whoever runs the contest.
    if not entry.is_submitted:
        return None
    if entry.contest.is_organised_by(user):
        return Reader.ORGANISER
    if entry.unit is not None and reviews_unit(user, entry.unit):
        return Reader.UNIT
    if entry.is_forwarded and scores_or_chairs(user, entry):
        return Reader.COMMITTEE
    return None


def scores_or_chairs(user, entry: Entry) -> bool:
    assignments = Assignment.objects.filter(entry=entry, juror=user)
    if assignments.filter(conflict_declared_at__isnull=False).exists():
        return False
    if assignments.filter(evaluation__members__user=user).exists():
        return True
    return Evaluation.objects.filter(
        call=entry.contest_id, round=Evaluation.Round.CONTEST, members__user=user, members__is_chair=True
    ).exists()


def may_read_entry(user, entry: Entry) -> bool:
    return reader_of(user, entry) is not None
