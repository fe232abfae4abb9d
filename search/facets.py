"""The solutions bank's facets: their names (the URL's and the API's parameters), labels and values.

Every backend filters and counts the same facets; a facet's values are stable codes (a province's
statistics-office code, a goal's code, a call's slug), its labels follow the visitor's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from calls.models import CallPage
from core.i18n import current_language
from core.kept import kept
from core.text import vietnamese_sort_key
from halls.filters import Facet, FacetCounts, FacetOption
from halls.models import HallPage
from initiatives.models import (
    FIRST_START_YEAR,
    LAST_START_YEAR,
    Goal,
    InitiativePage,
    InnovationType,
    ProposerType,
    Province,
    Province2025,
    Stage,
    TextLanguage,
)

from .kinds import INITIATIVE, kind_choices

HALL = Facet("hall", _("Hall"))
PROVINCE = Facet("province", _("Province (before 2025)"))
PROVINCE_2025 = Facet("province_2025", _("Province (since July 2025)"))
GOAL = Facet("goal", _("Goal"))
TYPE = Facet("type", _("Innovation type"))
STAGE = Facet("stage", _("Stage"))
PROPOSER = Facet("proposer", _("Proposer"))
CALL = Facet("call", _("Call"))
YEAR = Facet("year", _("Start year"))
LANGUAGE = Facet("lang", pgettext_lazy("language of a text", "Language"))
# Initiatives, and the kinds registered with `search.kinds` (problems).
KIND = Facet("kind", pgettext_lazy("kind of page found", "Kind"))

FACETS: tuple[Facet, ...] = (
    HALL, PROVINCE, PROVINCE_2025, GOAL, TYPE, STAGE, PROPOSER, CALL, YEAR, LANGUAGE, KIND,
)  # fmt: skip
FACET_NAMES = tuple(facet.name for facet in FACETS)


# Facet name -> (term model, the field holding its code): facets whose values are taxonomy terms.
TERM_FACETS = {
    "province": (Province, "gso_code"),
    "province_2025": (Province2025, "code"),
    "goal": (Goal, "code"),
    "type": (InnovationType, "code"),
    "stage": (Stage, "code"),
    "proposer": (ProposerType, "code"),
}


@dataclass(frozen=True)
class Term:
    key: str  # how the database refers to the value: its row's id, or the code itself
    code: str
    label: str


def load_terms(name: str) -> list[Term]:
    """Every value the facet can take, labelled in the active language, in display order."""
    if name == "hall":
        return [Term(kind, kind, str(label)) for kind, label in HallPage.Kind.choices]
    if name == "lang":
        return [Term(code, code, str(label)) for code, label in TextLanguage.choices]
    if name == "kind":
        return [Term(code, code, label) for code, label in kind_choices()]
    if name == "year":
        # Any year an initiative may start in, newest first: no query needed.
        years = (str(year) for year in range(LAST_START_YEAR, FIRST_START_YEAR - 1, -1))
        return [Term(year, year, year) for year in years]
    if name == "call":
        return call_terms()
    model, code_field = TERM_FACETS[name]
    terms = [Term(str(term.pk), getattr(term, code_field), term.label) for term in model.objects.all()]
    if name.startswith("province"):
        terms.sort(key=lambda term: vietnamese_sort_key(term.label))
    return terms


def call_terms() -> list[Term]:
    """The calls initiatives were submitted to, by the slug of the call they point to.

    Initiatives keep pointing at the call of the tree they were written in, so the label is the
    call's title in the active language where a translation exists.
    """
    calls = CallPage.objects.filter(pk__in=InitiativePage.objects.exclude(call=None).values("call_id"))
    translations = {
        page.translation_key: page.title
        for page in CallPage.objects.filter(
            translation_key__in=calls.values("translation_key"), locale__language_code=current_language()
        )
    }
    return [
        Term(str(call.pk), call.slug, translations.get(call.translation_key, call.title))
        for call in calls.order_by("title")
    ]


class Vocabularies:
    """The facets' values, each read at most once: what one search needs to filter, count and label.

    Kept in the cache (`core.kept`) until a term or a page changes, every facet's under one key: reading them
    cost about 7 ms a search, and a search reads them all.
    """

    def __init__(self):
        self._terms: dict[str, list[Term]] | None = None

    def terms(self, name: str) -> list[Term]:
        if self._terms is None:
            self._terms = kept(
                "facet-terms", lambda: {facet: load_terms(facet) for facet in FACET_NAMES}, current_language()
            )
        return self._terms[name]

    def labels(self, name: str) -> dict[str, str]:
        return {term.code: term.label for term in self.terms(name)}

    def codes_by_key(self, name: str) -> dict[str, str]:
        return {term.key: term.code for term in self.terms(name)}

    def keys(self, name: str, codes: tuple[str, ...]) -> list[str]:
        return [term.key for term in self.terms(name) if term.code in codes]

    def counted(
        self, counts: dict[str, dict[str, int]], chosen: dict[str, tuple[str, ...]]
    ) -> list[FacetCounts]:
        """Each facet's options in display order: the values found, and those chosen even if none is left."""
        result = []
        for facet in FACETS:
            tally, selected = counts.get(facet.name, {}), chosen.get(facet.name, ())
            options = [
                FacetOption(code, label, tally.get(code, 0), code in selected)
                for code, label in self.labels(facet.name).items()
                if tally.get(code) or code in selected
            ]
            result.append(FacetCounts(facet, options))
        return result


def vocabulary(name: str) -> dict[str, str]:
    """Every value the facet can take (code: label in the active language), in display order."""
    return Vocabularies().labels(name)


def page_values(page: InitiativePage, hall_kind: str | None) -> dict[str, list[str]]:
    """The facet values of one initiative, for a search index. `page` comes from `with_card_data`."""
    province = page.province
    return {
        "hall": [hall_kind] if hall_kind else [],
        "province": [province.gso_code],
        "province_2025": [province.merged_into.code] if province.merged_into_id else [],
        "goal": [goal.code for goal in page.goals.all()],
        "type": [kind.code for kind in page.innovation_types.all()],
        "stage": [page.stage.code],
        "proposer": [page.proposer_type.code],
        "call": [page.call.slug] if page.call_id else [],
        "year": [str(page.start_year)] if page.start_year else [],
        "lang": [page.language],
        "kind": [INITIATIVE],
    }
