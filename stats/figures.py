"""The figures of the statistics page, each counted one way for every reader (the page, the API, exports).

An initiative (or a problem) is counted once, however many language trees show it: among its live,
public copies that are not aliases, the first created stands for it (`first_copies`). Every function
here runs a fixed number of queries, whatever the amount of data.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, IntegerField, Min, OuterRef, Subquery, Sum
from django.db.models.functions import ExtractYear, Length, Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale

from calls.models import CallPage
from core.i18n import localized
from core.text import ascii_fold
from halls.models import HallPage
from initiatives.lifecycle import InitiativeStatus
from initiatives.models import (
    Goal,
    InitiativePage,
    InnovationType,
    ProposerType,
    Province2025,
    Stage,
    TextLanguage,
)
from jury.models import public_grants
from problems.models import ProblemPage
from problems.taxonomy import ProblemStatus, Sector
from screening.models import ReviewTaskState, ScreeningTask
from visits.models import DailyPageViews

MOST_VIEWED_DAYS = 30
MOST_VIEWED_COUNT = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    code: str = ""


@dataclass(frozen=True)
class Figure:
    """One chart and its table: a count per category, and how it is counted."""

    key: str
    title: str
    note: str
    bars: list[Bar]

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars)

    @property
    def highest(self) -> int:
        return max((bar.value for bar in self.bars), default=0)


@dataclass(frozen=True)
class Funnel:
    """What became of the submissions to one call (or to none)."""

    call: CallPage | None
    received: int
    accepted: dict[str, int]
    changes_requested: int
    declined: int
    median_days: float | None

    def figure(self) -> Figure:
        title = self.call.title if self.call else str(_("Submissions without a call"))
        bars = [
            Bar(str(_("Received")), self.received, "received"),
            *(Bar(str(label), self.accepted.get(kind, 0), kind) for kind, label in HallPage.Kind.choices),
            Bar(str(_("Changes requested")), self.changes_requested, "changes_requested"),
            Bar(str(_("Declined")), self.declined, "declined"),
        ]
        return Figure(f"funnel-{self.call.pk if self.call else 'none'}", title, "", bars)


@dataclass
class ProvinceTile:
    province: Province2025
    value: int
    column: int
    row: int
    abbreviation: str
    shade: int = 0


@dataclass
class ProvinceMap:
    figure: Figure
    tiles: list[ProvinceTile] = field(default_factory=list)


def first_copies(model):
    """The live, public pages of `model`, one per translation key: the first copy made of each."""
    copies = model.objects.live().public().filter(alias_of__isnull=True)
    first_ids = copies.order_by().values("translation_key").annotate(first=Min("pk")).values("first")
    return model.objects.filter(pk__in=first_ids)


def counted_by(queryset, field_name: str) -> dict:
    rows = queryset.order_by().values(field_name).annotate(count=Count("pk"))
    return {row[field_name]: row["count"] for row in rows}


def taxonomy_figure(key, title, note, terms, counts) -> Figure:
    return Figure(key, title, note, [Bar(term.label, counts.get(term.pk, 0), term.code) for term in terms])


def initiatives_by_hall(initiatives) -> Figure:
    parent_path = Substr("path", 1, Length("path") - InitiativePage.steplen)
    hall_kind = HallPage.objects.filter(path=OuterRef("parent_path")).values("kind")[:1]
    counts = counted_by(initiatives.annotate(parent_path=parent_path, hall=Subquery(hall_kind)), "hall")
    return Figure(
        "hall",
        str(_("Initiatives by hall")),
        str(_("Each published initiative once, in the hall it is shown in.")),
        [Bar(str(label), counts.get(kind, 0), kind) for kind, label in HallPage.Kind.choices],
    )


def initiatives_by_province(initiatives) -> ProvinceMap:
    counts = counted_by(initiatives, "province__merged_into")
    provinces = {province.code: province for province in Province2025.objects.all()}
    figure = Figure(
        "province",
        str(_("Initiatives by province")),
        str(
            _(
                "Each published initiative once, in one of the 34 provinces formed in July 2025; an "
                "initiative submitted under a province of 2021 counts in the province it merged into."
            )
        ),
        [
            Bar(province.label, counts.get(province.pk, 0), province.code)
            for province in sorted(provinces.values(), key=lambda p: p.label)
        ],
    )
    highest = figure.highest
    tiles = []
    for code, (column, row, abbreviation) in PROVINCE_TILES.items():
        province = provinces.get(code)
        if province is None:
            continue
        value = counts.get(province.pk, 0)
        # Shades 1 to SHADES in equal steps up to the highest count; 0 for a province without any.
        shade = -(-value * SHADES // highest) if value else 0
        # The English site writes Vietnamese names without their marks, as the provinces' English names.
        letters = localized(abbreviation, ascii_fold(abbreviation))
        tiles.append(ProvinceTile(province, value, column, row, letters, shade))
    return ProvinceMap(figure, tiles)


def initiatives_by_language(initiatives) -> Figure:
    counts = counted_by(initiatives, "language")
    return Figure(
        "language",
        str(_("Initiatives by language")),
        str(_("Each published initiative once, in the language its authors wrote it in.")),
        [Bar(str(label), counts.get(code, 0), code) for code, label in TextLanguage.choices],
    )


def initiatives_by_year(initiatives) -> Figure:
    counts = counted_by(initiatives.annotate(year=ExtractYear("first_published_at")), "year")
    return Figure(
        "year",
        str(_("Initiatives by year of publication")),
        str(_("Each published initiative once, in the year it was first published on this site.")),
        [Bar(str(year), counts[year], str(year)) for year in sorted(year for year in counts if year)],
    )


def initiatives_by_many(initiatives, through, term_field: str) -> dict:
    """Counts per term of a many-to-many taxonomy: an initiative counts once under each of its terms."""
    rows = (
        through.objects.filter(initiativepage__in=initiatives)
        .order_by()
        .values(term_field)
        .annotate(count=Count("initiativepage", distinct=True))
    )
    return {row[term_field]: row["count"] for row in rows}


def initiative_figures() -> tuple[list[Figure], ProvinceMap, int]:
    """Every figure on initiatives, the tile map of provinces, and the number of initiatives."""
    initiatives = first_copies(InitiativePage)
    total = initiatives.count()
    several = str(_("An initiative may have several, and counts once under each."))
    figures = [
        initiatives_by_hall(initiatives),
        taxonomy_figure(
            "goal",
            str(_("Initiatives by goal")),
            several,
            Goal.objects.all(),
            initiatives_by_many(initiatives, InitiativePage.goals.through, "goal"),
        ),
        taxonomy_figure(
            "innovation-type",
            str(_("Initiatives by type of innovation")),
            several,
            InnovationType.objects.all(),
            initiatives_by_many(initiatives, InitiativePage.innovation_types.through, "innovationtype"),
        ),
        taxonomy_figure(
            "stage",
            str(_("Initiatives by stage")),
            str(_("Each published initiative once, at the stage its authors gave.")),
            Stage.objects.all(),
            counted_by(initiatives, "stage"),
        ),
        taxonomy_figure(
            "proposer-type",
            str(_("Initiatives by proposer")),
            str(_("Each published initiative once, by the kind of person or body that proposed it.")),
            ProposerType.objects.all(),
            counted_by(initiatives, "proposer_type"),
        ),
        initiatives_by_language(initiatives),
        initiatives_by_year(initiatives),
    ]
    return figures, initiatives_by_province(initiatives), total


def problem_figures() -> list[Figure]:
    problems = first_copies(ProblemPage)
    by_status = counted_by(problems, "status")
    return [
        Figure(
            "problem-status",
            str(_("Problems by status")),
            str(_("Each published problem once, at its current status.")),
            [Bar(str(label), by_status.get(code, 0), code) for code, label in ProblemStatus.choices],
        ),
        taxonomy_figure(
            "problem-sector",
            str(_("Problems by sector")),
            str(_("Each published problem once, in its sector.")),
            Sector.objects.all(),
            counted_by(problems, "sector"),
        ),
    ]


def grants_by_year() -> Figure:
    """The grants awarded, by the year of the award, as the grants page lists them."""
    years = Counter(
        timezone.localdate(grant.awarded_at).year for grant, _i, _c in public_grants(Locale.get_active())
    )
    return Figure(
        "grant-year",
        str(_("Grants by year")),
        str(
            _(
                "Each grant awarded to a published initiative, in the year it was awarded; the grants "
                "page gives the amounts."
            )
        ),
        [Bar(str(year), years[year], str(year)) for year in sorted(years)],
    )


DECIDED = {InitiativeStatus.EXPO, InitiativeStatus.COMMUNITY, InitiativeStatus.DECLINED}


def screening_funnels() -> list[Funnel]:
    """Per call: the initiatives sent to screening, what the screeners decided, and how long it took.

    An initiative is received when it first enters screening; the days to a decision run from then to
    its acceptance into a hall or its decline (changes requested on the way count in the wait).
    """
    reviews = ReviewTaskState.objects.filter(task__in=ScreeningTask.objects.all()).values_list(
        "workflow_state__object_id", "outcome", "started_at", "finished_at"
    )
    received: dict[int, object] = {}
    outcomes: dict[int, set] = {}
    decided_at: dict[int, object] = {}
    for object_id, outcome, started_at, finished_at in reviews:
        page_id = int(object_id)
        if page_id not in received or started_at < received[page_id]:
            received[page_id] = started_at
        outcomes.setdefault(page_id, set()).add(outcome)
        if outcome in DECIDED and finished_at:
            decided_at[page_id] = max(finished_at, decided_at.get(page_id, finished_at))
    call_keys = dict(
        InitiativePage.objects.filter(alias_of__isnull=True)
        .exclude(call__isnull=True)
        .values_list("pk", "call__translation_key")
    )
    by_call: dict[object, list[int]] = {}
    for page_id in received:
        by_call.setdefault(call_keys.get(page_id), []).append(page_id)
    calls = in_active_locale(CallPage, [key for key in by_call if key])
    funnels = []
    for key, page_ids in by_call.items():
        if key is not None and key not in calls:
            continue
        waits = [
            (decided_at[page_id] - received[page_id]) / timedelta(days=1)
            for page_id in page_ids
            if page_id in decided_at
        ]
        funnels.append(
            Funnel(
                call=calls.get(key),
                received=len(page_ids),
                accepted={
                    kind: sum(1 for page_id in page_ids if kind in outcomes[page_id])
                    for kind in HallPage.Kind.values
                },
                changes_requested=sum(
                    1 for page_id in page_ids if InitiativeStatus.CHANGES_REQUESTED in outcomes[page_id]
                ),
                declined=sum(1 for page_id in page_ids if InitiativeStatus.DECLINED in outcomes[page_id]),
                median_days=statistics.median(waits) if waits else None,
            )
        )
    # The newest call first; submissions without a call last.
    return sorted(
        funnels,
        key=lambda funnel: (funnel.call is None, -funnel.call.intake_opens.toordinal() if funnel.call else 0),
    )


def in_active_locale(model, translation_keys) -> dict:
    """translation key → its live, public page of `model`, in the active language where there is one."""
    active = Locale.get_active()
    chosen: dict = {}
    for page in model.objects.live().public().filter(translation_key__in=translation_keys):
        if page.translation_key not in chosen or page.locale_id == active.pk:
            chosen[page.translation_key] = page
    return chosen


def most_viewed_initiatives(days: int = MOST_VIEWED_DAYS, count: int = MOST_VIEWED_COUNT) -> list[tuple]:
    """(initiative in the active language, views) for the initiatives most viewed in the last `days` days,
    every language's copy of an initiative counted together."""
    since = timezone.localdate() - timedelta(days=days - 1)
    initiative_ids = InitiativePage.objects.live().public().values("pk")
    rows = list(
        DailyPageViews.objects.filter(day__gte=since, page__in=initiative_ids)
        .values("page__translation_key")
        .annotate(views=Sum("views", output_field=IntegerField()))
        .order_by("-views", "page__translation_key")[:count]
    )
    pages = in_active_locale(InitiativePage, [row["page__translation_key"] for row in rows])
    found = [(pages.get(row["page__translation_key"]), row["views"]) for row in rows]
    return [(page, views) for page, views in found if page is not None]


def all_figures() -> dict:
    """Everything the statistics page shows."""
    figures, province_map, total = initiative_figures()
    return {
        "initiative_count": total,
        "figures": figures,
        "province_map": province_map,
        "funnels": screening_funnels(),
        "problem_figures": problem_figures(),
        "grant_figure": grants_by_year(),
        "most_viewed": most_viewed_initiatives(),
    }


SHADES = 4

#: Where each of the 34 provinces sits on the tile map (column, row) and the letters shown on its tile:
#: north to south, west to east, roughly as on a map of Viet Nam.
PROVINCE_TILES = {
    "lai-chau": (0, 0, "LCh"),
    "lao-cai": (1, 0, "LCa"),
    "tuyen-quang": (2, 0, "TQ"),
    "cao-bang": (3, 0, "CB"),
    "dien-bien": (0, 1, "ĐB"),
    "son-la": (1, 1, "SL"),
    "thai-nguyen": (2, 1, "TN"),
    "lang-son": (3, 1, "LS"),
    "phu-tho": (1, 2, "PT"),
    "ha-noi": (2, 2, "HN"),
    "bac-ninh": (3, 2, "BN"),
    "quang-ninh": (4, 2, "QN"),
    "ninh-binh": (2, 3, "NB"),
    "hung-yen": (3, 3, "HY"),
    "hai-phong": (4, 3, "HP"),
    "thanh-hoa": (1, 4, "TH"),
    "nghe-an": (1, 5, "NA"),
    "ha-tinh": (2, 6, "HT"),
    "quang-tri": (2, 7, "QT"),
    "hue": (3, 8, "Huế"),
    "da-nang": (3, 9, "ĐNg"),
    "quang-ngai": (3, 10, "QNg"),
    "gia-lai": (3, 11, "GL"),
    "dak-lak": (3, 12, "ĐL"),
    "tay-ninh": (0, 13, "TNi"),
    "dong-nai": (1, 13, "ĐNa"),
    "lam-dong": (2, 13, "LĐ"),
    "khanh-hoa": (3, 13, "KH"),
    "an-giang": (0, 14, "AG"),
    "dong-thap": (1, 14, "ĐT"),
    "ho-chi-minh-city": (2, 14, "HCM"),
    "can-tho": (0, 15, "CT"),
    "vinh-long": (1, 15, "VL"),
    "ca-mau": (0, 16, "CM"),
}
