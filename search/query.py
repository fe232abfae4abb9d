"""The solutions bank's matching on the database: accent-insensitive, on any database, titles first.

Each initiative stores its public text as folded words (`InitiativePage.search_title`,
`search_text`); a query matches when every word typed starts a word of the initiative, with or
without diacritics ("da nang" finds "Đà Nẵng", "dat dai" finds "đất đai").
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from initiatives.models import InitiativePage
from initiatives.text import folded_words


def query_words(query: str) -> list[str]:
    return folded_words(query).split()


def search_initiatives(query: str, pages: QuerySet[InitiativePage] | None = None) -> QuerySet[InitiativePage]:
    """Live, public initiatives matching every word of `query`: whole phrase in the title first,
    then more title words, then the newest."""
    pages = InitiativePage.objects.live().public() if pages is None else pages
    words = query_words(query)
    if not words:
        return pages.none()
    for word in words:
        pages = pages.filter(Q(search_title__contains=f" {word}") | Q(search_text__contains=f" {word}"))
    phrase = f" {' '.join(words)} "
    title_words = [When(search_title__contains=f" {word}", then=Value(1)) for word in words]
    score = Case(
        When(search_title__contains=phrase, then=Value(100)), default=Value(0), output_field=IntegerField()
    )
    for when in title_words:
        score = score + Case(when, default=Value(0), output_field=IntegerField())
    return pages.annotate(title_score=score).order_by("-title_score", "-first_published_at", "pk")
