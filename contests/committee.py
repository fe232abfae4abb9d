"""A contest's organising committee, on the selection's machinery: one evaluation of the contest (round
"contest") with the contest's criteria and weights and the committee's members as its jurors; each member
reviews every entry the units forwarded, except those of a unit of their own.

A member's own units are those they pre-screen for and those they entered the contest through: a unit
reviewer on the committee never scores their colleagues' entries. Assignments follow the forwarded entries
and the members (`sync_assignments`), so that nobody has to start the scoring by hand; an assignment whose
review has begun is never taken away.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet

from jury.models import Assignment, Criterion, Evaluation, JuryMember
from jury.ranking import Ranked, rank

from .entries import verified_addresses
from .models import ContestPage, Entry, PrizeAward

CONTEST_SCALE = (0, 10)
DEFAULT_CRITERIA = [
    ("novelty", "Tính mới, sáng tạo", "Novelty", 1),
    ("feasibility", "Tính khả thi", "Feasibility", None),
    ("effectiveness", "Tính hiệu quả", "Effectiveness", 2),
    ("applicability", "Khả năng áp dụng, nhân rộng", "Applicability", None),
]


def scoring_dates(contest: ContestPage) -> tuple[datetime.date, datetime.date]:
    """The committee scores from the day after the units' deadline to its own deadline."""
    return contest.prescreening_deadline + datetime.timedelta(days=1), contest.scoring_deadline


def evaluation_of(contest: ContestPage) -> Evaluation | None:
    return Evaluation.objects.filter(call=contest.original, round=Evaluation.Round.CONTEST).first()


@transaction.atomic
def committee_of(contest: ContestPage) -> Evaluation:
    """The contest's evaluation, made with the four usual criteria (25 % each) on first use."""
    contest = contest.original
    opens, closes = scoring_dates(contest)
    evaluation, created = Evaluation.objects.get_or_create(
        call=contest,
        round=Evaluation.Round.CONTEST,
        defaults={
            "scale_min": CONTEST_SCALE[0],
            "scale_max": CONTEST_SCALE[1],
            "scoring_opens": opens,
            "scoring_closes": closes,
            "shortlist_min": 0,
            "shortlist_max": 0,
        },
    )
    if created:
        for order, (code, name_vi, name_en, tie_break) in enumerate(DEFAULT_CRITERIA):
            Criterion.objects.create(
                evaluation=evaluation,
                sort_order=order,
                code=code,
                name_vi=name_vi,
                name_en=name_en,
                weight=Decimal(25),
                tie_break=tie_break,
            )
    return evaluation


def follow_contest_dates(contest: ContestPage) -> None:
    """Keeps the committee's scoring window on the contest's dates when they change."""
    opens, closes = scoring_dates(contest)
    Evaluation.objects.filter(call=contest.original, round=Evaluation.Round.CONTEST).update(
        scoring_opens=opens, scoring_closes=closes
    )


def members_units(contest: ContestPage, user) -> set[int]:
    """The ids of the contest's units that are the user's own (see the module's docstring)."""
    addresses = verified_addresses(user)
    own = {unit.pk for unit in contest.original.units.all() if addresses & set(unit.reviewer_address_list)}
    own |= set(
        Entry.objects.filter(contest=contest.original, author=user, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    return own


def forwarded_entries(contest: ContestPage) -> QuerySet[Entry]:
    return Entry.objects.filter(
        contest=contest.original, submitted_at__isnull=False, unit_decision=Entry.UnitDecision.FORWARDED
    )


def is_member(user, evaluation: Evaluation) -> bool:
    return user.is_authenticated and evaluation.members.filter(user=user).exists()


@transaction.atomic
def sync_assignments(contest: ContestPage) -> None:
    """Every member reviews every forwarded entry not of their own units; assignments no longer wanted go,
    unless their review has begun."""
    evaluation = evaluation_of(contest)
    if evaluation is None:
        return
    entries = list(forwarded_entries(contest).only("pk", "unit_id"))
    wanted = set()
    for member in evaluation.members.select_related("user"):
        own = members_units(contest, member.user)
        wanted |= {(member.user_id, entry.pk) for entry in entries if entry.unit_id not in own}
    existing = {
        (assignment.juror_id, assignment.entry_id): assignment
        for assignment in Assignment.objects.filter(evaluation=evaluation)
    }
    Assignment.objects.bulk_create(
        [
            Assignment(evaluation=evaluation, juror_id=juror_id, entry_id=entry_id)
            for juror_id, entry_id in wanted - set(existing)
        ]
    )
    unwanted = [existing[key].pk for key in set(existing) - wanted]
    Assignment.objects.filter(pk__in=unwanted, review__isnull=True).delete()


def ranking(contest: ContestPage) -> list[Ranked]:
    """The forwarded entries, best first, by the committee's submitted reviews."""
    evaluation = evaluation_of(contest)
    if evaluation is None:
        return []
    entries = list(forwarded_entries(contest).select_related("topic", "unit").order_by("pk"))
    return rank(evaluation, entries)


def awards_of(contest: ContestPage) -> list[PrizeAward]:
    return list(
        PrizeAward.objects.filter(entry__contest=contest.original)
        .select_related("entry__topic", "entry__unit", "entry__initiative", "tier")
        .order_by("tier__sort_order", "entry__title")
    )


def add_member(evaluation: Evaluation, user, *, is_chair: bool = False) -> JuryMember:
    member, _created = JuryMember.objects.get_or_create(
        evaluation=evaluation,
        user=user,
        defaults={"is_chair": is_chair, "sort_order": evaluation.members.count()},
    )
    return member
