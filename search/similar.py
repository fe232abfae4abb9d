"""Similar initiatives from other provinces: localities that met the same problem can learn from each other.

On the database, similarity is how many of the initiative's key phrases another initiative's public
text holds, the same notion of phrases as the search's: pairs of syllables that follow each other
in its title, summary and problem, folded. A pair with a syllable too common to tell anything ("của
người", "một hệ") is no key phrase, unless the glossary has it ("một cửa"); nor are the phrases
every initiative of the programme uses ("người dân"). A glossary term found counts double: two
initiatives about "một cửa" are alike; two that both say "của người dân" are not.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.db.models import Case, FloatField, QuerySet, Value, When
from django.utils import timezone
from django.utils.html import strip_tags

from core.text import folded_words
from halls.models import for_cards
from initiatives.models import InitiativePage

from .models import SimilarInitiatives
from .query import anywhere
from .understanding import Phrase, glossary_forms

# Syllables too common to make a phrase telling on their own (Vietnamese and English, folded).
COMMON_WORDS = {
    "cac", "cho", "co", "cua", "da", "duoc", "khi", "la", "mot", "nhung", "tai", "trong", "va", "ve", "voi",
    "a", "an", "and", "for", "in", "is", "of", "on", "the", "to", "with",
}  # fmt: skip
# Phrases that nearly every initiative of the programme uses.
COMMON_PHRASES = {("nguoi", "dan"), ("co", "quan"), ("don", "vi"), ("thuc", "hien"), ("cong", "dan")}
KEY_PHRASES = 12
# A glossary term, or two pairs of syllables: one pair alone is too often a coincidence.
MINIMUM_SHARED = 2.0
SIMILAR_SHOWN = 5
# Kept ahead for each initiative: a few more than are shown, for those unpublished since.
SIMILAR_KEPT = 10
# A list kept longer is worked out again when read: an initiative published since that is like this one
# enters it, though this one was not among the new one's closest (which refreshes this list at once).
SIMILAR_KEPT_FOR = timedelta(days=7)


def key_phrases(page: InitiativePage, glossary: set[Phrase]) -> dict[Phrase, float]:
    """The initiative's telling phrases and their weight: glossary terms first, then pairs of syllables."""
    words = f"{page.search_title} {folded_words(page.summary, strip_tags(page.problem))}".split()
    return key_phrases_of(words, glossary)


def key_phrases_of(words: list[str], glossary: set[Phrase]) -> dict[Phrase, float]:
    """The telling phrases of a text's folded words, and their weight (see `key_phrases`)."""
    phrases: dict[Phrase, float] = {}
    longest = max((len(term) for term in glossary), default=0)
    for start in range(len(words)):
        for size in range(min(longest, len(words) - start), 1, -1):
            if (term := tuple(words[start : start + size])) in glossary:
                phrases.setdefault(term, 2.0)
    for pair in zip(words, words[1:], strict=False):
        common = pair[0] in COMMON_WORDS or pair[1] in COMMON_WORDS or pair in COMMON_PHRASES
        if not common and not any(" ".join(pair) in " ".join(term) for term in phrases):
            phrases.setdefault(pair, 1.0)
    return dict(sorted(phrases.items(), key=lambda item: -item[1])[:KEY_PHRASES])


def similar_candidates(page: InitiativePage) -> QuerySet[InitiativePage]:
    """The published initiatives of other provinces in the page's language tree."""
    return (
        InitiativePage.objects.live()
        .public()
        .filter(locale_id=page.locale_id)
        .exclude(translation_key=page.translation_key)
        .exclude(province_id=page.province_id)
    )


def stored_similar_initiatives(page: InitiativePage, limit: int = SIMILAR_SHOWN) -> list[InitiativePage]:
    """Up to `limit` initiatives most like the page, of other provinces and in its language tree, read from
    what was worked out ahead (`refresh_similar`) and still published."""
    recent = timezone.now() - SIMILAR_KEPT_FOR
    kept = SimilarInitiatives.objects.filter(page_id=page.pk, computed_at__gte=recent)
    ids = kept.values_list("initiative_ids", flat=True).first()
    if ids is None:
        ids = refresh_similar(page)
    found = for_cards(InitiativePage.objects.live().public().filter(pk__in=ids)).in_bulk()
    return [found[pk] for pk in ids if pk in found][:limit]


def refresh_similar(page: InitiativePage, glossary: set[Phrase] | None = None) -> list[int]:
    """Works out and keeps the ids of the initiatives most like `page`, most alike first."""
    phrases = key_phrases(page, glossary if glossary is not None else set(glossary_forms()))
    ids = list(alike(similar_candidates(page), phrases).values_list("pk", flat=True)[:SIMILAR_KEPT])
    SimilarInitiatives.objects.update_or_create(page_id=page.pk, defaults={"initiative_ids": ids})
    return ids


def refresh_similar_around(page_ids: Iterable[int]) -> None:
    """After these initiatives changed: their own lists, and those of the initiatives now named in them
    (alike both ways, mostly), are worked out again; a page no longer live and public keeps none."""
    page_ids = list(page_ids)
    published = InitiativePage.objects.live().public()
    changed = list(published.filter(pk__in=page_ids).order_by("pk"))
    SimilarInitiatives.objects.filter(page_id__in=page_ids).exclude(
        page_id__in=[p.pk for p in changed]
    ).delete()
    glossary = set(glossary_forms())
    named = set()
    for page in changed:
        named.update(refresh_similar(page, glossary))
    for page in published.filter(pk__in=named).exclude(pk__in=page_ids).order_by("pk"):
        refresh_similar(page, glossary)


def similar_to_text(text: str, locale: str, exclude_province_2025: str | None = None) -> list[InitiativePage]:
    """Up to five published initiatives in the `locale` tree that share key phrases with a text (a
    problem's, say), leaving out those of the 2025 province `exclude_province_2025` (its code)."""
    candidates = InitiativePage.objects.live().public().filter(locale__language_code=locale)
    if exclude_province_2025:
        candidates = candidates.exclude(province__merged_into__code=exclude_province_2025)
    phrases = key_phrases_of(folded_words(text).split(), set(glossary_forms()))
    return list(for_cards(alike(candidates, phrases))[:SIMILAR_SHOWN])


def alike(candidates: QuerySet[InitiativePage], phrases: dict[Phrase, float]) -> QuerySet[InitiativePage]:
    """The candidates holding enough of the phrases, those holding the most first."""
    if not phrases:
        return candidates.none()
    shared = Value(0.0, output_field=FloatField())
    for phrase, weight in phrases.items():
        found = When(anywhere(phrase), then=Value(weight))
        shared = shared + Case(found, default=Value(0.0), output_field=FloatField())
    return (
        candidates.annotate(shared_phrases=shared)
        .filter(shared_phrases__gte=MINIMUM_SHARED)
        .order_by("-shared_phrases", "-first_published_at", "pk")
    )
