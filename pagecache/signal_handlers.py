"""What a page's publication, unpublication, move or deletion purges, from the page cache and from a CDN.

The same addresses for both (`Purge`): the page's own (and those of its translations, aliases and parent,
whose language switcher, listing or links change with it), and the listings it can appear in. The page
cache purges the listings by their version (every query string at once); a CDN, through
`wagtail.contrib.frontend_cache` when WAGTAILFRONTENDCACHE is configured, gets the addresses of every live
listing page and of the solutions bank in each language, as the site links them (without query string:
a CDN keeps filtered listings for the time to live it is given, see README "Caches").

The handlers act twice: at once (a request rendering meanwhile in this process sees the purge) and when
the transaction commits (an entry stored from the old rows between the two is not served either).
`wagtail.contrib.frontend_cache` is not in INSTALLED_APPS: its own handlers would purge only the page.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import translation
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from .store import OWN_CONTENT_PAGE_TYPES, purge_listings, purge_paths, purge_site

#: Views that are not Wagtail pages and list pages: the solutions bank (URL names, in each language).
LISTING_URL_NAMES = ["search:solutions"]


@dataclass
class Purge:
    """The addresses (path and full URL) that one event makes out of date."""

    paths: set[str] = field(default_factory=set)
    urls: set[str] = field(default_factory=set)
    whole_site: bool = False

    def add_page(self, page: Page) -> None:
        parts = page.get_url_parts()
        if parts is None:
            return
        _site_id, root_url, page_path = parts
        for extra in page.specific_deferred.get_cached_paths():
            path = page_path + extra.lstrip("/")
            self.paths.add(path)
            self.urls.add(root_url + path)

    def add_page_and_relatives(self, page: Page) -> None:
        relatives = Page.objects.filter(Q(translation_key=page.translation_key) | Q(alias_of=page))
        for relative in [page, *relatives.exclude(pk=page.pk)]:
            self.add_page(relative)
        parent = Page.objects.filter(path=page.path[: -page.steplen]).first() if page.depth > 1 else None
        if parent is not None:
            self.add_page(parent)
        if not shows_own_content(page) or page.show_in_menus:
            self.whole_site = True

    def apply(self) -> None:
        self.apply_to_page_cache()
        transaction.on_commit(self.apply_to_page_cache)
        if getattr(settings, "WAGTAILFRONTENDCACHE", None):
            transaction.on_commit(self.apply_to_frontend_cache)

    def apply_to_page_cache(self) -> None:
        purge_paths(self.paths)
        purge_listings()
        if self.whole_site:
            purge_site()

    def apply_to_frontend_cache(self) -> None:
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch(self.urls | listing_urls())
        batch.purge()


def shows_own_content(page: Page) -> bool:
    return page.specific_class is not None and page.specific_class._meta.label_lower in OWN_CONTENT_PAGE_TYPES


def listing_urls() -> set[str]:
    """The addresses of every live page that lists others, and of the listing views in each language."""
    own_content = [apps.get_model(label) for label in OWN_CONTENT_PAGE_TYPES]
    purge = Purge()
    for page in Page.objects.live().public().not_type(*own_content).exclude(depth=1):
        purge.add_page(page)
    site = Site.objects.filter(is_default_site=True).first()
    if site is not None:
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                purge.urls.update(site.root_url + reverse(name) for name in LISTING_URL_NAMES)
    return purge.urls


def page_changed(sender, instance: Page, **kwargs) -> None:
    purge = Purge()
    purge.add_page_and_relatives(instance)
    purge.apply()


def page_moved(sender, instance: Page, parent_page_before: Page, url_path_before: str, **kwargs) -> None:
    """Its old addresses and old parent too; with children, every address under it changed."""
    if not instance.live:
        return
    purge = Purge()
    old = copy(instance)
    old.url_path = url_path_before
    purge.add_page(old)
    purge.add_page(parent_page_before)
    purge.add_page_and_relatives(instance)
    purge.whole_site = purge.whole_site or instance.get_children_count() > 0
    purge.apply()


def slug_changed(sender, instance: Page, instance_before: Page, **kwargs) -> None:
    if not instance.live:
        return
    purge = Purge()
    purge.add_page(instance_before)
    purge.add_page_and_relatives(instance)
    purge.whole_site = purge.whole_site or instance.get_children_count() > 0
    purge.apply()


def page_deleted(sender, instance: Page, **kwargs) -> None:
    """A draft never published was never shown: deleting one (a submitter's) purges nothing."""
    if not instance.live:
        return
    purge = Purge()
    purge.add_page(instance)
    for translation_of_it in Page.objects.filter(translation_key=instance.translation_key):
        purge.add_page(translation_of_it)
    purge.whole_site = not shows_own_content(instance) or instance.show_in_menus
    purge.apply()


def settings_saved(sender, instance, **kwargs) -> None:
    """The site's settings (the trust pages in every footer, the registration forms…) show on every page."""
    if isinstance(instance, BaseSiteSetting | BaseGenericSetting):
        transaction.on_commit(purge_site)


def connect() -> None:
    page_published.connect(page_changed, dispatch_uid="pagecache.published")
    page_unpublished.connect(page_changed, dispatch_uid="pagecache.unpublished")
    post_page_move.connect(page_moved, dispatch_uid="pagecache.moved")
    page_slug_changed.connect(slug_changed, dispatch_uid="pagecache.slug_changed")
    post_delete.connect(page_deleted, sender=Page, dispatch_uid="pagecache.deleted")
    post_save.connect(settings_saved, dispatch_uid="pagecache.settings_saved")
