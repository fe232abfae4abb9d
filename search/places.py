"""Province names as people type them: "ha noi", "hanoi", "Hà Nội", "hcm", "tphcm", "sai gon", "brvt"…

A query that names a province ranks that province's initiatives first and offers the province as a
filter. A name of 2025 stands for the 2021 provinces merged into it ("hcm" also finds Bình Dương
and Bà Rịa - Vũng Tàu); a name only 2021 had stands for that province alone.

The names are read from the reference tables into the cache, shared by every process, and
forgotten when a province is saved or deleted (`forget_places`, connected in `search.signals`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from core.i18n import localized
from core.text import folded_words
from initiatives.models import Province, Province2025

# Words that precede or follow a province's name without being part of it.
PREFIXES = ("thanh pho ", "tp ", "tinh ")
SUFFIXES = (" city", " province")

# Short forms and spellings the official names do not give, folded: alias -> (level, code), where
# level is "2025" (a Province2025 code) or "2021" (a Province's statistics-office code).
ALIASES = {
    "hn": ("2025", "ha-noi"),
    "hcm": ("2025", "ho-chi-minh-city"),
    "hcmc": ("2025", "ho-chi-minh-city"),
    "tphcm": ("2025", "ho-chi-minh-city"),
    "tp hcm": ("2025", "ho-chi-minh-city"),
    "sai gon": ("2025", "ho-chi-minh-city"),
    "saigon": ("2025", "ho-chi-minh-city"),
    "sg": ("2025", "ho-chi-minh-city"),
    "hue": ("2025", "hue"),
    "tt hue": ("2025", "hue"),
    "brvt": ("2021", "77"),
    "ba ria vung tau": ("2021", "77"),
    "vung tau": ("2021", "77"),
    "tthue": ("2021", "46"),
}


@dataclass(frozen=True)
class Place:
    """A province named in a query, and the 2021 provinces whose initiatives it stands for."""

    level: str  # "2025" or "2021": the facet that filters by it
    code: str
    name_vi: str
    name_en: str
    province_ids: tuple[int, ...]  # the 2021 provinces (`Province.pk`) it covers
    names: tuple[str, ...]  # its official names, folded: what the initiatives' text holds
    # Those of `province_ids` that had its name before 2025 (Hồ Chí Minh City, not Bình Dương): first.
    core_ids: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return localized(self.name_vi, self.name_en)

    @property
    def facet(self) -> str:
        return "province_2025" if self.level == "2025" else "province"


def name_forms(*names: str, prefixed: bool = False) -> set[str]:
    """The folded forms of these names: as written, without "thành phố"/"tỉnh", run together; and
    when `prefixed`, with each of those words before them, as people also type them."""
    forms = set()
    for name in names:
        folded = folded_words(name).strip()
        if not folded:
            continue
        bare = folded
        for prefix in PREFIXES:
            bare = bare.removeprefix(prefix)
        for suffix in SUFFIXES:
            bare = bare.removesuffix(suffix)
        forms |= {folded, bare, bare.replace(" ", "")}
        if prefixed:
            forms |= {f"{prefix}{bare}" for prefix in PREFIXES}
    return forms


PLACES_CACHE_KEY = "search:places"


def known_places() -> dict[str, Place]:
    """Every form that names a province (folded words) -> the place; 2025 names win over 2021 ones."""
    return cache.get_or_set(PLACES_CACHE_KEY, read_places, timeout=None)


def read_places() -> dict[str, Place]:
    provinces = list(Province.objects.select_related("merged_into"))
    members: dict[int, list[Province]] = {}
    for province in provinces:
        members.setdefault(province.merged_into_id, []).append(province)
    places: dict[tuple[str, str], Place] = {}
    forms: dict[str, Place] = {}
    for province in provinces:
        place = Place(
            "2021",
            province.gso_code,
            province.name_vi,
            province.name_en,
            (province.pk,),
            tuple(sorted(name_forms(province.name_vi, province.name_en))),
            (province.pk,),
        )
        places["2021", province.gso_code] = place
        forms.update(dict.fromkeys(name_forms(province.name_vi, province.name_en, prefixed=True), place))
    for merged in Province2025.objects.all():
        covered = members.get(merged.pk, [])
        merged_forms = name_forms(merged.name_vi, merged.name_en)
        place = Place(
            "2025",
            merged.code,
            merged.name_vi,
            merged.name_en,
            tuple(sorted(province.pk for province in covered)),
            tuple(sorted(merged_forms)),
            tuple(sorted(p.pk for p in covered if name_forms(p.name_vi, p.name_en) & merged_forms)),
        )
        places["2025", merged.code] = place
        forms.update(dict.fromkeys(name_forms(merged.name_vi, merged.name_en, prefixed=True), place))
    for alias, key in ALIASES.items():
        if key in places:
            forms[alias] = places[key]
    return forms


def forget_places(**kwargs) -> None:
    """Provinces were edited: read the names again at the next query."""
    cache.delete(PLACES_CACHE_KEY)


def all_places() -> list[Place]:
    """Each province once: those of 2025, then those of 2021 that are not also a 2025 name."""
    unique = {(place.level, place.code): place for place in known_places().values()}
    return sorted(unique.values(), key=lambda place: (place.level != "2025", place.code))
