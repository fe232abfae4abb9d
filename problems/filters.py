"""The bank's filters and facet counts: the halls' machinery (`halls.filters`) on the problems' facets.

As in the halls, filter values are codes from the cleaned query string; unknown ones are ignored,
and every facet counts its values against the other filters in the halls' one statement.
"""

from __future__ import annotations

import django_filters
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from halls.filters import (
    AnyValueMultipleField,
    CodeFilter,
    FacetOption,
    InitiativeFilterSet,
)
from initiatives.models import Goal, Province2025

from .taxonomy import ProblemStatus, Sector


class StatusFilter(django_filters.MultipleChoiceFilter):
    """Matches any of the given statuses; values that are no status are ignored, like unknown codes."""

    field_class = AnyValueMultipleField

    def condition(self, model: type[Model], value) -> Q | None:
        statuses = [v for v in value or [] if v in ProblemStatus.values]
        return Q(**{f"{self.field_name}__in": statuses}) if statuses else None

    def filter(self, qs: QuerySet, value) -> QuerySet:
        condition = self.condition(qs.model, value)
        return qs if condition is None else qs.filter(condition)


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

    def options(self, name: str, counts: dict[str, int], selected: set[str]) -> list[FacetOption]:
        if name != "status":
            return super().options(name, counts, selected)
        return [
            FacetOption(status.value, status.label, counts.get(status.value, 0), status.value in selected)
            for status in ProblemStatus
            if counts.get(status.value) or status.value in selected
        ]
