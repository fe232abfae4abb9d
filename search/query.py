"""The solutions bank's matching on the database: accent-insensitive, titles first, on any database.

Each initiative stores its public text as folded words (`InitiativePage.search_title`,
`search_text`); a query matches when every word typed starts a word of the initiative, with or
without diacritics ("da nang" finds "Đà Nẵng", "dat dai" finds "đất đai").

On PostgreSQL the words are matched by full text search: the column `search_vector`, generated
from the folded words with the `expo_unaccent` text search configuration and indexed with GIN
(see migration search 0001), is not part of the model, so the expressions below name it.
On SQLite (zero set-up), the words are matched with LIKE.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, Func, IntegerField, Q, QuerySet, Value, When

from initiatives.models import InitiativePage
from initiatives.text import folded_words

TEXT_SEARCH_CONFIGURATION = "expo_unaccent"


def query_words(query: str) -> list[str]:
    return folded_words(query).split()


def match_text(pages: QuerySet[InitiativePage], words: list[str]) -> QuerySet[InitiativePage]:
    """The pages whose public text has a word starting with each of `words`, annotated with `relevance`."""
    if connection.vendor == "postgresql":
        return _match_full_text(pages, words)
    return _match_words(pages, words)


class FullTextMatch(Func):
    """Whether the generated column `search_vector` matches a tsquery."""

    template = f"search_vector @@ to_tsquery('{TEXT_SEARCH_CONFIGURATION}', %(expressions)s)"
    output_field = BooleanField()


class FullTextRank(Func):
    """Title words weigh A (1.0), the rest B (0.4): a match in the title ranks above one in the body."""

    template = f"ts_rank(search_vector, to_tsquery('{TEXT_SEARCH_CONFIGURATION}', %(expressions)s))"
    output_field = FloatField()


def _match_full_text(pages: QuerySet[InitiativePage], words: list[str]) -> QuerySet[InitiativePage]:
    ts_query = Value(" & ".join(f"{word}:*" for word in words))
    return pages.filter(FullTextMatch(ts_query)).annotate(relevance=FullTextRank(ts_query))


def _match_words(pages: QuerySet[InitiativePage], words: list[str]) -> QuerySet[InitiativePage]:
    for word in words:
        pages = pages.filter(Q(search_title__contains=f" {word}") | Q(search_text__contains=f" {word}"))
    phrase = f" {' '.join(words)} "
    relevance = Case(
        When(search_title__contains=phrase, then=Value(100)), default=Value(0), output_field=IntegerField()
    )
    for word in words:
        in_title = When(search_title__contains=f" {word}", then=Value(1))
        relevance = relevance + Case(in_title, default=Value(0), output_field=IntegerField())
    return pages.annotate(relevance=relevance)


def search_initiatives(query: str, pages: QuerySet[InitiativePage] | None = None) -> QuerySet[InitiativePage]:
    """Live, public initiatives matching every word of `query`, the most relevant first, then the newest."""
    pages = InitiativePage.objects.live().public() if pages is None else pages
    words = query_words(query)
    if not words:
        return pages.none()
    return match_text(pages, words).order_by("-relevance", "-first_published_at", "pk")
