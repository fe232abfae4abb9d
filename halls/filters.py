"""The hall listing's filters: django-filter for the narrowing, grouped counts for the facets."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.db.models import Count, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from initiatives.models import (
    Goal,
    InnovationType,
    ProposerType,
    Province,
    Province2025,
    Stage,
    localized,
)


@dataclass(frozen=True)
class Facet:
    """How one filter groups its counts: the value path and its two label paths."""

    name: str
    label: str
    value_path: str
    label_vi_path: str | None = None
    label_en_path: str | None = None


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


class InitiativeFilterSet(django_filters.FilterSet):
    province = django_filters.ModelMultipleChoiceFilter(
        label=_("Province (before 2025)"),
        field_name="province__gso_code",
        to_field_name="gso_code",
        queryset=Province.objects.all(),
    )
    province_2025 = django_filters.ModelMultipleChoiceFilter(
        label=_("Province (since July 2025)"),
        field_name="province__merged_into__code",
        to_field_name="code",
        queryset=Province2025.objects.all(),
    )
    goal = django_filters.ModelMultipleChoiceFilter(
        label=_("Goal"), field_name="goals__code", to_field_name="code", queryset=Goal.objects.all()
    )
    type = django_filters.ModelMultipleChoiceFilter(
        label=_("Innovation type"),
        field_name="innovation_types__code",
        to_field_name="code",
        queryset=InnovationType.objects.all(),
    )
    stage = django_filters.ModelMultipleChoiceFilter(
        label=_("Stage"), field_name="stage__code", to_field_name="code", queryset=Stage.objects.all()
    )
    proposer = django_filters.ModelMultipleChoiceFilter(
        label=_("Proposer"),
        field_name="proposer_type__code",
        to_field_name="code",
        queryset=ProposerType.objects.all(),
    )
    year = django_filters.MultipleChoiceFilter(
        label=_("Start year"),
        field_name="start_year",
        choices=[(str(y), str(y)) for y in range(1990, 2101)],
    )

    FACETS = (
        Facet(
            "province",
            _("Province (before 2025)"),
            "province__gso_code",
            "province__name_vi",
            "province__name_en",
        ),
        Facet(
            "province_2025",
            _("Province (since July 2025)"),
            "province__merged_into__code",
            "province__merged_into__name_vi",
            "province__merged_into__name_en",
        ),
        Facet("goal", _("Goal"), "goals__code", "goals__name_vi", "goals__name_en"),
        Facet(
            "type",
            _("Innovation type"),
            "innovation_types__code",
            "innovation_types__name_vi",
            "innovation_types__name_en",
        ),
        Facet("stage", _("Stage"), "stage__code", "stage__name_vi", "stage__name_en"),
        Facet(
            "proposer",
            _("Proposer"),
            "proposer_type__code",
            "proposer_type__name_vi",
            "proposer_type__name_en",
        ),
        Facet("year", _("Start year"), "start_year"),
    )

    def selected_values(self, name: str) -> set[str]:
        return {v for v in self.data.getlist(name) if v} if isinstance(self.data, QueryDict) else set()

    def _cleaned(self) -> dict:
        self.is_valid()
        return getattr(self.form, "cleaned_data", {})

    def queryset_without(self, excluded: str) -> QuerySet:
        """The listing narrowed by every filter but one: a facet counts against the others."""
        cleaned = self._cleaned()
        queryset = self.queryset
        for name, filter_ in self.filters.items():
            if name != excluded and name in cleaned:
                queryset = filter_.filter(queryset, cleaned[name])
        return queryset

    def facets(self) -> list[tuple[Facet, list[FacetOption]]]:
        result = []
        for facet in self.FACETS:
            paths = [p for p in (facet.value_path, facet.label_vi_path, facet.label_en_path) if p]
            rows = (
                self.queryset_without(facet.name)
                .order_by()
                .filter(**{f"{facet.value_path}__isnull": False})
                .values(*paths)
                .annotate(count=Count("pk", distinct=True))
            )
            selected = self.selected_values(facet.name)
            options = [
                FacetOption(
                    value=str(row[facet.value_path]),
                    label=localized(row[facet.label_vi_path], row[facet.label_en_path])
                    if facet.label_vi_path
                    else str(row[facet.value_path]),
                    count=row["count"],
                    selected=str(row[facet.value_path]) in selected,
                )
                for row in rows
            ]
            options += self._selected_without_matches(facet, selected, {o.value for o in options})
            if facet.name == "year":
                options.sort(key=lambda o: o.value, reverse=True)
            else:
                options.sort(key=lambda o: o.label)
            result.append((facet, options))
        return result

    def _selected_without_matches(
        self, facet: Facet, selected: set[str], shown: set[str]
    ) -> list[FacetOption]:
        """Keep a chosen value visible, at zero, so that it can still be unticked."""
        missing = selected - shown
        if not missing:
            return []
        labels = {
            str(getattr(term, self.filters[facet.name].field.to_field_name or "pk", term)): getattr(
                term, "label", str(term)
            )
            for term in self._cleaned().get(facet.name) or []
        }
        return [
            FacetOption(value, labels.get(value, value), 0, True)
            for value in sorted(missing)
            if value in labels
        ]
