"""The hall listing's filters and facet counts, in a fixed number of SQL queries.

Filter values are codes taken from the query string, cleaned (`initiatives.query`) but without a
database look-up; a facet whose values are all unknown is ignored in SQL (see `CodeFilter`), and
the facet counts come from one grouped query per facet, so the number of queries does not depend
on what is selected.

The counts group the hall's initiatives by the facet's column (or, for goals and innovation types, the
pairs of the many-to-many table that belong to them) and name the values from the small table of terms
afterwards: counting from the terms' side joins every initiative of the site to them first, three times
as long in a hall of 10,000. Filters on goals and types keep the initiatives whose pairs match (a
subquery), never a join: each initiative stays one row, counted once, with no DISTINCT.
"""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django import forms
from django.db.models import Count, Exists, IntegerField, Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.text import vietnamese_sort_key
from initiatives.models import (
    FIRST_START_YEAR,
    LAST_START_YEAR,
    Goal,
    InitiativePage,
    InnovationType,
    ProposerType,
    Province,
    Province2025,
    Stage,
)
from initiatives.query import UnknownValue, cleaned_query, whole_number


def first_field(model: type[Model], path: str):
    """The model's field a lookup path ("goals__code", "province__merged_into") starts from."""
    return model._meta.get_field(path.split("__")[0])


class AnyValueMultipleField(forms.MultipleChoiceField):
    """Accepts any list of values: the facets, not the form, know which ones exist."""

    def valid_value(self, value) -> bool:
        return True


class CodeFilter(django_filters.MultipleChoiceFilter):
    """Matches any of the given codes (OR); when none of them is known the filter does nothing."""

    field_class = AnyValueMultipleField

    def __init__(self, *args, term_model: type[Model], code_field: str = "code", **kwargs):
        self.term_model = term_model
        self.code_field = code_field
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value) -> QuerySet:
        codes = [v for v in value or [] if v]
        if not codes:
            return qs
        matches = Q(**{f"{self.field_name}__in": codes})
        if first_field(qs.model, self.field_name).many_to_many:
            matches = Q(pk__in=qs.model.objects.filter(matches).values("pk"))
        none_known = ~Exists(self.term_model.objects.filter(**{f"{self.code_field}__in": codes}))
        return qs.filter(matches | none_known)


class YearFilter(django_filters.MultipleChoiceFilter):
    """Matches any of the given years; years no initiative can start in are ignored, like unknown codes."""

    field_class = AnyValueMultipleField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        years = [whole_number(v, minimum=FIRST_START_YEAR, maximum=LAST_START_YEAR) for v in value or []]
        years = [year for year in years if year is not None]
        return qs.filter(start_year__in=years) if years else qs


@dataclass(frozen=True)
class Facet:
    name: str
    label: str


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class FacetCounts:
    facet: Facet
    options: list[FacetOption]

    @property
    def name(self) -> str:
        return self.facet.name

    @property
    def label(self) -> str:
        return self.facet.label


class InitiativeFilterSet(django_filters.FilterSet):
    province = CodeFilter(
        label=_("Province (before 2025)"),
        field_name="province__gso_code",
        term_model=Province,
        code_field="gso_code",
    )
    province_2025 = CodeFilter(
        label=_("Province (since July 2025)"),
        field_name="province__merged_into__code",
        term_model=Province2025,
    )
    goal = CodeFilter(label=_("Goal"), field_name="goals__code", term_model=Goal)
    type = CodeFilter(
        label=_("Innovation type"), field_name="innovation_types__code", term_model=InnovationType
    )
    stage = CodeFilter(label=_("Stage"), field_name="stage__code", term_model=Stage)
    proposer = CodeFilter(label=_("Proposer"), field_name="proposer_type__code", term_model=ProposerType)
    year = YearFilter(label=_("Start year"), field_name="start_year")

    # Facet name -> (term model, code field, the listed model's field holding the term: a foreign key, one
    # across a foreign key, or a many-to-many field).
    TERM_FACETS = {
        "province": (Province, "gso_code", "province"),
        "province_2025": (Province2025, "code", "province__merged_into"),
        "goal": (Goal, "code", "goals"),
        "type": (InnovationType, "code", "innovation_types"),
        "stage": (Stage, "code", "stage"),
        "proposer": (ProposerType, "code", "proposer_type"),
    }

    class Meta:
        model = InitiativePage
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Every filter, facet and selection reads the cleaned values: no NUL reaches PostgreSQL.
        super().__init__(cleaned_query(data) if data is not None else None, *args, **kwargs)

    def selected_values(self, name: str) -> list[str]:
        getlist = getattr(self.data, "getlist", None)
        return [v for v in getlist(name) if v] if getlist else []

    def has_selection(self) -> bool:
        return any(self.selected_values(name) for name in self.filters)

    def queryset_without(self, excluded: str) -> QuerySet:
        """The listing narrowed by every filter but one: a facet counts against the others."""
        self.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        queryset = self.queryset
        for name, filter_ in self.filters.items():
            if name != excluded and cleaned.get(name):
                queryset = filter_.filter(queryset, cleaned[name])
        return queryset

    def facets(self) -> list[FacetCounts]:
        result = []
        for name, filter_ in self.filters.items():
            selected = set(self.selected_values(name))
            others = self.queryset_without(name).order_by()
            if name == "year":
                options = self._year_options(others, selected)
            else:
                options = self._term_options(name, others, selected)
            result.append(FacetCounts(Facet(name, filter_.label), options))
        return result

    def unknown_values(self, facets: list[FacetCounts]) -> list[UnknownValue]:
        """The selected values that name no term, read from `facets()` (which lists every known
        selected value, even without matches): no query of its own."""
        unknown = []
        for counts in facets:
            known = {option.value for option in counts.options}
            for value in self.selected_values(counts.name):
                if counts.name == "year":
                    is_known = whole_number(value, minimum=FIRST_START_YEAR, maximum=LAST_START_YEAR)
                else:
                    is_known = value in known
                if not is_known:
                    unknown.append(UnknownValue(str(counts.label), value))
        return unknown

    def _term_options(self, name: str, others: QuerySet, selected: set[str]) -> list[FacetOption]:
        term_model, code_field, held_in = self.TERM_FACETS[name]
        field = first_field(others.model, held_in)
        if field.many_to_many:
            pairs = field.remote_field.through.objects.filter(
                **{f"{field.m2m_column_name()}__in": others.values("pk")}
            )
            grouped = pairs.values_list(field.m2m_reverse_name()).annotate(count=Count("pk"))
        else:
            grouped = others.values_list(held_in).annotate(count=Count("pk"))
        counts = dict(grouped.order_by())
        options = []
        for term in term_model.objects.order_by(*term_model._meta.ordering):
            code = getattr(term, code_field)
            if counts.get(term.pk) or code in selected:
                options.append(FacetOption(code, term.label, counts.get(term.pk, 0), code in selected))
        if name.startswith("province"):
            options.sort(key=lambda option: vietnamese_sort_key(option.label))
        return options

    def _year_options(self, others: QuerySet, selected: set[str]) -> list[FacetOption]:
        rows = (
            others.filter(start_year__isnull=False)
            .order_by("-start_year")
            .values("start_year")
            .annotate(count=Count("pk", output_field=IntegerField()))
        )
        options = [FacetOption(str(r["start_year"]), str(r["start_year"]), r["count"], False) for r in rows]
        for option in options:
            option.selected = option.value in selected
        return options
