"""The hall listing's filters and facet counts, in a fixed number of SQL queries.

Filter values are codes taken from the query string, cleaned (`initiatives.query`) but without a
database look-up; a facet whose values are all unknown is ignored in SQL (see `CodeFilter`), and
the number of queries does not depend on what is selected.

Every facet is counted, and the listing's total with them, in one statement (`FacetStatement`): the
hall's initiatives are read once (the CTE `standing`), each with the bits of the chosen facets it
misses, and each facet counts the initiatives that miss nothing or only that facet, so that a facet
counts against the other facets' choices. A query per facet read the hall's rows seven times: 70 ms
for a hall of 6,000 on PostgreSQL, against about 25 for the statement (less since the index of the
facets' values, `initiative_facet_values`). The counts group by the facet's
column (or, for goals and innovation types, by the pairs of the many-to-many table that belong to the
standing initiatives) and the values are named from the small tables of terms afterwards. Filters on
goals and types keep the initiatives whose pairs match (a subquery), never a join: each initiative stays
one row, counted once, with no DISTINCT.

What the statement answers depends on the pages and their terms only, not on the order or the page of the
listing shown: it is kept (`core.kept`) under a digest of the statement, until a page or a term changes, so
that a visitor paging through a hall, or sorting it, counts once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import django_filters
from django import forms
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Case, Exists, ExpressionWrapper, IntegerField, Model, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from core.i18n import current_language
from core.kept import kept
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


def terms_of(term_model: type[Model], code_field: str) -> list[tuple[str, str, str]]:
    """(key, code, label) of each term, in the model's order, labelled in the active language; kept in
    the cache (`core.kept`) until a term changes."""

    def work_out() -> list[tuple[str, str, str]]:
        terms = term_model.objects.order_by(*term_model._meta.ordering)
        return [(str(term.pk), getattr(term, code_field), term.label) for term in terms]

    return kept(f"terms:{term_model._meta.label}:{code_field}", work_out, current_language())


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

    def condition(self, model: type[Model], value) -> Q | None:
        """What the chosen codes keep of `model`'s rows; None when nothing was chosen."""
        codes = [v for v in value or [] if v]
        if not codes:
            return None
        matches = Q(**{f"{self.field_name}__in": codes})
        if first_field(model, self.field_name).many_to_many:
            matches = Q(pk__in=model.objects.filter(matches).values("pk"))
        none_known = ~Exists(self.term_model.objects.filter(**{f"{self.code_field}__in": codes}))
        return matches | none_known

    def filter(self, qs: QuerySet, value) -> QuerySet:
        condition = self.condition(qs.model, value)
        return qs if condition is None else qs.filter(condition)


class YearFilter(django_filters.MultipleChoiceFilter):
    """Matches any of the given years; years no initiative can start in are ignored, like unknown codes."""

    field_class = AnyValueMultipleField

    def condition(self, model: type[Model], value) -> Q | None:
        years = [whole_number(v, minimum=FIRST_START_YEAR, maximum=LAST_START_YEAR) for v in value or []]
        years = [year for year in years if year is not None]
        return Q(**{f"{self.field_name}__in": years}) if years else None

    def filter(self, qs: QuerySet, value) -> QuerySet:
        condition = self.condition(qs.model, value)
        return qs if condition is None else qs.filter(condition)


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

    def facet_fields(self) -> dict[str, str]:
        """Facet name -> the listed model's field holding its values."""
        return {
            name: self.TERM_FACETS[name][2] if name in self.TERM_FACETS else filter_.field_name
            for name, filter_ in self.filters.items()
        }

    def facets(self) -> list[FacetCounts]:
        """Every facet's options, counted against the other facets' choices; sets `total`, the number
        of rows the listing (`qs`) holds."""
        self.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        conditions = {}
        for name, filter_ in self.filters.items():
            if cleaned.get(name) and (condition := filter_.condition(self.queryset.model, cleaned[name])):
                conditions[name] = condition
        self.total, counts = FacetStatement(self.queryset, self.facet_fields(), conditions).run()
        return [
            FacetCounts(
                Facet(name, filter_.label),
                self.options(name, counts.get(name, {}), set(self.selected_values(name))),
            )
            for name, filter_ in self.filters.items()
        ]

    def options(self, name: str, counts: dict[str, int], selected: set[str]) -> list[FacetOption]:
        """The values found (`counts`, by their key as text), and those chosen even if none is left."""
        if name == "year":
            return self._year_options(counts, selected)
        return self._term_options(name, counts, selected)

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

    def _term_options(self, name: str, counts: dict[str, int], selected: set[str]) -> list[FacetOption]:
        term_model, code_field, _held_in = self.TERM_FACETS[name]
        options = []
        for key, code, label in terms_of(term_model, code_field):
            count = counts.get(key, 0)
            if count or code in selected:
                options.append(FacetOption(code, label, count, code in selected))
        if name.startswith("province"):
            options.sort(key=lambda option: vietnamese_sort_key(option.label))
        return options

    def _year_options(self, counts: dict[str, int], selected: set[str]) -> list[FacetOption]:
        possible = {
            value
            for value in selected
            if whole_number(value, minimum=FIRST_START_YEAR, maximum=LAST_START_YEAR)
        }
        years = sorted(set(counts) | possible, key=int, reverse=True)
        return [FacetOption(year, year, counts.get(year, 0), year in selected) for year in years]


TOTAL_ROW = 0


def counted_rows(name: str, chosen: Iterable[str], bit: int, missing: str = "missing") -> str:
    """SQL true for the rows that count for a facet's values (`bit`: the facet's bit in `missing`): those
    that miss no other facet of those `chosen`.

    Always true when no other facet is chosen, and then said so: PostgreSQL, which cannot tell how many
    rows pass a test of `missing`, would join the pairs of goals to a few rows, one by one.
    """
    if not set(chosen) - {name}:
        return "TRUE"
    return f"{missing} IN (0, {bit})"


class CountedPaginator(Paginator):
    """A paginator told how many objects the listing holds (`total`, counted with the facets)."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.count = count


class FacetStatement:
    """A listing's total and its facets' counts in one statement (see the module's docstring).

    `fields`: facet name -> the field of `queryset`'s model holding its values (a column, one across a
    foreign key, or a many-to-many field); `conditions`: facet name -> what its chosen values keep.
    """

    def __init__(self, queryset: QuerySet, fields: dict[str, str], conditions: dict[str, Q]):
        self.queryset = queryset
        self.fields = fields
        self.conditions = conditions
        self.bits = {name: 1 << position for position, name in enumerate(fields)}

    def standing(self) -> QuerySet:
        """Each row's key, the bits of the chosen facets it misses, and its values of the column facets."""
        missing = Value(0)
        for name, condition in self.conditions.items():
            missing = missing + Case(When(condition, then=Value(0)), default=Value(self.bits[name]))
        columns = [path for path in self.fields.values() if not self.many_to_many(path)]
        return (
            self.queryset.order_by()
            .annotate(facets_missed=ExpressionWrapper(missing, output_field=IntegerField()))
            .values_list("pk", "facets_missed", *columns)
        )

    def many_to_many(self, path: str) -> bool:
        return first_field(self.queryset.model, path).many_to_many

    def sql(self) -> tuple[str, list]:
        standing_sql, params = self.standing().query.sql_with_params()
        column_names = ["pk", "missing"]
        counts = [f"SELECT {TOTAL_ROW}, '', COUNT(*) FROM standing WHERE missing = 0"]
        quote = connection.ops.quote_name
        for name, path in self.fields.items():
            bit = self.bits[name]
            if self.many_to_many(path):
                counted = counted_rows(name, self.conditions, bit, "s.missing")
                field = first_field(self.queryset.model, path)
                table = quote(field.remote_field.through._meta.db_table)
                page_column, value_column = quote(field.m2m_column_name()), quote(field.m2m_reverse_name())
                counts.append(
                    f"SELECT {bit}, CAST(p.{value_column} AS TEXT), COUNT(*) FROM {table} p"
                    f" JOIN standing s ON s.pk = p.{page_column} WHERE {counted}"
                    f" GROUP BY p.{value_column}"
                )
            else:
                counted = counted_rows(name, self.conditions, bit)
                column = f"value_{len(column_names)}"
                column_names.append(column)
                counts.append(
                    f"SELECT {bit}, CAST({column} AS TEXT), COUNT(*) FROM standing"
                    f" WHERE {column} IS NOT NULL AND {counted} GROUP BY {column}"
                )
        materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
        sql = (
            f"WITH standing ({', '.join(column_names)}) AS {materialized}({standing_sql}) "
            + " UNION ALL ".join(counts)
        )
        return sql, list(params)

    def run(self) -> tuple[int, dict[str, dict[str, int]]]:
        """The number of rows that miss nothing, and each facet's counts by the text of the value's key."""
        sql, params = self.sql()
        digest = hashlib.sha256(repr((sql, params)).encode()).hexdigest()
        return kept("facet-statement", lambda: self.counted(sql, params), digest)

    def counted(self, sql: str, params: list) -> tuple[int, dict[str, dict[str, int]]]:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        names = {bit: name for name, bit in self.bits.items()}
        total, counts = 0, {}
        for bit, key, number in rows:
            if bit == TOTAL_ROW:
                total = number
            else:
                counts.setdefault(names[bit], {})[key] = number
        return total, counts
