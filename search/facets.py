"""The solutions bank's facets: their names (the URL's and the API's parameters), labels and values.

Every backend filters and counts the same facets; a facet's values are stable codes (a province's
statistics-office code, a goal's code, a call's slug), its labels follow the visitor's language.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from halls.filters import Facet
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
from initiatives.text import vietnamese_sort_key

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

FACETS: tuple[Facet, ...] = (HALL, PROVINCE, PROVINCE_2025, GOAL, TYPE, STAGE, PROPOSER, CALL, YEAR, LANGUAGE)
FACET_NAMES = tuple(facet.name for facet in FACETS)

HALL_KINDS = {"expo": _("Expo Hall"), "community": _("Community Hall")}

# Facet name -> (term model, the field holding its code): facets whose values are taxonomy terms.
TERM_FACETS = {
    "province": (Province, "gso_code"),
    "province_2025": (Province2025, "code"),
    "goal": (Goal, "code"),
    "type": (InnovationType, "code"),
    "stage": (Stage, "code"),
    "proposer": (ProposerType, "code"),
}


def vocabulary(name: str) -> dict[str, str]:
    """Every value the facet can take, with its label in the active language, in display order."""
    if name == "hall":
        return {kind: str(label) for kind, label in HALL_KINDS.items()}
    if name == "lang":
        return {code: str(label) for code, label in TextLanguage.choices}
    if name == "year":
        # Any year an initiative may start in, newest first: no query needed.
        return {str(year): str(year) for year in range(LAST_START_YEAR, FIRST_START_YEAR - 1, -1)}
    if name == "call":
        return call_vocabulary()
    model, code_field = TERM_FACETS[name]
    terms = {getattr(term, code_field): term.label for term in model.objects.all()}
    if name.startswith("province"):
        return dict(sorted(terms.items(), key=lambda item: vietnamese_sort_key(item[1])))
    return terms


def call_vocabulary() -> dict[str, str]:
    """The calls initiatives were submitted to, by the slug of the call they point to.

    Initiatives keep pointing at the call of the tree they were written in, so the label is the
    call's title in the active language where a translation exists.
    """
    from calls.models import CallPage
    from home.templatetags.expo_tags import current_language

    calls = CallPage.objects.filter(pk__in=InitiativePage.objects.exclude(call=None).values("call_id"))
    translations = {
        page.translation_key: page.title
        for page in CallPage.objects.filter(
            translation_key__in=calls.values("translation_key"), locale__language_code=current_language()
        )
    }
    return {call.slug: translations.get(call.translation_key, call.title) for call in calls.order_by("title")}


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
    }
