"""The ranking of what an evaluation scores (initiatives, or a contest's entries), computed from the
submitted reviews in a few queries.

- An initiative's *weighted score* is the mean, over its submitted reviews, of each review's
  weighted score: the sum of the criterion's score times its weight, divided by 100 (so it stays on
  the evaluation's scale).
- Each *criterion's mean* is the mean of that criterion's submitted scores.
- *Disagreement*: on some criterion, two submitted scores differ by 2 points or more.
- Ties are broken by the criteria marked to break ties (citizen benefit, then replicability by
  default), then by the number of reviews done, then by the id of the initiative (or entry).
- The *normalised* score shows the effect of strict and lenient jurors: each juror's scores are
  turned into z-scores against all the scores that juror submitted in the evaluation, then put
  back on the scale with the mean and standard deviation of every submitted score (clamped to the
  scale). A juror whose scores are all equal gives z = 0 (the evaluation's mean).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Model, Q

from initiatives.models import InitiativePage

from .models import Assignment, Criterion, Evaluation, Score

DISAGREEMENT = 2


@dataclass(frozen=True)
class CriterionWeight:
    pk: int
    code: str
    weight: Decimal
    tie_break: int | None


@dataclass
class Ranked:
    # An initiative in a grant call's rounds, a contest's entry in a contest's.
    subject: Model
    reviews_done: int
    reviews_assigned: int
    criterion_means: dict[str, float | None]
    weighted: float | None
    normalised: float | None
    disagreement: bool
    rank: int = 0
    # Each submitted review's weighted score, by juror id: for chairs only.
    by_juror: dict[int, float] = field(default_factory=dict)

    @property
    def initiative(self) -> InitiativePage:
        """The subject of a grant call's round."""
        return self.subject


def weighted_score(values: dict[str, int], criteria: list[CriterionWeight]) -> float:
    """One review's weighted score; every criterion must have a value."""
    return float(sum(Decimal(values[c.code]) * c.weight for c in criteria) / Decimal(100))


def juror_normalisers(rows: list[tuple[int, int, str, int]], low: int, high: int):
    """A function (juror, value) -> the value normalised (see the module's docstring)."""
    values = [value for _subject, _juror, _code, value in rows]
    if len(values) < 2:
        return lambda juror, value: float(value)
    mean, spread = statistics.fmean(values), statistics.pstdev(values)
    by_juror: dict[int, list[int]] = defaultdict(list)
    for _subject, juror, _code, value in rows:
        by_juror[juror].append(value)
    moments = {
        juror: (statistics.fmean(scores), statistics.pstdev(scores)) for juror, scores in by_juror.items()
    }

    def normalise(juror: int, value: int) -> float:
        juror_mean, juror_spread = moments[juror]
        z = (value - juror_mean) / juror_spread if juror_spread else 0.0
        return min(float(high), max(float(low), mean + z * spread))

    return normalise


def criteria_of(evaluation: Evaluation) -> list[CriterionWeight]:
    return [
        CriterionWeight(pk=c.pk, code=c.code, weight=c.weight, tie_break=c.tie_break)
        for c in Criterion.objects.filter(evaluation=evaluation).order_by("sort_order", "pk")
    ]


def submitted_scores(evaluation: Evaluation) -> list[tuple[int, int, str, int]]:
    """(subject id, juror id, criterion code, value) of every submitted score of standing reviews."""
    return list(
        Score.objects.filter(
            review__assignment__evaluation=evaluation,
            review__assignment__conflict_declared_at__isnull=True,
            review__submitted_at__isnull=False,
            value__isnull=False,
        ).values_list(
            f"review__assignment__{evaluation.subject_field}_id",
            "review__assignment__juror_id",
            "criterion__code",
            "value",
        )
    )


def rank(evaluation: Evaluation, subjects: list[Model] | None = None) -> list[Ranked]:
    """What the evaluation scores, best first (see the module's docstring).

    `subjects` (initiatives, or a contest's entries) default to those with an assignment. Four queries,
    whatever the numbers.
    """
    criteria = criteria_of(evaluation)
    rows = submitted_scores(evaluation)
    subject_column = f"{evaluation.subject_field}_id"
    assigned = dict(
        Assignment.objects.filter(evaluation=evaluation)
        .values(subject_column)
        .annotate(standing=Count("pk", filter=Q(conflict_declared_at__isnull=True)))
        .values_list(subject_column, "standing")
    )
    if subjects is None:
        model = Assignment._meta.get_field(evaluation.subject_field).related_model
        subjects = list(model._default_manager.filter(pk__in=list(assigned)).order_by("pk"))
    normalise = juror_normalisers(rows, evaluation.scale_min, evaluation.scale_max)

    reviews: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for subject_pk, juror_id, code, value in rows:
        reviews[subject_pk][juror_id][code] = value
    codes = [c.code for c in criteria]
    ranked = []
    for subject in subjects:
        complete = {
            juror: values
            for juror, values in reviews.get(subject.pk, {}).items()
            if set(codes) <= set(values)
        }
        per_criterion = {code: [values[code] for values in complete.values()] for code in codes}
        by_juror = {juror: weighted_score(values, criteria) for juror, values in complete.items()}
        normalised = [
            weighted_score({code: normalise(juror, values[code]) for code in codes}, criteria)
            for juror, values in complete.items()
        ]
        ranked.append(
            Ranked(
                subject=subject,
                reviews_done=len(complete),
                reviews_assigned=assigned.get(subject.pk, 0),
                criterion_means={
                    code: statistics.fmean(values) if values else None
                    for code, values in per_criterion.items()
                },
                weighted=statistics.fmean(by_juror.values()) if by_juror else None,
                normalised=statistics.fmean(normalised) if normalised else None,
                disagreement=any(
                    values and max(values) - min(values) >= DISAGREEMENT for values in per_criterion.values()
                ),
                by_juror=by_juror,
            )
        )
    tie_breakers = [c.code for c in sorted((c for c in criteria if c.tie_break), key=lambda c: c.tie_break)]

    def order(entry: Ranked):
        scored = entry.weighted is not None
        ties = [-(entry.criterion_means[code] or 0.0) for code in tie_breakers]
        return (not scored, -(entry.weighted or 0.0), *ties, -entry.reviews_done, entry.subject.pk)

    ranked.sort(key=order)
    for position, entry in enumerate(ranked, start=1):
        entry.rank = position
    return ranked
