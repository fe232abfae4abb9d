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
`ts_rank_cd` measures how close together the words are and in which fields. On SQLite (zero
set-up) the fields are matched with LIKE, and the same parts are added up from which fields hold
the phrase, its pairs of words and each word.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    F,
    FloatField,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)

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
EXACT_DIACRITICS_BOOST = 0.5
TABLE = InitiativePage._meta.db_table


def match_text(pages: QuerySet[InitiativePage], query: UnderstoodQuery) -> QuerySet[InitiativePage]:
    """The pages matching the query, annotated with `relevance` (see the module's docstring)."""
    if connection.vendor == "postgresql":
        return PostgresMatch(query).apply(pages)
    return LikeMatch(query).apply(pages)


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


def weighed(phrase: Phrase, weight: float, fields: dict[str, float] = FIELD_WEIGHTS) -> Case:
    """`weight` times the weight of the heaviest of `fields` holding the phrase."""
    spoken = f" {' '.join(phrase)} "
    holding = [
        When(**{f"{name}__contains": spoken}, then=Value(weight * share)) for name, share in fields.items()
    ]
    return Case(*holding, default=Value(0.0), output_field=FloatField())


def added(parts: list):
    total = Value(0.0, output_field=FloatField())
    for part in parts:
        total = total + part
    return ExpressionWrapper(total, output_field=FloatField())


def tsquery_phrase(phrase: Phrase) -> str:
    return " <-> ".join(phrase)


def tsquery_concept(concept: Concept) -> str:
    """All the concept's words anywhere, or one of its other forms as a phrase."""
    options = [f"({' & '.join(concept.words)})"]
    options += [f"({tsquery_phrase(phrase)})" for phrase in concept.alternatives]
    return " | ".join(options)


def tsquery_match(query: UnderstoodQuery) -> str:
    """The tsquery the GIN index answers: every concept, or any of them when one may be missing."""
    joiner = " | " if query.relaxed else " & "
    return joiner.join(f"({tsquery_concept(concept)})" for concept in query.concepts)


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


class PostgresMatch:
    def __init__(self, query: UnderstoodQuery):
        self.query = query

    def matches(self, tsquery: str) -> VectorMatch:
        return VectorMatch(Value(tsquery))

    def rank(self, tsquery: str, factor: float):
        return VectorRank(Value(tsquery)) * Value(factor)

    def apply(self, pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
        query = self.query
        pages = pages.filter(self.matches(tsquery_match(query)))
        # One ts_rank_cd over the whole vector (reading it is what costs): how close together the
        # words are, and in which fields. The phrase is looked for in the short fields only.
        parts = [self.rank(" & ".join(query.words), 1.0)]
        if query.phrase:
            parts.append(weighed(query.phrase, PHRASE_BOOST, HEAD_FIELDS))
        if query.other_phrases:
            others = " | ".join(f"({tsquery_phrase(phrase)})" for phrase in query.other_phrases)
            parts.append(self.rank(others, OTHER_LANGUAGE_FACTOR))
        if query.relaxed:
            found = [
                Case(When(self.matches(tsquery_concept(concept)), then=Value(1.0)), default=Value(0.0))
                for concept in query.concepts
            ]
            pages = pages.alias(concepts_found=added(found)).filter(concepts_found__gte=query.required)
            parts.append(F("concepts_found") * CONCEPT_BOOST)
        return pages.annotate(relevance=added(parts + common_parts(query)))


class LikeMatch:
    """The same matching and ranking from LIKE over the stored words (" cai cach hanh chinh ")."""

    def __init__(self, query: UnderstoodQuery):
        self.query = query

    @staticmethod
    def spoken(phrase: Phrase) -> str:
        """The phrase as the stored words hold it: " mot cua "."""
        return f" {' '.join(phrase)} "

    def anywhere(self, phrase: Phrase) -> Q:
        spoken = self.spoken(phrase)
        found = Q()
        for name in FIELD_WEIGHTS:
            found |= Q(**{f"{name}__contains": spoken})
        return found

    def concept_found(self, concept: Concept) -> Q:
        every_word = Q()
        for word in concept.words:
            every_word &= self.anywhere((word,))
        found = every_word
        for phrase in concept.alternatives:
            found |= self.anywhere(phrase)
        return found

    def apply(self, pages: QuerySet[InitiativePage]) -> QuerySet[InitiativePage]:
        query = self.query
        words = query.words
        parts = [weighed((word,), 1.0 / len(words)) for word in dict.fromkeys(words)]
        if query.phrase:
            parts.append(weighed(query.phrase, PHRASE_BOOST))
            pairs = list(dict.fromkeys(zip(words, words[1:], strict=False)))
            if len(pairs) > 1:  # how close together the words are, as ts_rank_cd measures it
                parts += [weighed(pair, 1.0 / len(pairs)) for pair in pairs]
        parts += [weighed(phrase, OTHER_LANGUAGE_FACTOR) for phrase in query.other_phrases]
        if query.relaxed:
            found = [
                Case(When(self.concept_found(concept), then=Value(1.0)), default=Value(0.0))
                for concept in query.concepts
            ]
            pages = pages.alias(concepts_found=added(found)).filter(concepts_found__gte=query.required)
            parts.append(F("concepts_found") * CONCEPT_BOOST)
        else:
            for concept in query.concepts:
                pages = pages.filter(self.concept_found(concept))
        return pages.annotate(relevance=added(parts + common_parts(query)))
