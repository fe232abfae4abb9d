"""The solutions bank's matching on the database: accent-insensitive, titles first, on any database.

Each initiative stores its public text as folded words (`InitiativePage.search_title`,
`search_text`); a query matches when every word typed starts a word of the initiative, with or
without diacritics ("da nang" finds "Đà Nẵng", "dat dai" finds "đất đai").

On PostgreSQL the words are matched by full text search: the column `search_vector`, generated
from the folded words with the `expo_unaccent` text search configuration and indexed with GIN
(see migration search 0001), is not part of the model, so `FullTextMatch` names it.
On SQLite (zero set-up), the words are matched with LIKE.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Case, Func, IntegerField, Q, QuerySet, Value, When

from core.text import folded_words
from initiatives.models import InitiativePage


def query_words(query: str) -> list[str]:
    return folded_words(query).split()


def match_text(pages: QuerySet[InitiativePage], words: list[str]) -> QuerySet[InitiativePage]:
    """The pages whose public text has a word starting with each of `words`, annotated with `relevance`."""
    if connection.vendor == "postgresql":
        pages = pages.filter(FullTextMatch(Value(" & ".join(f"{word}:*" for word in words))))
    else:
        for word in words:
            pages = pages.filter(Q(search_title__contains=f" {word}") | Q(search_text__contains=f" {word}"))
    return pages.annotate(relevance=title_relevance(words))


class FullTextMatch(Func):
    """Whether the generated column `search_vector` matches a tsquery (folded words are [0-9a-z]+)."""

    template = "search_vector @@ to_tsquery('expo_unaccent', %(expressions)s)"
    output_field = BooleanField()


def title_relevance(words: list[str]) -> Case:
    """100 when the title holds the words as typed, plus one for each word the title holds.

    Matches in the body all weigh the same: ranking by them would mean reading every match's
    whole text, which is what makes broad searches slow.
    """
    phrase = f" {' '.join(words)} "
    relevance = Case(
        When(search_title__contains=phrase, then=Value(100)), default=Value(0), output_field=IntegerField()
    )
    for word in words:
        in_title = When(search_title__contains=f" {word}", then=Value(1))
        relevance = relevance + Case(in_title, default=Value(0), output_field=IntegerField())
    return relevance
