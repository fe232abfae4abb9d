"""The site's chrome (`home.chrome`) worked out again after anything it shows may have changed."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import post_page_move

from .chrome import forget_chrome
from .models import ExpoSettings, PartnerMark

# A page (any save: published, unpublished, a live page changed in code), who may see it, the footer's
# pages and partners, a partner's logo, the sites' home pages.
SHOWN_IN_CHROME = (Page, PageViewRestriction, ExpoSettings, PartnerMark, AbstractImage, Site)


def saved_or_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, SHOWN_IN_CHROME):
        forget_chrome()


def page_moved(sender, **kwargs) -> None:
    forget_chrome()


def connect() -> None:
    post_save.connect(saved_or_deleted, dispatch_uid="home.chrome.saved")
    post_delete.connect(saved_or_deleted, dispatch_uid="home.chrome.deleted")
    post_page_move.connect(page_moved, dispatch_uid="home.chrome.moved")
