"""The footer kept (`core.kept`) worked out again after the site's settings, a partner or an image changed
(pages, view restrictions and sites: `initiatives.signal_handlers`)."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from wagtail.images.models import AbstractImage

from core.kept import forget_kept

from .models import ExpoSettings, PartnerMark

# The footer's pages and partners, a partner's logo.
KEPT_FROM = (ExpoSettings, PartnerMark, AbstractImage)


def saved_or_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, KEPT_FROM):
        forget_kept()


def connect() -> None:
    post_save.connect(saved_or_deleted, dispatch_uid="home.kept.saved")
    post_delete.connect(saved_or_deleted, dispatch_uid="home.kept.deleted")
