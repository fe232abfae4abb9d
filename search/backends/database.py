"""The solutions bank on the site's own database: PostgreSQL full text, or word matching on SQLite.

A search is one SQL statement. It gathers the matches once (the CTE `matched`; `search.query`
tells how words are matched on each database), works out for each match which chosen facets it
misses (`standing.missing`: the bits of the facets of which it has none of the chosen values),
and answers the total, every facet's counts and the ranked page of results at once. A match
counts for a facet's values when it misses nothing, or misses only that facet: so several values
of one facet combine with OR, facets with AND, and each facet's counts take the other facets'
choices into account. Counting each facet in a query of its own would gather the matches again
for each of the ten facets; on PostgreSQL the column facets are also counted in one pass over the
gathered matches (`grouped_counts`). Ranking (`search.query`) reads each match's title and summary:
without filters, as each match is read; with filters, only for the matches they keep (the CTE
`relevance_of`, joined to them by their id). The body's share of the relevance, which reads the
whole search vector stored out of the row, is added only where it could change the page shown
(the CTEs `scored`, `threshold` and `ranked_rows`): it stays below a bound, so a match whose
relevance without it, plus that bound, does not exceed the relevance of the last match of the page
(counting the pages before it) cannot reach the page.

Highlights are computed from the original text of the pages shown.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import (
    CharField,
    F,
    FloatField,
    IntegerField,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from wagtail.models import Locale

from halls.filters import counted_rows
from halls.models import HallPage, for_cards
from initiatives.models import (
    InitiativePage,
)

from .. import facets, kinds
from ..highlight import highlight, result_snippet, snippet
from ..models import SearchEntry
from ..places import all_places
from ..query import ENTRIES, BodyRanking, text_search
from ..request import SearchRequest
from ..results import Hit, SearchResults, Suggestion
from ..similar import refresh_similar_around, similar_to_text, stored_similar_initiatives
from ..suggestions import title_suggestions
from ..understanding import HighlightTerms, understand
from . import SIMILAR, SUGGESTIONS, SearchBackend

FACET_BITS = {name: 1 << position for position, name in enumerate(facets.FACET_NAMES)}
TOTAL_ROW, RESULT_ROW = 0, -1
# PostgreSQL's memory for each sort and hash of the statement (the default is 4 MB): see `run_statement`.
DEFAULT_WORK_MEM = "32MB"

# The columns of `matched`, from `matched_rows`, in this order.
MATCHED_COLUMNS = (
    "pk", "path", "province", "stage", "proposer", "call", "year", "lang",
    "relevance", "published", "sort_title", "kind", "province_2025",
)  # fmt: skip
# Facets whose value is a column of the match, cast to text so that every fact has one type.
COLUMN_FACETS = ("province", "stage", "proposer", "call", "year", "lang", "kind")
# The 2025 province of the pages of other kinds (initiatives count by their 2021 one), in the
# counts of `province_2025`: "new:<id>", apart from the ids of 2021 provinces.
NEW_PROVINCE = "new:"
# Facets whose values are many-to-many pairs: (table, page column, value column).
PAIR_FACETS = {
    "goal": (InitiativePage.goals.through, "initiativepage_id", "goal_id"),
    "type": (InitiativePage.innovation_types.through, "initiativepage_id", "innovationtype_id"),
}
ORDERINGS = {
    "relevance": "{relevance} DESC, s.published DESC, s.pk",
    "newest": "s.published DESC, s.pk DESC",
    # The folded title: an alphabetical order that ignores diacritics, the same on every database.
    "title": "s.sort_title, s.pk",
}


def published_in(locale: str) -> QuerySet[InitiativePage]:
    # The locale's id from a subquery that runs once, rather than the locales joined to every match.
    locale_id = Locale.objects.filter(language_code=locale).values("pk")[:1]
    return InitiativePage.objects.live().public().filter(locale_id=Subquery(locale_id))


def entries_in(locale: str) -> QuerySet[SearchEntry]:
    """The pages of the registered kinds in the locale's tree (their entries are live and public ones)."""
    locale_id = Locale.objects.filter(language_code=locale).values("pk")[:1]
    return SearchEntry.objects.filter(
        locale_id=Subquery(locale_id), kind__in=[kind.name for kind in kinds.registered()]
    )


def hits_for(pages: list[InitiativePage], terms: HighlightTerms, halls: dict[str, HallPage]) -> list[Hit]:
    """Results as shown: each page with its hall (`halls` by path), its title and a snippet highlighted."""
    return [
        Hit(
            page=page,
            hall=halls.get(page.path[: -page.steplen]),
            title=highlight(page.title, terms),
            snippet=result_snippet(page, terms),
        )
        for page in pages
    ]


def kind_hit(kind: kinds.SearchKind, page, terms: HighlightTerms) -> Hit:
    """A result of a registered kind (a problem): its title and a snippet of its texts, highlighted."""
    return Hit(
        page=page,
        hall=None,
        title=highlight(page.title, terms),
        snippet=snippet(kind.snippet_texts(page), terms),
        kind=kind.name,
        template=kind.result_template,
    )


def shown_hits(ordered: list[int], terms: HighlightTerms, halls: dict[str, HallPage]) -> list[Hit]:
    """The results of the page shown, in order: initiatives, and pages of the registered kinds."""
    by_pk = for_cards(InitiativePage.objects.filter(pk__in=ordered)).in_bulk()
    others = (
        kinds.pages_of_kinds([pk for pk in ordered if pk not in by_pk]) if len(by_pk) < len(ordered) else {}
    )
    hits = []
    for pk in ordered:
        if pk in by_pk:
            hits += hits_for([by_pk[pk]], terms, halls)
        elif pk in others:
            hits.append(kind_hit(*others[pk], terms))
    return hits


def matched_rows(pages: QuerySet[InitiativePage], sort: str, ranking=None) -> QuerySet:
    """The columns of `matched`; `ranking`, the relevance, when it is computed as the matches are read."""
    # The folded title only when sorting by it: the rows of the match stay narrow otherwise.
    sort_title = F("search_title") if sort == "title" else Value("", output_field=TextField())
    return (
        pages.order_by()
        .annotate(
            sort_title=sort_title,
            relevance=ranking if ranking is not None else Value(0.0),
            kind=Value(kinds.INITIATIVE, output_field=CharField()),
            # Initiatives count and filter by their 2021 province (see `provinces_of_2025`).
            no_province_2025=Value(None, output_field=IntegerField()),
        )
        .values_list(
            "pk",
            "path",
            "province_id",
            "stage_id",
            "proposer_type_id",
            "call_id",
            "start_year",
            "language",
            "relevance",
            "first_published_at",
            "sort_title",
            "kind",
            "no_province_2025",
        )
    )


def entry_rows(entries: QuerySet[SearchEntry], sort: str, ranking=None) -> QuerySet:
    """The columns of `matched` for the pages of other kinds: no 2021 province, stage, proposer, call or
    year, and never under a hall, so that choosing one of those leaves them out."""
    sort_title = F("search_title") if sort == "title" else Value("", output_field=TextField())
    none = Value(None, output_field=IntegerField())
    return (
        entries.order_by()
        .annotate(
            no_province=none,
            no_stage=none,
            no_proposer=none,
            no_call=none,
            no_year=none,
            relevance=ranking if ranking is not None else Value(0.0, output_field=FloatField()),
            sort_title=sort_title,
        )
        .values_list(
            "page_id",
            "path",
            "no_province",
            "no_stage",
            "no_proposer",
            "no_call",
            "no_year",
            "language",
            "relevance",
            "published",
            "sort_title",
            "kind",
            "province_2025_id",
        )
    )


def provinces_of_2025() -> dict[str, tuple[int, ...]]:
    """Each 2025 province's code -> the ids of the 2021 provinces merged into it.

    The matches count and filter by their 2021 province only: joining the provinces to every match
    costs more than the whole count when the planner misjudges how many matches there are.
    """
    return {place.code: place.province_ids for place in all_places() if place.level == "2025"}


def pair_facets() -> dict[str, list[tuple]]:
    """Facet name -> its (through table, page column, value column) for initiatives and each kind."""
    pairs = {name: [pair] for name, pair in PAIR_FACETS.items()}
    for kind in kinds.registered():
        for name, pair in kind.pairs.items():
            pairs.setdefault(name, []).append((pair.through, pair.page_column, pair.value_column))
    return pairs


def chosen_test(name: str, stored: list[str], halls: dict[str, HallPage]) -> tuple[str, list]:
    """SQL true when the match `m` has one of the chosen values of a facet, and its parameters.

    `stored` holds how the database refers to the values; for `province_2025`, the ids of the 2021
    provinces merged into the chosen ones.
    """
    if name == "hall":
        paths = [path for path, hall in halls.items() if hall.kind in stored]
        return " OR ".join(["m.path LIKE %s"] * len(paths)) or "1 = 0", [f"{path}%" for path in paths]
    if not stored:
        return "1 = 0", []
    placeholders = ", ".join(["%s"] * len(stored))
    if name in PAIR_FACETS:
        tests, params = [], []
        for through, page_column, value_column in pair_facets()[name]:
            table = connection.ops.quote_name(through._meta.db_table)
            tests.append(
                f"EXISTS (SELECT 1 FROM {table} p WHERE p.{page_column} = m.pk"
                f" AND CAST(p.{value_column} AS TEXT) IN ({placeholders}))"
            )
            params += stored
        return " OR ".join(tests), params
    return f"CAST(m.{name} AS TEXT) IN ({placeholders})", stored


HALL_PATH = f"SUBSTR(path, 1, LENGTH(path) - {InitiativePage.steplen})"  # a match's hall: its parent


def counted_for(name: str, request: SearchRequest, missing: str = "missing") -> str:
    """SQL true for the matches that count for the facet's values (`halls.filters.counted_rows`)."""
    return counted_rows(name, request.filters, FACET_BITS[name], missing)


def column_groups() -> dict[str, tuple[str, str]]:
    """Facet name -> (the column of `standing` it is counted by, the SQL of the value counted)."""
    groups = {name: (name, name) for name in COLUMN_FACETS}
    # Counted by 2021 province, added up by 2025 province in Python.
    groups["province_2025"] = ("province", "province")
    groups["hall"] = ("hall", HALL_PATH)
    return groups


def facet_counts(request: SearchRequest) -> tuple[str, list[str]]:
    """A CTE to add after `standing` (or ""), and the selects of the total's row and the facets' counts.

    On PostgreSQL the matches are read once for all the column facets (`grouped_counts`); elsewhere each
    facet reads them again. The pairs' facets (goals, types) join their pairs to the matches.
    """
    if connection.vendor == "postgresql":
        cte, selects = grouped_counts(request)
    else:
        cte, selects = "", separate_counts(request)
    for name, pairs in pair_facets().items():
        for through, page_column, value_column in pairs:
            table = connection.ops.quote_name(through._meta.db_table)
            selects.append(
                f"SELECT {FACET_BITS[name]}, CAST(p.{value_column} AS TEXT), COUNT(*) FROM {table} p"
                f" JOIN standing s ON s.pk = p.{page_column} WHERE {counted_for(name, request, 's.missing')}"
                f" GROUP BY p.{value_column}"
            )
    return cte, selects


def separate_counts(request: SearchRequest) -> list[str]:
    """The total and each column facet counted by a select of its own over `standing`."""
    selects = [f"SELECT {TOTAL_ROW}, '', COUNT(*) FROM standing WHERE missing = 0"]
    for name, (_column, value) in column_groups().items():
        selects.append(
            f"SELECT {FACET_BITS[name]}, CAST({value} AS TEXT), COUNT(*) FROM standing"
            f" WHERE {value} IS NOT NULL AND {counted_for(name, request)} GROUP BY {value}"
        )
    if kinds.registered():
        selects.append(
            f"SELECT {FACET_BITS['province_2025']}, '{NEW_PROVINCE}' || CAST(province_2025 AS TEXT),"
            f" COUNT(*) FROM standing WHERE province_2025 IS NOT NULL"
            f" AND {counted_for('province_2025', request)} GROUP BY province_2025"
        )
    return selects


def grouped_counts(request: SearchRequest) -> tuple[str, list[str]]:
    """The CTE `counted`: the matches read once, grouped by each column facet's value with `missing`
    (`GROUPING SETS`: a few hundred groups), and the selects that add up, for each facet, its groups that
    count for it. Eleven reads of 100,000 matches took about 300 ms; one, about 100."""
    groups = column_groups()
    values = dict(groups.values())  # column -> the SQL of its value
    if kinds.registered():
        values["province_2025"] = "province_2025"
    columns = list(values)
    # GROUPING(...) has a bit set for each column left out of the row's set, the last column's the lowest.
    every_bit = (1 << len(columns)) - 1
    grouped_by = {
        column: every_bit - (1 << (len(columns) - 1 - position)) for position, column in enumerate(columns)
    }
    cte = (
        f", counted AS (SELECT missing, {', '.join(f'{values[c]} AS {c}' for c in columns)},"
        f" GROUPING({', '.join(values.values())}) AS grouped_by, COUNT(*) AS number FROM standing"
        f" GROUP BY GROUPING SETS ({', '.join(f'(missing, {values[c]})' for c in columns)}))"
    )
    total = "CAST(SUM(number) AS BIGINT)"
    selects = [
        f"SELECT {TOTAL_ROW}, '', COALESCE({total}, 0) FROM counted"
        f" WHERE grouped_by = {grouped_by[columns[0]]} AND missing = 0"
    ]
    named = [(name, column, FACET_BITS[name], "") for name, (column, _value) in groups.items()]
    if kinds.registered():
        named.append(("province_2025", "province_2025", FACET_BITS["province_2025"], f"'{NEW_PROVINCE}' || "))
    for name, column, bit, prefix in named:
        selects.append(
            f"SELECT {bit}, {prefix}CAST({column} AS TEXT), {total} FROM counted"
            f" WHERE grouped_by = {grouped_by[column]} AND {column} IS NOT NULL"
            f" AND {counted_for(name, request)} GROUP BY {column}"
        )
    return cte, selects


def search_statement(
    matched: QuerySet,
    request: SearchRequest,
    vocabularies: facets.Vocabularies,
    halls: dict[str, HallPage],
    merged: dict[str, tuple[int, ...]],
    ranked: QuerySet | None = None,
    body: BodyRanking | None = None,
    ctes: list[tuple[str, str, tuple]] = (),
    entries_body: BodyRanking | None = None,
):
    """The statement and its parameters, in the order of their placeholders; see the module's docstring.

    `merged` is `provinces_of_2025()`. `ranked`, when given, is the relevance (pk, relevance) of the
    pages: a CTE joined to the matches that the filters keep, so that only those are ranked;
    otherwise `matched` holds it. `body`, when given, is added to it where it can change the page.
    `ctes` are the sets the search's expressions read (`search.query.PostgresSearch.ctes`).
    `entries_body`, the body's share for the pages of other kinds (`search.kinds`), from their entries.
    """
    params = []
    shared = ""
    for name, cte_sql, cte_params in ctes:
        shared += f"{name} AS MATERIALIZED ({cte_sql}), "
        params += cte_params
    matched_sql, matched_params = matched.query.sql_with_params()
    params += matched_params
    materialized = "MATERIALIZED " if connection.vendor == "postgresql" else ""
    missing = []
    for name, codes in request.filters.items():
        if name == "province_2025":
            stored = [str(pk) for code in codes for pk in merged.get(code, ())]
            test, test_params = chosen_test("province", stored, halls)
            if kinds.registered():  # the pages of other kinds have a 2025 province of their own
                new_test, new_params = chosen_test(name, vocabularies.keys(name, codes), halls)
                test, test_params = f"{test} OR {new_test}", [*test_params, *new_params]
        else:
            test, test_params = chosen_test(name, vocabularies.keys(name, codes), halls)
        missing.append(f"CASE WHEN {test} THEN 0 ELSE {FACET_BITS[name]} END")
        params += test_params
    counted_cte, counts = facet_counts(request)
    relevance_cte, relevance_join, relevance_column = "", "", "s.relevance"
    if ranked is not None:
        ranked_sql, ranked_params = ranked.query.sql_with_params()
        relevance_cte = f", relevance_of (pk, relevance) AS ({ranked_sql})"
        relevance_join = "JOIN relevance_of r ON r.pk = s.pk"
        relevance_column = "r.relevance"
        params += ranked_params
    shown_from = f"standing s {relevance_join} WHERE s.missing = 0"
    if body is not None:
        # The last place of the page shown: below its relevance without the body's share, no match
        # can climb onto the page, its body's share being below `body.bound`.
        body_sql = (
            f"(SELECT {body.sql} FROM {connection.ops.quote_name(InitiativePage._meta.db_table)} i"
            " WHERE i.page_ptr_id = d.pk)"
        )
        body_params = [*body.params]
        bound = body.bound
        if entries_body is not None:
            body_sql = (
                f"COALESCE({body_sql}, (SELECT {entries_body.sql} FROM"
                f" {connection.ops.quote_name(SearchEntry._meta.db_table)} e WHERE e.page_id = d.pk))"
            )
            body_params += entries_body.params
            bound = max(bound, entries_body.bound)
        relevance_cte += f"""
            , scored AS {materialized}(
                SELECT s.pk, s.published, {relevance_column} AS relevance FROM {shown_from}
            ),
            threshold AS (SELECT relevance FROM scored ORDER BY relevance DESC LIMIT 1 OFFSET %s),
            ranked_rows AS (
                SELECT d.pk, d.published, d.relevance + CASE
                    WHEN d.relevance + {bound} > COALESCE((SELECT relevance FROM threshold), -1)
                    THEN {body_sql}
                    ELSE 0 END AS relevance
                FROM scored d
            )
        """
        params += [request.offset + request.page_size - 1, *body_params]
        relevance_column, shown_from = "s.relevance", "ranked_rows s"
    ordering = ORDERINGS[request.effective_sort].format(relevance=relevance_column)
    params += [request.offset, request.offset + request.page_size]
    sql = f"""
        WITH {shared}matched ({", ".join(MATCHED_COLUMNS)}) AS {materialized}({matched_sql}),
        standing AS {materialized}(SELECT m.*, {" + ".join(missing) or "0"} AS missing FROM matched m)
        {counted_cte}{relevance_cte}
        {" UNION ALL ".join(counts)}
        UNION ALL
        SELECT {RESULT_ROW}, CAST(pk AS TEXT), position FROM (
            SELECT s.pk, ROW_NUMBER() OVER (ORDER BY {ordering}) AS position FROM {shown_from}
        ) ranked WHERE position > %s AND position <= %s
    """
    return sql, params


def run_statement(sql: str, params: list, work_mem: str) -> list[tuple]:
    """The statement's rows. On PostgreSQL with `work_mem` for its sorts and hashes, in its transaction
    only: with the default 4 MB, PostgreSQL groups 100,000 matches by sorting them on disk once per
    facet (780 ms) rather than in one pass of small hash tables (525 ms)."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])
        cursor.execute(sql, params)
        return cursor.fetchall()


class DatabaseBackend(SearchBackend):
    def search(self, request: SearchRequest) -> SearchResults:
        query = understand(request.query)
        pages = published_in(request.locale)
        entries = entries_in(request.locale) if kinds.registered() else None
        ranking = ranked = body = entries_ranking = entries_body = None
        ctes = []
        if query:
            text = text_search(query, in_statement=True)
            ctes = text.ctes()
            pages = text.matching(pages)
            if request.effective_sort == "relevance":
                ranking = text.head_relevance()
                body = text.body_ranking(alias="i")
            if ranking is not None and request.has_filters:
                ranked = (
                    InitiativePage.objects.order_by()
                    .annotate(relevance=ranking)
                    .values_list("pk", "relevance")
                )
                ranking = None
            if entries is not None:
                # Few rows: their sets are gathered where each expression needs them, not shared.
                entries_text = text_search(query, source=ENTRIES)
                entries = entries_text.matching(entries)
                if request.effective_sort == "relevance":
                    entries_ranking = entries_text.head_relevance()
                    entries_body = entries_text.body_ranking(alias="e")
                if entries_ranking is not None and ranked is not None:
                    entries_ranked = (
                        SearchEntry.objects.order_by()
                        .annotate(relevance=entries_ranking)
                        .values_list("page_id", "relevance")
                    )
                    ranked = ranked.union(entries_ranked, all=True)
                    entries_ranking = None
        matched = matched_rows(pages, request.effective_sort, ranking)
        if entries is not None:
            matched = matched.union(entry_rows(entries, request.effective_sort, entries_ranking), all=True)
        vocabularies = facets.Vocabularies()
        halls = {hall.path: hall for hall in HallPage.objects.filter(locale__language_code=request.locale)}
        merged = provinces_of_2025()
        sql, params = search_statement(
            matched, request, vocabularies, halls, merged, ranked, body, ctes, entries_body
        )
        rows = run_statement(sql, params, self.options.get("WORK_MEM", DEFAULT_WORK_MEM))
        names = {bit: name for name, bit in FACET_BITS.items()}
        codes = {name: vocabularies.codes_by_key(name) for name in facets.FACET_NAMES}
        codes["province_2025"] = {str(pk): code for code, provinces in merged.items() for pk in provinces}
        codes["province_2025"].update(
            {f"{NEW_PROVINCE}{key}": code for key, code in vocabularies.codes_by_key("province_2025").items()}
        )
        total, shown, counts = 0, {}, {}
        for bit, value, number in rows:
            if bit == TOTAL_ROW:
                total = number
            elif bit == RESULT_ROW:
                shown[int(value)] = number
            elif value is not None:
                name = names[bit]
                if name == "hall":  # counted by the hall's path
                    code = halls[value].kind if value in halls else None
                else:
                    code = codes[name].get(value)
                tally = counts.setdefault(name, {})
                tally[code] = tally.get(code, 0) + number
        ordered = sorted(shown, key=shown.get)
        return SearchResults(
            request=request,
            count=total,
            hits=shown_hits(ordered, query.highlighted, halls),
            facets=vocabularies.counted(counts, request.filters),
            places=query.places,
        )

    def suggest(self, text: str, locale: str, limit: int = SUGGESTIONS) -> list[Suggestion]:
        return title_suggestions(published_in(locale), text, limit)

    def similar(self, page: InitiativePage, limit: int = SIMILAR) -> list[InitiativePage]:
        return stored_similar_initiatives(page, limit)

    def similar_to_text(
        self, text: str, locale: str, exclude_province_2025: str | None = None, limit: int = SIMILAR
    ) -> list[InitiativePage]:
        return similar_to_text(text, locale, exclude_province_2025)[:limit]

    def update(self, page_ids) -> None:
        """The index is the tables themselves; what is worked out ahead is the similar initiatives."""
        refresh_similar_around(page_ids)
