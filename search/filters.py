"""The solutions bank's filters on the database: the hall listing's, plus hall, call and language."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Q, QuerySet

from halls.filters import AnyValueMultipleField, FacetOption, InitiativeFilterSet
from halls.models import HallPage
from initiatives.models import InitiativePage

from . import facets


def _under_halls(kinds) -> Q | None:
    """Pages in the halls of these kinds (in every language tree), or None when there is no such hall."""
    paths = HallPage.objects.filter(kind__in=kinds).values_list("path", flat=True)
    condition = None
    for path in paths:
        condition = Q(path__startswith=path) if condition is None else condition | Q(path__startswith=path)
    return condition


class HallFilter(django_filters.MultipleChoiceFilter):
    field_class = AnyValueMultipleField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        kinds = [v for v in value or [] if v]
        if not kinds:
            return qs
        condition = _under_halls(kinds)
        return qs.filter(condition) if condition is not None else qs.none()


class ValueFilter(django_filters.MultipleChoiceFilter):
    """Any of the values, on a plain column: the values were checked against the facet's vocabulary."""

    field_class = AnyValueMultipleField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        values = [v for v in value or [] if v]
        return qs.filter(**{f"{self.field_name}__in": values}) if values else qs


class SolutionsFilterSet(InitiativeFilterSet):
    hall = HallFilter(label=facets.HALL.label)
    call = ValueFilter(label=facets.CALL.label, field_name="call__slug")
    lang = ValueFilter(label=facets.LANGUAGE.label, field_name="language")

    def facet_options(self, name: str, others: QuerySet, selected: set[str]) -> list[FacetOption]:
        if name == "hall":
            return self._hall_options(others, selected)
        if name in ("call", "lang"):
            column = "call__slug" if name == "call" else "language"
            return self._column_options(name, column, others, selected)
        return super().facet_options(name, others, selected)

    @staticmethod
    def _options(name: str, counts: dict[str, int], selected: set[str]) -> list[FacetOption]:
        """Options in the vocabulary's order: those found, and those chosen even when none is left."""
        return [
            FacetOption(value, label, counts.get(value, 0), value in selected)
            for value, label in facets.vocabulary(name).items()
            if counts.get(value) or value in selected
        ]

    def _hall_options(self, others: QuerySet, selected: set[str]) -> list[FacetOption]:
        counts = {}
        for kind in facets.HALL_KINDS:
            condition = _under_halls([kind])
            if condition is not None:
                counts[kind] = Count("pk", filter=condition)
        totals = InitiativePage.objects.filter(pk__in=others).aggregate(**counts) if counts else {}
        return self._options("hall", totals, selected)

    def _column_options(self, name: str, column: str, others: QuerySet, selected: set[str]):
        rows = (
            InitiativePage.objects.filter(pk__in=others)
            .exclude(**{f"{column}__isnull": True})
            .order_by()
            .values(column)
            .annotate(count=Count("pk"))
        )
        return self._options(name, {row[column]: row["count"] for row in rows}, selected)
