"""The kinds of pages the solutions bank finds: initiatives, and those the apps above register.

Initiatives are the bank's own kind: their words live in their rows (`initiatives.search_words`).
An app above the search (the problem bank) adds a kind of its own with `register(SearchKind(...))`
from its `AppConfig.ready()`, as Wagtail's hooks let an app add to another's pages: the search never
imports it. A registered kind's live, public pages keep their words in `SearchEntry` rows, updated
as they are saved, published, unpublished, moved or made private (`search.signals`), and the
Elasticsearch index holds a document for each; the `kind` facet tells the kinds apart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from initiatives.search_words import SearchWords

from .models import SearchEntry

INITIATIVE = "initiative"
INITIATIVE_LABEL = _("Initiative")


@dataclass(frozen=True)
class Pairs:
    """A facet whose values a page holds as many-to-many pairs: (through table, page column, value column)."""

    through: type[models.Model]
    page_column: str
    value_column: str


@dataclass(frozen=True)
class SearchKind:
    """What the solutions bank needs to know to find a kind of page, show it and count its facets.

    - `name`: the `kind` facet's value ("problem"); `label` its label;
    - `model`: the page model; its live, public pages are found;
    - `words(page)`: its public text as `SearchWords` (title, summary, body, accented): never a
      private field;
    - `province_2025(page)`: the id of its 2025 province (`initiatives.Province2025`), or None;
    - `pairs`: the facets it holds as many-to-many pairs ("goal");
    - `facet_values(page)`: its values of the facets (`search.facets`), for the search index;
    - `document_text(page)`: its text by the index's fields (`search.documents.TEXT_FIELDS`);
    - `with_card_data(pages)`: the queryset loaded with what the result template and the API read;
    - `snippet_texts(page)`: the texts a result's snippet may come from, as HTML, in order;
    - `result_template`: the template of one result (context: `hit`);
    - `serialise(page, request)`: the API's fields of one result beyond those of every kind.
    """

    name: str
    label: str | Promise
    model: type[Page]
    words: Callable[[Page], SearchWords]
    province_2025: Callable[[Page], int | None]
    facet_values: Callable[[Page], dict[str, list[str]]]
    document_text: Callable[[Page], dict[str, str | list[str]]]
    with_card_data: Callable[[QuerySet], QuerySet]
    snippet_texts: Callable[[Page], list[str]]
    result_template: str
    serialise: Callable[[Page, HttpRequest], dict]
    pairs: dict[str, Pairs] = field(default_factory=dict)

    def indexable(self) -> QuerySet:
        """The pages the bank finds: live and public, in both language trees."""
        return self.model.objects.live().public()


_registry: dict[str, SearchKind] = {}


def register(kind: SearchKind) -> None:
    if kind.name == INITIATIVE:
        raise ValueError(f"“{INITIATIVE}” is the solutions bank's own kind")
    _registry[kind.name] = kind


def unregister(name: str) -> None:
    _registry.pop(name, None)


def registered() -> list[SearchKind]:
    return list(_registry.values())


def get(name: str) -> SearchKind | None:
    return _registry.get(name)


def kind_choices() -> list[tuple[str, str]]:
    """The `kind` facet's values: initiatives first, then the registered kinds."""
    return [(INITIATIVE, str(INITIATIVE_LABEL)), *((kind.name, str(kind.label)) for kind in registered())]


def kind_of_model(model: type[models.Model]) -> SearchKind | None:
    return next((kind for kind in registered() if issubclass(model, kind.model)), None)


def refresh_entries(kind: SearchKind, page_ids: Iterable[int]) -> None:
    """The entries of these pages of `kind` brought up to date: written if live and public, else removed."""
    ids = set(page_ids)
    if not ids:
        return
    pages = list(kind.indexable().filter(pk__in=ids).select_related("locale"))
    for page in pages:
        words = kind.words(page)
        SearchEntry.objects.update_or_create(
            page_id=page.pk,
            defaults={
                "kind": kind.name,
                "path": page.path,
                "locale_id": page.locale_id,
                "translation_key": page.translation_key,
                "language": getattr(page, "language", "") or page.locale.language_code,
                "province_2025_id": kind.province_2025(page),
                "published": page.first_published_at,
                **words.as_fields(),
            },
        )
    SearchEntry.objects.filter(page_id__in=ids - {page.pk for page in pages}).delete()


def refresh_entries_under(path: str, depth: int) -> None:
    """The entries of every registered kind's pages at or below a tree position (a move, a restriction)."""
    for kind in registered():
        below = kind.model.objects.filter(path__startswith=path, depth__gte=depth)
        refresh_entries(kind, below.values_list("pk", flat=True))


def pages_of_kinds(ids: list[int]) -> dict[int, tuple[SearchKind, Page]]:
    """The pages of registered kinds among `ids`, loaded for their result: a query per kind found."""
    kinds = dict(SearchEntry.objects.filter(page_id__in=ids).values_list("page_id", "kind"))
    found = {}
    for kind in registered():
        wanted = [pk for pk, name in kinds.items() if name == kind.name]
        if wanted:
            pages = kind.with_card_data(kind.indexable().filter(pk__in=wanted))
            found.update({page.pk: (kind, page) for page in pages})
    return found
