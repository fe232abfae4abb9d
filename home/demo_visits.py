"""Visits of the last 90 days, for the demo: the footer's counter, and the statistics page's most viewed
initiatives, show figures from the start. Made up with a fixed seed (the same on every machine), and only
on a site that has counted no day yet, so that no real count is ever mixed with them.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from initiatives.models import InitiativePage
from visits.models import DailyPageViews, DailyVisits

DAYS = 90
VIEWED_DAYS = 30
SEED = 2026


class VisitsDemo:
    def __init__(self, builder) -> None:
        self.builder = builder

    def build(self) -> None:
        if DailyVisits.objects.exists():
            return
        chance = random.Random(SEED)  # noqa: S311 - made-up figures, not security
        today = timezone.localdate()
        days = [today - timedelta(days=back) for back in range(DAYS, 0, -1)]
        DailyVisits.objects.bulk_create(
            DailyVisits(day=day, views=(views := chance.randint(900, 2400)), visitors=views * 2 // 5)
            for day in days
        )
        initiatives = list(InitiativePage.objects.live().filter(alias_of=None).order_by("path"))
        chance.shuffle(initiatives)
        popular = initiatives[:12]
        DailyPageViews.objects.bulk_create(
            DailyPageViews(day=day, page=page, views=chance.randint(1, 30) * (len(popular) - rank))
            for day in days[-VIEWED_DAYS:]
            for rank, page in enumerate(popular)
        )
        self.builder.report.count("day of demo visits", len(days))
