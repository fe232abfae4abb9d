"""Keeps the search index current when initiatives are published, unpublished, moved or deleted, and when
a part of the site becomes private or public again; and the province names and glossary that queries
are read with current when they are edited.

The work is queued once the change is committed: a rolled-back change leaves the index alone, and
the task sees what was committed (the aliases that publishing creates in the other language trees
among it). An initiative appears in every language tree, so each change updates all its copies:
the pages sharing its translation key, whether aliases or translations.

The pages of the kinds registered with `search.kinds` (problems) keep their words in entries, written
at once, in the change's own transaction, as the initiatives' words are; their index documents are
updated once it is committed, as the initiatives'.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from initiatives.models import InitiativePage, Province, Province2025

from . import kinds
from .models import GlossaryTerm
from .places import forget_places
from .tasks import remove_from_search_index, update_search_index
from .understanding import forget_glossary


def update_on_commit(initiatives: Callable[[], QuerySet[InitiativePage]]) -> None:
    """Once committed, update the index for `initiatives()` and their copies in the other language trees."""

    def enqueue() -> None:
        copies = InitiativePage.objects.filter(translation_key__in=initiatives().values("translation_key"))
        page_ids = list(copies.order_by("pk").values_list("pk", flat=True))
        if page_ids:
            update_search_index.enqueue(page_ids)

    transaction.on_commit(enqueue)


def initiatives_under(path: str, depth: int) -> QuerySet[InitiativePage]:
    """The live initiatives at or below a tree position: only live ones can be in the index or enter it."""
    return InitiativePage.objects.live().filter(path__startswith=path, depth__gte=depth)


def on_publication_change(sender, instance: InitiativePage, **kwargs) -> None:
    translation_key = instance.translation_key
    update_on_commit(lambda: InitiativePage.objects.filter(translation_key=translation_key))


def on_page_moved(sender, instance: Page, **kwargs) -> None:
    # A move changes where the initiatives below the page are shown, and whether they are public.
    path, depth = instance.path, instance.depth
    update_on_commit(lambda: initiatives_under(path, depth))
    refresh_kinds_under(path, depth)


def refresh_kinds_under(path: str, depth: int) -> None:
    """The entries, and once committed the index, of the pages of other kinds at or below a position."""
    kinds.refresh_entries_under(path, depth)
    ids = [pk for kind in kinds.registered() for pk in pages_below(kind, path, depth)]
    if ids:
        transaction.on_commit(lambda: update_search_index.enqueue(ids))


def pages_below(kind: kinds.SearchKind, path: str, depth: int) -> list[int]:
    below = kind.model.objects.filter(path__startswith=path, depth__gte=depth)
    return list(below.order_by("pk").values_list("pk", flat=True))


def on_kind_page_changed(sender, instance: Page, **kwargs) -> None:
    """A page of a registered kind was published, unpublished or saved: its copies' entries follow."""
    if kwargs.get("update_fields") is not None or not (kind := kinds.kind_of_model(sender)):
        return  # a partial save (a revision's bookkeeping) changes no public text
    copies = kind.model.objects.filter(translation_key=instance.translation_key)
    page_ids = list(copies.order_by("pk").values_list("pk", flat=True))
    kinds.refresh_entries(kind, page_ids)
    transaction.on_commit(lambda: update_search_index.enqueue(page_ids))


def on_kind_page_deleted(sender, instance: Page, **kwargs) -> None:
    # Its entry goes with the page (a cascade); the index forgets it once the deletion is committed.
    if kinds.kind_of_model(sender):
        page_ids = [instance.pk]
        transaction.on_commit(lambda: remove_from_search_index.enqueue(page_ids))


def on_initiative_deleted(sender, instance: InitiativePage, **kwargs) -> None:
    page_ids = [instance.pk]  # taken now: the instance loses its id once deleted
    transaction.on_commit(lambda: remove_from_search_index.enqueue(page_ids))


def on_view_restriction_changed(sender, instance: PageViewRestriction, **kwargs) -> None:
    # Read now: once the restriction (or its page, deleted with it) is gone, its page cannot be found.
    position = Page.objects.filter(pk=instance.page_id).values_list("path", "depth").first()
    if position:
        update_on_commit(lambda: initiatives_under(*position))
        refresh_kinds_under(*position)


def connect_signals() -> None:
    post_save.connect(forget_glossary, sender=GlossaryTerm, dispatch_uid="search_forget_glossary_saved")
    post_delete.connect(forget_glossary, sender=GlossaryTerm, dispatch_uid="search_forget_glossary_deleted")
    for model in (Province, Province2025):
        post_save.connect(forget_places, sender=model, dispatch_uid=f"search_forget_places_{model.__name__}")
        post_delete.connect(
            forget_places, sender=model, dispatch_uid=f"search_forget_places_{model.__name__}"
        )
    page_published.connect(on_publication_change, sender=InitiativePage, dispatch_uid="search_page_published")
    page_unpublished.connect(
        on_publication_change, sender=InitiativePage, dispatch_uid="search_page_unpublished"
    )
    post_page_move.connect(on_page_moved, dispatch_uid="search_page_moved")
    # Any page class: the kinds are registered by the apps above, after this app is ready.
    page_published.connect(on_kind_page_changed, dispatch_uid="search_kind_page_published")
    page_unpublished.connect(on_kind_page_changed, dispatch_uid="search_kind_page_unpublished")
    post_save.connect(on_kind_page_changed, dispatch_uid="search_kind_page_saved")
    post_delete.connect(on_kind_page_deleted, dispatch_uid="search_kind_page_deleted")
    post_delete.connect(
        on_initiative_deleted, sender=InitiativePage, dispatch_uid="search_initiative_deleted"
    )
    post_save.connect(
        on_view_restriction_changed, sender=PageViewRestriction, dispatch_uid="search_view_restriction_saved"
    )
    post_delete.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="search_view_restriction_deleted",
    )
