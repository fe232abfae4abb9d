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
`search_vector`, weighted A (title), B (summary), C (body) (see migrations search 0001 and 0002);
`ts_rank_cd` measures how close together the words are and in which fields, reading each match's
vector once (what costs most); the phrase and the glossary's other forms are looked for in the
short fields (title, summary) only. On SQLite (zero set-up) the fields are matched with LIKE, and
the same parts are added up from which fields hold the phrase, its pairs of words and each word.
"""

from __future__ import annotations

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

from initiatives.models import InitiativePage

from .understanding import Concept, Phrase, UnderstoodQuery

FIELD_WEIGHTS = {"search_title": 1.0, "search_summary": 0.5, "search_text": 0.2}
HEAD_FIELDS = {"search_title": 1.0, "search_summary": 0.5}
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
TABLE = InitiativePage._meta.db_table


def text_search(query: UnderstoodQuery) -> PostgresSearch | LikeSearch:
    return PostgresSearch(query) if connection.vendor == "postgresql" else LikeSearch(query)


def matching(pages: QuerySet[InitiativePage], query: UnderstoodQuery) -> QuerySet[InitiativePage]:
    """The pages that match the query (see `search.understanding`)."""
    return text_search(query).matching(pages)


def relevance(query: UnderstoodQuery):
    """An expression of a matching initiative's relevance (see the module's docstring).

    Separate from the matching, so that a search can rank only the matches its filters keep.
    """
    return text_search(query).relevance()


def common_parts(query: UnderstoodQuery) -> list:
    """The parts of the relevance that do not depend on the database's text search."""
    parts = []
    if query.province_ids:
        in_place = [
            When(province_id__in=query.core_province_ids, then=Value(PLACE_BOOST)),
            When(province_id__in=query.province_ids, then=Value(MERGED_PLACE_FACTOR * PLACE_BOOST)),
        ]
        parts.append(Case(*in_place, default=Value(0.0), output_field=FloatField()))
    if exact_forms := query.exact_forms:
        written = Q()
        for form in exact_forms:
            written |= Q(search_accented__contains=f" {form} ")
        parts.append(Case(When(written, then=Value(EXACT_DIACRITICS_BOOST)), default=Value(0.0)))
    return parts


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


def other_forms_part(query: UnderstoodQuery, fields: dict[str, float]):
    """How well the glossary's other forms are placed: the best of them, in the heaviest field."""
    others = [weighed(phrase, OTHER_LANGUAGE_FACTOR, fields) for phrase in query.other_phrases]
    return Greatest(*others) if len(others) > 1 else others[0]


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


class VectorMatch(Func):
    """Whether the generated column `search_vector` matches a tsquery (folded words are [0-9a-z]+)."""

    template = f"{TABLE}.search_vector @@ to_tsquery('expo_unaccent', %(expressions)s)"
    output_field = BooleanField()


class VectorRank(Func):
    """ts_rank_cd of the weighted vector; normalisation 32 (rank / (rank + 1)) keeps it below 1."""

    template = (
        f"ts_rank_cd('{TS_WEIGHTS}', {TABLE}.search_vector, to_tsquery('expo_unaccent', %(expressions)s), 32)"
    )
    output_field = FloatField()


class PostgresSearch:
    def __init__(self, query: UnderstoodQuery):
        self.query = query

    def matches(self, tsquery: str) -> VectorMatch:
        return VectorMatch(Value(tsquery))

    def rank(self, tsquery: str, factor: float):
        return VectorRank(Value(tsquery)) * Value(factor)

    def concepts_found(self) -> ExpressionWrapper:
        found = [
            Case(When(self.matches(tsquery_concept(concept)), then=Value(1.0)), default=Value(0.0))
            for concept in self.query.concepts
        ]
        return added(found)

    def matching(self, pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
        """The matches, read from the GIN index as far as it can tell.

        The index knows which words a text holds, not where: a tsquery with a phrase (`<->`) makes
        PostgreSQL read the vector of every candidate to check. So the index is asked for the words
        typed, or the other forms' words; and only the candidates that lack a word typed (a set the
        index gives too, without reading any vector) are checked for the other forms as phrases.
        """
        query = self.query
        if query.relaxed:
            any_concept = " | ".join(
                f"({tsquery_concept(concept, as_phrases=False)})" for concept in query.concepts
            )
            pages = pages.filter(self.matches(any_concept))
            return pages.alias(concepts_found=self.concepts_found()).filter(
                concepts_found__gte=query.required
            )
        if not any(other_forms(concept) for concept in query.concepts):
            return pages.filter(self.matches(" & ".join(query.words)))
        loose = " & ".join(f"({tsquery_concept(concept, as_phrases=False)})" for concept in query.concepts)
        exact = " & ".join(f"({tsquery_concept(concept)})" for concept in query.concepts)
        return pages.filter(self.matches(loose)).filter(
            Q(pk__in=self.with_typed_words()) | Q(self.matches(exact))
        )

    def with_typed_words(self) -> RawSQL:
        """The ids of the initiatives that hold every word typed: a statement of its own (the vector
        named without the outer query's alias), which the index alone answers and PostgreSQL hashes."""
        return RawSQL(  # noqa: S611 - the tsquery is a parameter; the table a constant
            f"SELECT page_ptr_id FROM {TABLE} WHERE search_vector @@ to_tsquery('expo_unaccent', %s)",  # noqa: S608
            (" & ".join(self.query.words),),
        )

    def relevance(self) -> ExpressionWrapper:
        query = self.query
        # One ts_rank_cd over the whole vector (reading it is what costs): how close together the
        # words are, and in which fields. The phrase, and the other forms, are looked for in the
        # short fields only.
        parts = [self.rank(" & ".join(query.words), 1.0)]
        if query.phrase:
            parts.append(weighed(query.phrase, PHRASE_BOOST, HEAD_FIELDS))
        if query.other_phrases:
            # What the words typed find ranks above what only the glossary's other forms find.
            typed = When(pk__in=self.with_typed_words(), then=Value(TYPED_FOUND_BOOST))
            parts.append(Case(typed, default=Value(0.0), output_field=FloatField()))
            parts.append(other_forms_part(query, HEAD_FIELDS))
        if query.relaxed:
            parts.append(self.concepts_found() * Value(CONCEPT_BOOST))
        return added(parts + common_parts(query))


class LikeSearch:
    """The same matching and ranking from LIKE over the stored words (" cai cach hanh chinh ")."""

    def __init__(self, query: UnderstoodQuery):
        self.query = query

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
            parts.append(other_forms_part(query, FIELD_WEIGHTS))
        if query.relaxed:
            parts.append(self.concepts_found() * Value(CONCEPT_BOOST))
        return added(parts + common_parts(query))
