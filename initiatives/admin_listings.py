"""What the admin's listings of initiatives share: the initiatives listing and the screening queue."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from core.text import folded_words


def containing_words(text: str) -> Q:
    """Initiatives with a word that starts with each word of `text`, diacritics and case aside."""
    condition = Q()
    for word in folded_words(text).split():
        condition &= (
            Q(search_title__contains=f" {word}")
            | Q(search_summary__contains=f" {word}")
            | Q(search_text__contains=f" {word}")
        )
    return condition


class InitiativeListingMixin:
    """For Wagtail page listings of initiatives: a search that is a filter.

    Wagtail's own search goes through its search backend, which takes no annotation and only the
    filters declared as `index.FilterField`: the listings' own conditions (originals only, waiting
    for a decision) made it fail. Here a search is one more filter, over the folded words each
    initiative keeps (`search_title`, `search_summary`, `search_text`): accent-insensitive on every
    database, and combined with every other filter of the listing.
    """

    # A filter has no relevance to order by: the listing keeps its own order while searching.
    is_explicitly_ordered = True

    def search_queryset(self, queryset: QuerySet) -> QuerySet:
        if not self.is_searching:
            return queryset
        if not folded_words(self.search_query):
            # Nothing searchable typed (punctuation, another script): nothing can match it.
            return queryset.none()
        return queryset.filter(containing_words(self.search_query))
