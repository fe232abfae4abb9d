"""Who may see and do what in the selection: one place for every view, file and export to ask.

- The secretariat (administrators: superusers) configures evaluations, assigns jurors, exports.
- A chair of an evaluation sees its ranking and every score, reopens reviews, publishes the
  shortlist and awards grants.
- A juror reaches only the initiatives assigned to them in evaluations they belong to, and not
  those on which they declared a conflict; they never see another juror's scores.
- Authors (owner and co-authors of the initiative) reach their own full proposal and grant.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from calls.models import CallPage

from .models import GRANT_ROUNDS, JURY_GROUP_NAME, Assignment, Evaluation


def is_secretariat(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def is_juror(user) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return user.groups.filter(name=JURY_GROUP_NAME).exists()


def is_chair(user, evaluation: Evaluation) -> bool:
    return bool(user.is_authenticated and user.is_active and evaluation.is_chair(user))


def sees_every_score(user, evaluation: Evaluation) -> bool:
    """Chairs and the secretariat: the ranking, every score, reopening a review."""
    return is_secretariat(user) or is_chair(user, evaluation)


def chaired_evaluations(user, round: str | None = Evaluation.Round.FIRST):
    """The evaluations of `round` (of both rounds of grant calls with None) the user chairs; all of them
    for the secretariat. Grants are managed by the first round's chairs, hence the default."""
    rounds = GRANT_ROUNDS if round is None else [round]
    evaluations = Evaluation.objects.filter(round__in=rounds)
    if is_secretariat(user):
        return evaluations
    if not (user.is_authenticated and user.is_active):
        return evaluations.none()
    return evaluations.filter(members__user=user, members__is_chair=True)


def is_chair_of_call(user, call) -> bool:
    """A chair of any evaluation of the call, whichever language tree the call page is in."""
    if not (user.is_authenticated and user.is_active):
        return False
    return Evaluation.objects.filter(
        Q(call=call) | Q(call__translation_key=call.translation_key),
        members__user=user,
        members__is_chair=True,
    ).exists()


def may_read_private_files(user, initiative, call) -> bool:
    """A full proposal's letter and a grant's reports: their authors, the call's chairs (unless they
    declared a conflict on the initiative), the secretariat."""
    if is_author(user, initiative) or is_secretariat(user):
        return True
    return is_chair_of_call(user, call) and not declared_conflict(user, initiative)


def declared_conflict(user, subject, evaluation: Evaluation | None = None) -> bool:
    """Whether the user declared a conflict on the subject (an initiative, or in a contest's evaluation an
    entry), in that evaluation, or on the initiative in any."""
    field = evaluation.subject_field if evaluation is not None else "initiative"
    conflicts = Assignment.objects.filter(juror=user, conflict_declared_at__isnull=False, **{field: subject})
    if evaluation is not None:
        conflicts = conflicts.filter(evaluation=evaluation)
    return conflicts.exists()


def standing_assignment(user, evaluation: Evaluation, subject_id: int) -> Assignment | None:
    """The user's assignment to review the subject (an initiative, or a contest's entry), if it stands (no
    conflict declared)."""
    if not is_juror(user):
        return None
    return (
        Assignment.objects.filter(
            evaluation=evaluation,
            juror=user,
            conflict_declared_at__isnull=True,
            evaluation__members__user=user,
            **{f"{evaluation.subject_field}_id": subject_id},
        )
        .select_related("evaluation", "initiative", "entry")
        .first()
    )


def is_author(user, initiative) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    return initiative.owner_id == user.pk or initiative.co_authors.filter(pk=user.pk).exists()


def evaluation_of_call(call_page_id: int, round: str = Evaluation.Round.FIRST) -> Evaluation:
    """The evaluation of that round of the call with that page id, in whichever language tree; 404
    without one."""
    call = CallPage.objects.filter(pk=call_page_id).first()
    if call is None:
        raise Http404
    evaluation = (
        Evaluation.objects.filter(Q(call=call) | Q(call__translation_key=call.translation_key), round=round)
        .select_related("call")
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def rounds_read(user, evaluation: Evaluation) -> list[Evaluation]:
    """The evaluations of the same call, in the rounds' order, whose every score the user sees."""
    order = list(Evaluation.Round.values)
    evaluations = Evaluation.objects.filter(call__translation_key=evaluation.call.translation_key)
    if not is_secretariat(user):
        evaluations = evaluations.filter(members__user=user, members__is_chair=True)
    return sorted(evaluations.select_related("call"), key=lambda found: order.index(found.round))
