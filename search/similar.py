"""Similar initiatives from other provinces: localities that met the same problem can learn from each other.

On the database, similarity is the number of the initiative's key phrases (pairs of words from
its title and problem, folded like the search) that another initiative's public text contains.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, Value, When
from django.utils.html import strip_tags

from core.text import folded_words
from halls.models import with_card_data
from initiatives.models import InitiativePage

# Words too common to make a phrase telling on their own (Vietnamese and English, folded).
COMMON_WORDS = {
    "cac", "cho", "co", "cua", "da", "duoc", "khi", "la", "mot", "nhung", "tai", "trong", "va", "ve", "voi",
    "a", "an", "and", "for", "in", "is", "of", "on", "the", "to", "with",
}  # fmt: skip
KEY_PHRASES = 12
SIMILAR_SHOWN = 5


def key_phrases(page: InitiativePage) -> list[str]:
    words = f"{page.search_title} {folded_words(strip_tags(page.problem))}".split()
    phrases: list[str] = []
    for first, second in zip(words, words[1:], strict=False):
        phrase = f" {first} {second} "
        if first not in COMMON_WORDS and second not in COMMON_WORDS and phrase not in phrases:
            phrases.append(phrase)
    return phrases[:KEY_PHRASES]


def similar_initiatives(page: InitiativePage) -> list[InitiativePage]:
    """Up to five published initiatives of other provinces, in the page's language tree, most alike first."""
    phrases = key_phrases(page)
    if not phrases:
        return []
    shared = Value(0, output_field=IntegerField())
    for phrase in phrases:
        found = Q(search_title__contains=phrase) | Q(search_text__contains=phrase)
        shared = shared + Case(When(found, then=Value(1)), default=Value(0), output_field=IntegerField())
    candidates = (
        InitiativePage.objects.live()
        .public()
        .filter(locale_id=page.locale_id)
        .exclude(translation_key=page.translation_key)
        .exclude(province_id=page.province_id)
        .annotate(shared_phrases=shared)
        .filter(shared_phrases__gte=1)
        .order_by("-shared_phrases", "-first_published_at", "pk")
    )
    return list(with_card_data(candidates)[:SIMILAR_SHOWN])
