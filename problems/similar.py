"""Similar initiatives from other provinces, for a problem: the solutions bank's notion of alike.

An initiative is alike when its public text holds the problem's key phrases (`search.similar`:
glossary terms and telling pairs of syllables, folded), read here from the problem's title,
statement and causes. Initiatives of the problem's own 2025 province are left out: the page already
shows the initiatives linked to it.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.db.models import Case, FloatField, Value, When

from core.text import folded_words
from halls.models import with_card_data
from initiatives.models import InitiativePage
from search.query import anywhere
from search.similar import MINIMUM_SHARED, SIMILAR_SHOWN, key_phrases
from search.understanding import glossary_forms


def similar_initiatives(problem) -> list[InitiativePage]:
    """Up to five live initiatives of other provinces, in the problem's language tree, most alike first."""
    text = SimpleNamespace(
        search_title=folded_words(problem.title), summary=problem.statement, problem=problem.causes
    )
    phrases = key_phrases(text, set(glossary_forms()))
    if not phrases:
        return []
    shared = Value(0.0, output_field=FloatField())
    for phrase, weight in phrases.items():
        shared = shared + Case(
            When(anywhere(phrase), then=Value(weight)), default=Value(0.0), output_field=FloatField()
        )
    candidates = (
        InitiativePage.objects.live()
        .public()
        .filter(locale_id=problem.locale_id)
        .exclude(province__merged_into_id=problem.province_id)
        .annotate(shared_phrases=shared)
        .filter(shared_phrases__gte=MINIMUM_SHARED)
        .order_by("-shared_phrases", "-first_published_at", "pk")
    )
    return list(with_card_data(candidates)[:SIMILAR_SHOWN])
