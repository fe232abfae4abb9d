"""The solutions bank's matching and ranking on the database, on PostgreSQL and on SQLite.

Each initiative stores its public text as words to search, in three fields that weigh differently
(`initiatives.search_words.SearchWords`): the title, the summary with who and where, the body. A
query (`search.understanding`) matches whole syllables, with or without diacritics.

The relevance of a match adds up, from the largest to the smallest part:

- the province named in the query, when the initiative is filed under it (or under a 2021 province
  merged into it): such initiatives come first;
- in long queries, how many of the query's concepts the text matches;
- where the words are: the words typed together and in order (the phrase) above the same words
  scattered, and the title above the summary above the body;
- the glossary's other ways of saying a concept ("one stop" for "một cửa"), below the words typed;
- the words typed with exactly the diacritics the text has.

On PostgreSQL the words are matched by full text search over the generated, GIN-indexed column
`search_vector`, weighted A (title), B (summary), C (body) (see migrations search 0001 and 0002).
`ts_rank_cd` measures how close together the words are and in which fields. It ranks every match
by the small vector of its title and summary (`search_head_vector`, migration search 0004, read
with the row), and adds the whole vector's share (`BODY_FACTOR` times its rank, so below
`BODY_FACTOR`): `search.backends.database` reads the whole vector (stored out of the row, what costs
most) only for the matches that this share could lift onto the page shown. A long query, which
matches thousands over common words, ranks them first by what leads (the place, how many concepts
are found), and adds the title's and summary's share in the same way, to the few that could reach
the page (`PostgresSearch.body_ranking`). The phrase and the
glossary's other forms are looked for in the short fields (title, summary) only. On SQLite (zero
set-up) the fields are matched with LIKE, and the same parts are added up from which fields hold the
phrase, its pairs of words and each word.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest

from initiatives.models import InitiativePage, Province

from .models import SearchEntry
from .understanding import Concept, Phrase, UnderstoodQuery

FIELD_WEIGHTS = {"search_title": 1.0, "search_summary": 0.5, "search_text": 0.2}
# The labels of the title and the summary in `search_head_vector`, weighed as in FIELD_WEIGHTS.
HEAD_LABELS = {"A": 1.0, "B": 0.5}
# ts_rank_cd's weights of the labels D, C, B, A: the same proportions as FIELD_WEIGHTS.
TS_WEIGHTS = "{0.05, 0.2, 0.5, 1.0}"
PLACE_BOOST = 100.0
# A 2021 province merged into the place named ranks after the one that bore its name.
MERGED_PLACE_FACTOR = 0.8
CONCEPT_BOOST = 10.0
PHRASE_BOOST = 2.0
OTHER_LANGUAGE_FACTOR = 0.5
# Above anything the glossary's other forms add (OTHER_LANGUAGE_FACTOR times a part below 1).
TYPED_FOUND_BOOST = 1.0
EXACT_DIACRITICS_BOOST = 0.5
# The whole vector's share of the relevance: its ts_rank_cd (below 1) times this. Below what a
# match in the title or summary adds, so that those rank above what only the body holds.
BODY_FACTOR = 0.2
# Above what the title and summary can add: ts_rank (below 1), the phrase, the words typed found, the
# glossary's other forms and the exact diacritics.
TEXT_BOUND = 1.0 + PHRASE_BOOST + TYPED_FOUND_BOOST + OTHER_LANGUAGE_FACTOR + EXACT_DIACRITICS_BOOST
TABLE = InitiativePage._meta.db_table


@dataclass(frozen=True)
class Source:
    """Where the words searched are stored: the initiatives' rows, or the entries of the other kinds
    (`search.kinds`), which have the same word fields and, on PostgreSQL, the same vectors."""

    model: type
    pk_column: str
    # The field of the row's province, and whether it is a 2025 province (else a 2021 one).
    place_field: str
    place_is_2025: bool = False

    @property
    def table(self) -> str:
        return self.model._meta.db_table


INITIATIVES = Source(InitiativePage, "page_ptr_id", "province_id")
ENTRIES = Source(SearchEntry, "page_id", "province_2025_id", place_is_2025=True)


def text_search(
    query: UnderstoodQuery, *, in_statement: bool = False, source: Source = INITIATIVES
) -> PostgresSearch | LikeSearch:
    """The matching and ranking of `query` on this database, over the rows of `source`.

    `in_statement`: for a statement that starts with the search's `ctes()`, whose sets its
    expressions then read rather than each gathering them again (the initiatives only).
    """
    if connection.vendor == "postgresql":
        return PostgresSearch(query, in_statement=in_statement, source=source)
    return LikeSearch(query, source=source)


def matching(pages: QuerySet[InitiativePage], query: UnderstoodQuery) -> QuerySet[InitiativePage]:
    """The pages that match the query (see `search.understanding`)."""
    return text_search(query).matching(pages)


def relevance(query: UnderstoodQuery):
    """An expression of a matching initiative's relevance (see the module's docstring).

    Separate from the matching, so that a search can rank only the matches its filters keep.
    """
    return text_search(query).relevance()


@dataclass(frozen=True)
class BodyRanking:
    """The body's share of the relevance, to add where it can change the order: SQL over the
    initiative's row under `alias`, its parameters, and a bound it stays below."""

    sql: str
    params: tuple
    bound: float


def place_parts(query: UnderstoodQuery, source: Source = INITIATIVES) -> list:
    """The part of the relevance that the place named gives, which no text search tells."""
    if not query.province_ids:
        return []
    if source.place_is_2025:
        # The 2025 provinces the 2021 provinces named became part of: no distinction between them.
        merged = Province.objects.filter(pk__in=query.province_ids).values("merged_into_id")
        in_place = When(**{f"{source.place_field}__in": merged}, then=Value(PLACE_BOOST))
        return [Case(in_place, default=Value(0.0), output_field=FloatField())]
    in_place = [
        When(province_id__in=query.core_province_ids, then=Value(PLACE_BOOST)),
        When(province_id__in=query.province_ids, then=Value(MERGED_PLACE_FACTOR * PLACE_BOOST)),
    ]
    return [Case(*in_place, default=Value(0.0), output_field=FloatField())]


def exactly_written(written) -> Case:
    boost = Value(EXACT_DIACRITICS_BOOST)
    return Case(When(written, then=boost), default=Value(0.0), output_field=FloatField())


def anywhere(phrase: Phrase) -> Q:
    """Whether one of the stored fields holds the phrase (whole syllables, in order)."""
    spoken = f" {' '.join(phrase)} "
    found = Q()
    for name in FIELD_WEIGHTS:
        found |= Q(**{f"{name}__contains": spoken})
    return found


def weighed(phrase: Phrase, weight: float, fields: dict[str, float] = FIELD_WEIGHTS) -> Case:
    """`weight` times the weight of the heaviest of `fields` holding the phrase."""
    spoken = f" {' '.join(phrase)} "
    holding = [
        When(**{f"{name}__contains": spoken}, then=Value(weight * share)) for name, share in fields.items()
    ]
    return Case(*holding, default=Value(0.0), output_field=FloatField())


def best_of(parts: list):
    return Greatest(*parts) if len(parts) > 1 else parts[0]


def added(parts: list):
    total = Value(0.0, output_field=FloatField())
    for part in parts:
        total = total + part
    return ExpressionWrapper(total, output_field=FloatField())


def tsquery_phrase(phrase: Phrase) -> str:
    return " <-> ".join(phrase)


def other_forms(concept: Concept) -> list[Phrase]:
    """The concept's other forms that can find more than its words: those that hold every word typed
    ("bộ phận một cửa" for "một cửa") add nothing."""
    return list(
        dict.fromkeys(phrase for phrase in concept.alternatives if not set(concept.words) <= set(phrase))
    )


def tsquery_concept(concept: Concept, *, as_phrases: bool = True) -> str:
    """All the concept's words anywhere, or one of its other forms: as a phrase, or (`as_phrases`
    false) as words anywhere, which the GIN index answers without reading any text."""
    join = tsquery_phrase if as_phrases else " & ".join
    options = [" & ".join(concept.words), *(join(phrase) for phrase in other_forms(concept))]
    return " | ".join(f"({option})" for option in options)


def at_least(concepts: tuple[Concept, ...], count: int) -> str:
    """A tsquery true where `count` of the concepts are found, which the GIN index answers (reading
    the text only where an other form is a phrase).

    Written as "the first and `count` - 1 of the others, or `count` of the others": the same as
    every choice of `count` concepts side by side (up to 220 of them: 9 of the 12 words a query
    keeps), at half the size, and the index drops a branch as soon as its first concept is missing:
    half the time for eight common words.
    """
    return choices_of([f"({tsquery_concept(concept)})" for concept in concepts], count)


def choices_of(found: list[str], count: int) -> str | None:
    """`count` of the tsqueries in `found` (None for none: always true)."""
    if count == 0:
        return None
    if count == len(found):
        return f"({' & '.join(found)})"
    first, others = found[0], found[1:]
    with_first = choices_of(others, count - 1)
    taken = first if with_first is None else f"({first} & {with_first})"
    return f"({taken} | {choices_of(others, count)})"


class SourceFunc(Func):
    """An expression over a vector of the source's table (`table`: the initiatives' by default)."""

    def __init__(self, *expressions, table: str = TABLE, **extra):
        super().__init__(*expressions, table=table, **extra)


class VectorMatch(SourceFunc):
    """Whether the generated column `search_vector` matches a tsquery (folded words are [0-9a-z]+)."""

    template = "%(table)s.search_vector @@ to_tsquery('expo_unaccent', %(expressions)s)"
    output_field = BooleanField()


def vector_rank_sql(vector: str, function: str = "ts_rank_cd") -> str:
    """The rank of a weighted vector; normalisation 32 (rank / (rank + 1)) keeps it below 1.

    ts_rank_cd (cover density) measures how close together the words are, reading each word's
    positions: worth it over the whole text. Over the title and summary, where the phrase is looked
    for anyway, ts_rank (how often, in which field) ranks as well at a third of the cost for long
    queries (README, "Relevance").
    """
    return f"{function}('{TS_WEIGHTS}', {vector}, to_tsquery('expo_unaccent', %s), 32)"


class VectorRank(SourceFunc):
    template = vector_rank_sql("%(table)s.search_vector").replace("%s", "%(expressions)s")
    output_field = FloatField()


class HeadVectorRank(SourceFunc):
    template = vector_rank_sql("%(table)s.search_head_vector", "ts_rank").replace("%s", "%(expressions)s")
    output_field = FloatField()


class HeadVectorMatch(SourceFunc):
    template = "%(table)s.search_head_vector @@ to_tsquery('expo_unaccent', %(expressions)s)"
    output_field = BooleanField()


class HeadAccentedMatch(SourceFunc):
    """The words with their diacritics, labelled D in `search_head_vector`, read without folding."""

    template = "%(table)s.search_head_vector @@ to_tsquery('simple', %(expressions)s)"
    output_field = BooleanField()


class PostgresSearch:
    TYPED_WORDS = "typed_words"

    def __init__(self, query: UnderstoodQuery, *, in_statement: bool = False, source: Source = INITIATIVES):
        self.query = query
        self.in_statement = in_statement
        self.source = source
        self.table = source.table

    def ctes(self) -> list[tuple[str, str, tuple]]:
        """(name, SQL, parameters) of the sets the statement gathers once for all its expressions:
        the initiatives that hold every word typed, which the matching and the ranking both ask for;
        in long queries, those that hold more concepts than required (`concepts_found`)."""
        sets = [(self.TYPED_WORDS, *self.typed_words_sql())]
        if self.query.relaxed:
            sets += [(self.found_name(count), *self.found_sql(count)) for count in self.more_than_required()]
        return sets

    def typed_words_sql(self) -> tuple[str, tuple]:
        return self.vector_set_sql(" & ".join(self.query.words))

    def vector_set_sql(self, tsquery: str) -> tuple[str, tuple]:
        return (
            f"SELECT {self.source.pk_column} FROM {self.table}"  # noqa: S608 - names of the source
            " WHERE search_vector @@ to_tsquery('expo_unaccent', %s)",
            (tsquery,),
        )

    def matches(self, tsquery: str) -> VectorMatch:
        return VectorMatch(Value(tsquery), table=self.table)

    def more_than_required(self) -> range:
        return range(self.query.required + 1, len(self.query.concepts) + 1)

    @staticmethod
    def found_name(count: int) -> str:
        return f"found_{count}"

    def found_sql(self, count: int) -> tuple[str, tuple]:
        return self.vector_set_sql(at_least(self.query.concepts, count))

    def concepts_found(self) -> ExpressionWrapper:
        """How many of the concepts a match holds: the required number, plus one for each larger
        number it reaches. Each is a set the GIN index answers (`at_least`), gathered once: asking
        each match's vector for each concept would read the whole vector once per concept."""
        found = [Value(float(self.query.required))]
        for count in self.more_than_required():
            if self.in_statement:
                name = self.found_name(count)
                gathered = RawSQL(f"SELECT * FROM {name}", ())  # noqa: S608, S611 - a constant
            else:
                gathered = RawSQL(*self.found_sql(count))  # noqa: S611 - the tsquery is a parameter
            found.append(Case(When(pk__in=gathered, then=Value(1.0)), default=Value(0.0)))
        return added(found)

    def matching(self, pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
        """The matches, read from the GIN index as far as it can tell.

        The index knows which words a text holds, not where: a tsquery with a phrase (`<->`) makes
        PostgreSQL read the vector of every candidate to check. So the index is asked for the words
        typed, or the other forms' words; and only the candidates that lack a word typed (a set the
        index gives too, without reading any vector) are checked for the other forms as phrases.
        A long query asks for every choice of the concepts it requires (`at_least`).
        """
        query = self.query
        if query.relaxed:
            return pages.filter(self.matches(at_least(query.concepts, query.required)))
        if not any(other_forms(concept) for concept in query.concepts):
            return pages.filter(self.matches(" & ".join(query.words)))
        loose = " & ".join(f"({tsquery_concept(concept, as_phrases=False)})" for concept in query.concepts)
        exact = " & ".join(f"({tsquery_concept(concept)})" for concept in query.concepts)
        return pages.filter(self.matches(loose)).filter(
            Q(pk__in=self.with_typed_words()) | Q(self.matches(exact))
        )

    def with_typed_words(self) -> RawSQL:
        """The ids of the initiatives that hold every word typed: a statement of its own (the vector
        named without the outer query's alias), which the index alone answers and PostgreSQL hashes;
        in a statement, the set its CTE gathered."""
        if self.in_statement:
            return RawSQL(f"SELECT * FROM {self.TYPED_WORDS}", ())  # noqa: S608, S611 - a constant
        return RawSQL(*self.typed_words_sql())  # noqa: S611 - the tsquery is a parameter

    def relevance(self) -> ExpressionWrapper:
        body = VectorRank(Value(" & ".join(self.query.words)), table=self.table) * Value(BODY_FACTOR)
        return added([*self.leading_parts(), *self.text_parts(), body])

    def body_ranking(self, alias: str) -> BodyRanking:
        """The relevance added only where it can change the page shown: the body's share; in long
        queries, the title's and summary's too (`head_relevance` then ranks by what leads)."""
        body = BodyRanking(
            sql=f"{vector_rank_sql(f'{alias}.search_vector')} * {BODY_FACTOR}",
            params=(" & ".join(self.query.words),),
            bound=BODY_FACTOR,
        )
        if not self.query.relaxed:
            return body
        of_the_match = RawSQL(f"{alias}.{self.source.pk_column}", ())  # noqa: S611 - the statement's own
        text = self.source.model.objects.filter(pk=of_the_match).annotate(
            text_relevance=added(self.text_parts())
        )
        text_sql, text_params = text.values("text_relevance").query.sql_with_params()
        return BodyRanking(
            sql=f"({text_sql}) + {body.sql}",
            params=(*text_params, *body.params),
            bound=TEXT_BOUND + body.bound,
        )

    def in_head(self, phrase: Phrase, weight: float) -> Case:
        """`weight` times the weight of the heavier of the title and summary holding the phrase: asked
        of the small vector, with the field's label on each word, which costs less than LIKE."""
        holding = []
        for label, share in HEAD_LABELS.items():
            labelled = " <-> ".join(f"{word}:{label}" for word in phrase)
            holding.append(
                When(HeadVectorMatch(Value(labelled), table=self.table), then=Value(weight * share))
            )
        return Case(*holding, default=Value(0.0), output_field=FloatField())

    def head_relevance(self) -> ExpressionWrapper:
        """The relevance from the row alone. In a long query, only what leads (the place named, how
        many concepts are found): a long query over common words matches thousands, of which few can
        reach the page, and `body_ranking` adds the title's and summary's share to those few."""
        if self.query.relaxed:
            return added(self.leading_parts())
        return added([*self.leading_parts(), *self.text_parts()])

    def leading_parts(self) -> list:
        parts = place_parts(self.query, self.source)
        if self.query.relaxed:
            parts.append(self.concepts_found() * Value(CONCEPT_BOOST))
        return parts

    def text_parts(self) -> list:
        """What the title and summary add, below TEXT_BOUND."""
        query = self.query
        # How close together the words are in the title and summary, and in which. The phrase, and
        # the other forms, are looked for in them too.
        # The words of the title and summary only (A, B), not their accented forms (D).
        parts = [HeadVectorRank(Value(" & ".join(f"{word}:AB" for word in query.words)), table=self.table)]
        if query.phrase:
            parts.append(self.in_head(query.phrase, PHRASE_BOOST))
        if query.other_phrases:
            # What the words typed find ranks above what only the glossary's other forms find.
            typed = When(pk__in=self.with_typed_words(), then=Value(TYPED_FOUND_BOOST))
            parts.append(Case(typed, default=Value(0.0), output_field=FloatField()))
            others = [self.in_head(phrase, OTHER_LANGUAGE_FACTOR) for phrase in query.other_phrases]
            parts.append(best_of(others))
        if query.exact_forms:
            forms = (" <-> ".join(f"{word}:D" for word in form.split()) for form in query.exact_forms)
            exact = HeadAccentedMatch(Value(" | ".join(f"({form})" for form in forms)), table=self.table)
            parts.append(exactly_written(exact))
        return parts


class LikeSearch:
    """The same matching and ranking from LIKE over the stored words (" cai cach hanh chinh ")."""

    def __init__(self, query: UnderstoodQuery, source: Source = INITIATIVES):
        self.query = query
        self.source = source

    def concept_found(self, concept: Concept) -> Q:
        every_word = Q()
        for word in concept.words:
            every_word &= anywhere((word,))
        found = every_word
        for phrase in concept.alternatives:
            found |= anywhere(phrase)
        return found

    def concepts_found(self) -> ExpressionWrapper:
        found = [
            Case(When(self.concept_found(concept), then=Value(1.0)), default=Value(0.0))
            for concept in self.query.concepts
        ]
        return added(found)

    def matching(self, pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
        if self.query.relaxed:
            return pages.alias(concepts_found=self.concepts_found()).filter(
                concepts_found__gte=self.query.required
            )
        for concept in self.query.concepts:
            pages = pages.filter(self.concept_found(concept))
        return pages

    def body_ranking(self, alias: str) -> None:
        return None

    def ctes(self) -> list[tuple[str, str, tuple]]:
        return []

    def head_relevance(self) -> ExpressionWrapper:
        return self.relevance()

    def relevance(self) -> ExpressionWrapper:
        query = self.query
        words = query.words
        parts = [weighed((word,), 1.0 / len(words)) for word in dict.fromkeys(words)]
        if query.phrase:
            parts.append(weighed(query.phrase, PHRASE_BOOST))
            pairs = list(dict.fromkeys(zip(words, words[1:], strict=False)))
            if len(pairs) > 1:  # how close together the words are, as ts_rank_cd measures it
                parts += [weighed(pair, 1.0 / len(pairs)) for pair in pairs]
        if query.other_phrases:
            # What the words typed find ranks above what only the glossary's other forms find.
            every_word = Q()
            for word in words:
                every_word &= anywhere((word,))
            parts.append(Case(When(every_word, then=Value(TYPED_FOUND_BOOST)), default=Value(0.0)))
            parts.append(best_of([weighed(phrase, OTHER_LANGUAGE_FACTOR) for phrase in query.other_phrases]))
        if query.relaxed:
            parts.append(self.concepts_found() * Value(CONCEPT_BOOST))
        if query.exact_forms:
            written = Q()
            for form in query.exact_forms:
                written |= Q(search_accented__contains=f" {form} ")
            parts.append(exactly_written(written))
        return added(parts + place_parts(query, self.source))
