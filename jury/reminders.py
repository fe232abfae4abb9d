"""Each juror's progress in an evaluation, and the reminder to those with reviews still to do."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q

from screening.notifications import send_in_language

from .links import my_reviews_url
from .models import Assignment, Evaluation


@dataclass
class JurorProgress:
    juror: object
    done: int
    assigned: int

    @property
    def to_do(self) -> int:
        return self.assigned - self.done


def juror_progress(evaluation: Evaluation) -> list[JurorProgress]:
    """Per juror with standing assignments: reviews submitted and assigned. Two queries."""
    counts = {
        row["juror_id"]: row
        for row in Assignment.objects.filter(evaluation=evaluation, conflict_declared_at__isnull=True)
        .values("juror_id")
        .annotate(assigned=Count("pk"), done=Count("pk", filter=Q(review__submitted_at__isnull=False)))
    }
    jurors = get_user_model().objects.filter(pk__in=list(counts)).order_by("email")
    return [
        JurorProgress(juror=juror, done=counts[juror.pk]["done"], assigned=counts[juror.pk]["assigned"])
        for juror in jurors
    ]


def remind(evaluation: Evaluation) -> list:
    """E-mails every active juror with reviews still to do, in their language; returns them."""
    reminded = []
    for progress in juror_progress(evaluation):
        juror = progress.juror
        if progress.to_do <= 0 or not (juror.is_active and juror.email):
            continue
        send_in_language(
            juror,
            "jury/email/reminder",
            {
                "evaluation": evaluation,
                "call_title": evaluation.call.title,
                "done": progress.done,
                "assigned": progress.assigned,
                "to_do": progress.to_do,
                "deadline": evaluation.scoring_closes,
                "reviews_url": my_reviews_url(),
            },
        )
        reminded.append(juror)
    return reminded
