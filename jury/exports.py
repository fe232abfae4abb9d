"""The CSV exports of an evaluation (a grant call's round or a contest's): the ranking and every submitted
score.

UTF-8 with a byte-order mark, so that Excel opens Vietnamese titles correctly.
"""

from __future__ import annotations

import csv

from django.http import HttpResponse

from .models import Evaluation, Score
from .ranking import criteria_of, rank

BOM = "\ufeff"


def csv_response(filename: str, rows) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    writer = csv.writer(response)
    writer.writerows(rows)
    return response


def number(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}".rstrip("0").rstrip(".")


def ranking_rows(evaluation: Evaluation):
    codes = [criterion.code for criterion in criteria_of(evaluation)]
    yield [
        "rank",
        f"{evaluation.subject_field} id",
        "title",
        "weighted score",
        *codes,
        "reviews done",
        "reviews assigned",
        "disagreement",
    ]
    for entry in rank(evaluation):
        yield [
            entry.rank,
            entry.subject.pk,
            entry.subject.title,
            number(entry.weighted),
            *(number(entry.criterion_means[code]) for code in codes),
            entry.reviews_done,
            entry.reviews_assigned,
            "yes" if entry.disagreement else "no",
        ]


def score_rows(evaluation: Evaluation):
    """Only submitted reviews of standing assignments (no conflict declared)."""
    subject = f"review__assignment__{evaluation.subject_field}_id"
    yield [
        "juror e-mail",
        f"{evaluation.subject_field} id",
        "criterion code",
        "weight",
        "score",
        "submitted at",
    ]
    scores = (
        Score.objects.filter(
            review__assignment__evaluation=evaluation,
            review__assignment__conflict_declared_at__isnull=True,
            review__submitted_at__isnull=False,
        )
        .order_by(subject, "review__assignment__juror__email", "criterion__sort_order")
        .values_list(
            "review__assignment__juror__email",
            subject,
            "criterion__code",
            "criterion__weight",
            "value",
            "review__submitted_at",
        )
    )
    for email, subject_pk, code, weight, value, submitted_at in scores:
        yield [
            email,
            subject_pk,
            code,
            f"{weight.normalize():f}",
            "" if value is None else value,
            submitted_at.isoformat(),
        ]
