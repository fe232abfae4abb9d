"""Vietnam's localities since July 2025: the 34 provinces and their 3,321 communes, wards and special zones.

They come from the `vietnam-provinces` package (its version is pinned in requirements.txt: a new version
is a new list). `load_localities` brings the database in line with it, and running it again changes
nothing. It takes the model classes, so that a migration gives it its historical models
(`migrations/0009_load_localities.py`) and `manage.py load_localities` the current ones; it therefore
computes what `Commune.save()` would, with the same helpers.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import vietnam_provinces
from django.db import transaction

from core.text import ascii_fold, ascii_slug, folded_words, single_line

# The Vietnamese names of communes begin with their kind; the package gives the kind in lower case.
COMMUNE_KIND_PREFIXES = ("Phường", "Xã", "Đặc khu")
KIND_OF_DIVISION = {"phường": "ward", "xã": "commune", "đặc khu": "special_zone"}
# What precedes a province's name in the package ("Thành phố Hà Nội") but not always in the database
# ("Hà Nội"), or the other way round ("Thành phố Hồ Chí Minh").
PROVINCE_NAME_PREFIXES = ("Thành phố ", "Tỉnh ")


def short_commune_name(name_vi: str) -> str:
    """'Phường Hoàn Kiếm' -> 'Hoàn Kiếm'."""
    for kind in COMMUNE_KIND_PREFIXES:
        if name_vi.startswith(kind + " "):
            return name_vi[len(kind) + 1 :]
    return name_vi


def commune_search_name(name_vi: str) -> str:
    """What `Commune.search_name` holds: the short name folded, between spaces (' hoan kiem ')."""
    return folded_words(short_commune_name(name_vi))


def unprefixed_province_name(name_vi: str) -> str:
    """'Thành phố Hà Nội' -> 'Hà Nội'."""
    for prefix in PROVINCE_NAME_PREFIXES:
        name_vi = name_vi.removeprefix(prefix)
    return name_vi


def bare_province_name(name_vi: str) -> str:
    """A province's name without "Thành phố"/"Tỉnh", folded: how the package's and our names are matched."""
    return folded_words(unprefixed_province_name(name_vi)).strip()


def package_divisions() -> list[dict]:
    """The package's provinces, each with its "wards" (communes, wards and special zones alike)."""
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as f:
        return json.load(f)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LocalitiesReport:
    provinces: Counts = field(default_factory=Counts)
    communes: Counts = field(default_factory=Counts)
    deleted: int = 0
    # Communes the package no longer lists that something still refers to: their names, kept.
    kept: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        counts = (self.provinces, self.communes)
        return any(c.created or c.updated for c in counts) or bool(self.deleted)


@transaction.atomic
def load_localities(province_model, commune_model, divisions: list[dict] | None = None) -> LocalitiesReport:
    """Upserts the 2025 provinces and their communes from `divisions` (the package's by default).

    A province is found by its statistics-office code, else by its Vietnamese name without "Thành phố" or
    "Tỉnh", else by the code our slugs would give it; only its `gso_code` is written, since editors own
    the names. A commune is found by its code and takes the package's name, kind and province. Communes
    the package no longer lists are deleted, unless something refers to them: those are kept and named
    in the report.
    """
    divisions = package_divisions() if divisions is None else divisions
    report = LocalitiesReport()
    provinces = _load_provinces(province_model, divisions, report.provinces)
    _load_communes(commune_model, divisions, provinces, report)
    return report


def _load_provinces(province_model, divisions: list[dict], counts: Counts) -> dict[int, object]:
    existing = list(province_model.objects.all())
    by_gso_code = {p.gso_code: p for p in existing if p.gso_code is not None}
    by_name = {bare_province_name(p.name_vi): p for p in existing}
    by_code = {p.code: p for p in existing}
    found = {}
    for division in divisions:
        gso_code = division["code"]
        name_vi = unprefixed_province_name(division["name"])
        # The package has no English names: ours are the Vietnamese ones without diacritics ("Ha Noi").
        name_en = ascii_fold(name_vi)
        province = (
            by_gso_code.get(gso_code)
            or by_name.get(bare_province_name(name_vi))
            or by_code.get(ascii_slug(name_en))
        )
        if province is None:
            province = province_model.objects.create(
                code=ascii_slug(name_en), name_vi=name_vi, name_en=name_en, gso_code=gso_code
            )
            counts.created += 1
        elif province.gso_code != gso_code:
            province.gso_code = gso_code
            province.save(update_fields=["gso_code"])
            counts.updated += 1
        else:
            counts.unchanged += 1
        found[gso_code] = province
    return found


def _load_communes(commune_model, divisions: list[dict], provinces: dict, report: LocalitiesReport) -> None:
    existing = {c.gso_code: c for c in commune_model.objects.all()}
    to_create, to_update = [], []
    for division in divisions:
        province = provinces[division["code"]]
        for ward in division["wards"]:
            values = {
                "name_vi": single_line(ward["name"]),
                "search_name": commune_search_name(ward["name"]),
                "kind": KIND_OF_DIVISION[ward["division_type"]],
                "province_id": province.pk,
            }
            commune = existing.pop(ward["code"], None)
            if commune is None:
                to_create.append(commune_model(gso_code=ward["code"], **values))
            elif any(getattr(commune, name) != value for name, value in values.items()):
                for name, value in values.items():
                    setattr(commune, name, value)
                to_update.append(commune)
            else:
                report.communes.unchanged += 1
    commune_model.objects.bulk_create(to_create, batch_size=500)
    commune_model.objects.bulk_update(
        to_update, ["name_vi", "search_name", "kind", "province"], batch_size=500
    )
    report.communes.created, report.communes.updated = len(to_create), len(to_update)

    referred = _referred_to(commune_model, [c.pk for c in existing.values()])
    stale = [c for c in existing.values() if c.pk not in referred]
    commune_model.objects.filter(pk__in=[c.pk for c in stale]).delete()
    report.deleted = len(stale)
    report.kept = sorted(c.name_vi for c in existing.values() if c.pk in referred)


def _referred_to(model, pks: list[int]) -> set[int]:
    """Those of `pks` that a row of any model refers to (by a foreign key or a many-to-many relation)."""
    referred: set[int] = set()
    if not pks:
        return referred
    for relation in model._meta.related_objects:
        name = relation.field.name
        rows = relation.related_model._base_manager.filter(**{f"{name}__in": pks})
        referred.update(rows.values_list(name, flat=True))
    return referred


# How the English site names the kinds, after the name ("Hoàn Kiếm Ward"), folded.
_ENGLISH_KIND_SUFFIXES = (" special zone", " commune", " ward")
_VIETNAMESE_KIND_PREFIXES = tuple(folded_words(kind).lstrip() for kind in COMMUNE_KIND_PREFIXES)


def commune_name_forms(text: str) -> list[str]:
    """The folded forms under which a typed name may be stored in `Commune.search_name`, trimmed: as typed,
    and without the kind before it ("Phường Hoàn Kiếm") or after it ("Hoàn Kiếm Ward").

    The kind is only a guess (a commune may be called "Xá Lượng"), so the text as typed stays a form too.
    """
    folded = folded_words(text).strip()
    forms = [folded]
    for prefix in _VIETNAMESE_KIND_PREFIXES:
        if folded.startswith(prefix):
            forms.append(folded.removeprefix(prefix))
    for suffix in _ENGLISH_KIND_SUFFIXES:
        if folded.endswith(suffix):
            forms.append(folded.removesuffix(suffix))
    return [form for form in dict.fromkeys(forms) if form]
