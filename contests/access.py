"""Who may read an entry before the results: its author, the reviewers of its unit once it is submitted,
the contest's organisers and the administrators. Everyone else is told it does not exist."""

from __future__ import annotations

from .entries import reviews_unit
from .models import Entry


def may_read_entry(user, entry: Entry) -> bool:
    if not user.is_authenticated:
        return False
    if entry.author_id == user.pk or user.is_superuser:
        return True
    if entry.is_submitted and entry.unit is not None and reviews_unit(user, entry.unit):
        return True
    return entry.contest.is_organised_by(user)
