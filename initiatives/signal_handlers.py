"""What is kept (`core.kept`: the menu, the facets' terms) worked out again after a page, who may see it, a
site or a term changed."""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from core.kept import forget_kept, forget_kept_when_changed

from .models import Province, Province2025, TaxonomyTerm

# A page: any save (published, unpublished, a live page changed in code), whatever its type; a term: the
# goals, types, stages and proposers, and the terms of the apps above built the same way (sectors).
KEPT_FROM = (Page, PageViewRestriction, Site, Province, Province2025, TaxonomyTerm)


def page_moved(sender, **kwargs) -> None:
    forget_kept()


def connect() -> None:
    forget_kept_when_changed(KEPT_FROM, "initiatives")
    post_page_move.connect(page_moved, dispatch_uid="initiatives.kept.moved")
