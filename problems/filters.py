"""The bank's filters and facet counts: the halls' machinery (`halls.filters`) on the problems' facets.

As in the halls, filter values are codes from the cleaned query string; unknown ones are ignored,
and each facet counts its values in one grouped query against the other filters.
"""

from __future__ import annotations

import django_filters
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from halls.filters import (
    AnyValueMultipleField,
    CodeFilter,
    Facet,
    FacetCounts,
    FacetOption,
    InitiativeFilterSet,
)
from initiatives.models import Goal, Province2025

from .taxonomy import ProblemStatus, Sector


class StatusFilter(django_filters.MultipleChoiceFilter):
    """Matches any of the given statuses; values that are no status are ignored, like unknown codes."""

    field_class = AnyValueMultipleField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        statuses = [v for v in value or [] if v in ProblemStatus.values]
        return qs.filter(status__in=statuses) if statuses else qs


class ProblemFilterSet(InitiativeFilterSet):
    """Filters a queryset of problems; cleaning, selection and counting come from the halls' filter set."""

    province = CodeFilter(label=_("Province"), field_name="province__code", term_model=Province2025)
    goal = CodeFilter(label=_("Goal"), field_name="goals__code", term_model=Goal)
    sector = CodeFilter(label=_("Sector"), field_name="sector__code", term_model=Sector)
    status = StatusFilter(label=_("Status"), field_name="status")
    # The initiatives' other facets mean nothing for a problem.
    province_2025 = type = stage = proposer = year = None

    TERM_FACETS = {
        "province": (Province2025, "code", "province"),
        "goal": (Goal, "code", "goals"),
        "sector": (Sector, "code", "sector"),
    }

    class Meta:
        model = None
        fields: list[str] = []

    def facets(self) -> list[FacetCounts]:
        result = []
        for name, filter_ in self.filters.items():
            selected = set(self.selected_values(name))
            others = self.queryset_without(name).order_by()
            if name == "status":
                options = self._status_options(others, selected)
            else:
                options = self._term_options(name, others, selected)
            result.append(FacetCounts(Facet(name, filter_.label), options))
        return result

    def _status_options(self, others: QuerySet, selected: set[str]) -> list[FacetOption]:
        rows = others.values("status").annotate(count=Count("pk"))
        counts = {row["status"]: row["count"] for row in rows}
        return [
            FacetOption(status.value, status.label, counts.get(status.value, 0), status.value in selected)
            for status in ProblemStatus
            if counts.get(status.value) or status.value in selected
        ]
