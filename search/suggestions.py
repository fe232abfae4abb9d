"""Suggestions while a visitor types: provinces that lead to their initiatives, and titles.

Every word typed is a whole syllable but the last, which may be the start of one while it is being
typed ("da n" suggests "Đà Nẵng"). Titles that hold what was typed as a phrase come first, those
that begin with it before all; then the most recently published.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When
from django.urls import reverse
from django.utils.translation import ngettext

from initiatives.models import InitiativePage

from .places import Place, all_places
from .results import Suggestion
from .understanding import typed_words

PLACES_SUGGESTED = 3


def being_typed(text: str) -> tuple[list[str], str]:
    """(the words finished, the start of the word being typed, or "" after a space)."""
    words = list(typed_words(text)[0])
    if not words or text[-1:].isspace():
        return words, ""
    return words[:-1], words[-1]


def title_suggestions(pages: QuerySet[InitiativePage], text: str, limit: int) -> list[Suggestion]:
    finished, started = being_typed(text)
    if not finished and not started:
        return []
    for word in finished:
        pages = pages.filter(search_title__contains=f" {word} ")
    if started:
        pages = pages.filter(search_title__contains=f" {started}")
    typed = " ".join([*finished, started]).strip()
    closeness = Case(
        When(search_title__startswith=f" {typed}", then=Value(0)),
        When(search_title__contains=f" {typed}", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    pages = pages.annotate(closeness=closeness).order_by("closeness", "-first_published_at", "pk")
    return [Suggestion(page.title, page.url) for page in pages[:limit]]


def places_typed(text: str) -> list[Place]:
    """The provinces one of whose names begins with what was typed ("da n", "hcm", "sai")."""
    finished, started = being_typed(text)
    typed = " ".join([*finished, started]).strip()
    if len(typed) < 2:
        return []
    return [place for place in all_places() if any(form.startswith(typed) for form in place.names)]


def place_suggestions(text: str, locale: str) -> list[Suggestion]:
    """Provinces named by what was typed, with how many initiatives each has, those with most first."""
    places = places_typed(text)
    if not places:
        return []
    pages = InitiativePage.objects.live().public().filter(locale__language_code=locale)
    counts = pages.aggregate(
        **{
            f"place_{index}": Count("pk", filter=Q(province_id__in=place.province_ids))
            for index, place in enumerate(places)
        }
    )
    found = sorted(
        ((place, counts[f"place_{index}"]) for index, place in enumerate(places) if counts[f"place_{index}"]),
        key=lambda item: (-item[1], item[0].level != "2025"),
    )
    base = reverse("search:solutions")
    return [
        Suggestion(
            ngettext("%(place)s — %(count)d initiative", "%(place)s — %(count)d initiatives", count)
            % {"place": place.label, "count": count},
            f"{base}?{urlencode({place.facet: place.code})}",
            kind="place",
        )
        for place, count in found[:PLACES_SUGGESTED]
    ]
