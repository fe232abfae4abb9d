"""The rows of the open data files: public facts only, one row per initiative, call or problem.

A page counts once whatever the number of its copies: its original (the page its translations were
made from, or the only one) among the live, public pages that are not aliases. The row is in the
original's language and gives the address of each language's page where a translation exists (an
alias shows the original's text, so it gets no address of its own).

Nothing here reads a private field (`InitiativePage.PRIVATE_FIELDS`, `ProblemPage.PRIVATE_FIELDS`):
every column is named in `dictionary`, and a test scans the files for the test data's private values.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict

from django.db.models import Model, QuerySet, TextChoices
from django.utils import translation
from wagtail.models import Page
from wagtail_localize.models import TranslationSource

from calls.models import CallPage
from core.links import page_url
from halls.models import HallPage
from initiatives.models import AdministrativeLevel, AuthorityKind, InitiativePage
from problems.models import ProblemPage
from problems.taxonomy import BudgetRange, ProblemStatus

from .dictionary import CALLS, INITIATIVES, PROBLEMS


def published(model: type[Page]) -> QuerySet:
    """The live, public pages of `model` that are not aliases: every copy with a text of its own."""
    return model.objects.live().public().filter(alias_of__isnull=True)


class Copies:
    """Each page's original and its copies in every language, by translation key."""

    def __init__(self, pages: list[Page]):
        self.by_key: dict = defaultdict(list)
        for page in pages:
            self.by_key[page.translation_key].append(page)
        self.source_locale = dict(
            TranslationSource.objects.filter(object_id__in=list(self.by_key)).values_list(
                "object_id", "locale_id"
            )
        )

    def original(self, key) -> Page:
        copies = sorted(self.by_key[key], key=lambda page: page.pk)
        in_source = [page for page in copies if page.locale_id == self.source_locale.get(key)]
        in_own_language = [
            page for page in copies if page.locale.language_code == getattr(page, "language", "")
        ]
        return (in_source or in_own_language or copies)[0]

    def originals(self) -> list[Page]:
        return sorted((self.original(key) for key in self.by_key), key=lambda page: page.pk)

    def urls(self, key) -> dict[str, str]:
        return {f"url_{page.locale.language_code}": page_url(page) for page in self.by_key[key]}


def page_values(copies: Copies, page: Page, language: str) -> dict:
    return {
        "id": page.pk,
        "title": page.title,
        "language": language,
        "url_vi": "",
        "url_en": "",
        **copies.urls(page.translation_key),
        "first_published_at": moment(page.first_published_at),
        "last_published_at": moment(page.last_published_at),
    }


def moment(value: datetime.datetime | None) -> str:
    return value.astimezone(datetime.UTC).isoformat() if value else ""


def term(name: str, value: Model | None) -> dict:
    """A taxonomy term's code and both its labels."""
    return {
        f"{name}_code": value.code if value else "",
        f"{name}_vi": value.name_vi if value else "",
        f"{name}_en": value.name_en if value else "",
    }


def terms(name: str, values) -> dict:
    values = list(values)
    return {
        f"{name}_code": [value.code for value in values],
        f"{name}_vi": [value.name_vi for value in values],
        f"{name}_en": [value.name_en for value in values],
    }


def choice(name: str, choices: type[TextChoices], value: str) -> dict:
    """A choice's code and its label in each language (the labels are the interface's translations)."""
    labels = {}
    for language in ("vi", "en"):
        with translation.override(language):
            labels[f"{name}_{language}"] = str(choices(value).label) if value else ""
    return {f"{name}_code": value, **labels}


def province_2025(province) -> dict:
    return {
        "province_2025_code": province.code if province else "",
        "province_2025_gso_code": province.gso_code if province else None,
        "province_2025_vi": province.name_vi if province else "",
        "province_2025_en": province.name_en if province else "",
    }


def commune(value) -> dict:
    return {"commune_code": value.gso_code if value else None, "commune_vi": value.name_vi if value else ""}


def ordered(record: dict, columns: list[str]) -> dict:
    return {name: record[name] for name in columns}


def original_call_ids() -> dict:
    """The id of each live call's original, by translation key: what an initiative's call_id gives."""
    copies = Copies(list(published(CallPage).select_related("locale")))
    return {key: copies.original(key).pk for key in copies.by_key}


def initiative_rows() -> list[dict]:
    pages = (
        published(InitiativePage)
        .select_related("locale", "stage", "proposer_type", "province", "province_2025", "commune", "call")
        .prefetch_related("goals", "innovation_types", "tags")
    )
    copies = Copies(list(pages))
    halls = {hall.path: hall for hall in HallPage.objects.all()}
    call_ids = original_call_ids()
    rows = []
    for page in copies.originals():
        hall = halls.get(page.path[: -page.steplen])
        call = page.call
        record = {
            **page_values(copies, page, page.language),
            "summary": page.summary,
            **choice("hall", HallPage.Kind, hall.kind if hall else ""),
            **terms("goals", page.goals.all()),
            **terms("innovation_types", page.innovation_types.all()),
            **term("stage", page.stage),
            **term("proposer_type", page.proposer_type),
            **choice("level", AdministrativeLevel, page.level),
            "province_2021_code": page.province.gso_code,
            "province_2021_vi": page.province.name_vi,
            "province_2021_en": page.province.name_en,
            **province_2025(page.province_2025),
            **commune(page.commune),
            "organisation": page.organisation,
            "authority_name": page.authority_name,
            **choice("authority_kind", AuthorityKind, page.authority_kind),
            **choice("authority_level", AdministrativeLevel, page.authority_level),
            "start_year": page.start_year,
            "call_id": call_ids.get(call.translation_key) if call else None,
            "call_title": call.title if call else "",
            "tags": sorted(tag.name for tag in page.tags.all()),
            "video_url": page.video_url,
        }
        rows.append(ordered(record, INITIATIVES.column_names))
    return rows


def call_rows() -> list[dict]:
    copies = Copies(list(published(CallPage).select_related("locale")))
    # Each initiative once, under the call its original names (any language's copy of the call).
    counted = (
        published(InitiativePage)
        .filter(call__isnull=False)
        .values_list("translation_key", "call__translation_key")
        .distinct()
    )
    initiatives = Counter(call_key for _initiative_key, call_key in set(counted))
    rows = []
    for page in copies.originals():
        record = {
            **page_values(copies, page, page.locale.language_code),
            "organiser": page.organiser,
            "intake_opens": page.intake_opens.isoformat(),
            "intake_closes": page.intake_closes.isoformat(),
            "grant_min": page.grant_min,
            "grant_max": page.grant_max,
            "grant_currency": page.grant_currency,
            "initiatives_count": initiatives[page.translation_key],
        }
        rows.append(ordered(record, CALLS.column_names))
    return rows


def problem_rows() -> list[dict]:
    pages = (
        published(ProblemPage)
        .select_related("locale", "sector", "province", "commune")
        .prefetch_related("goals", "expertise")
    )
    copies = Copies(list(pages))
    rows = []
    for page in copies.originals():
        record = {
            **page_values(copies, page, page.language),
            **{name: getattr(page, name) for name in ProblemPage.TEXT_FIELDS},
            "affected_count": page.affected_count,
            **choice("budget_range", BudgetRange, page.budget_range),
            "time_limit_months": page.time_limit_months,
            "expertise": sorted(tag.name for tag in page.expertise.all()),
            **terms("goals", page.goals.all()),
            **term("sector", page.sector),
            **province_2025(page.province),
            **commune(page.commune),
            "owner_body": page.owner_body,
            **choice("status", ProblemStatus, page.status),
            "open_until": page.open_until.isoformat() if page.open_until else "",
        }
        rows.append(ordered(record, PROBLEMS.column_names))
    return rows
