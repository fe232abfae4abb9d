"""The footer kept (`core.kept`) worked out again after the site's settings, a partner or an image changed
(pages, view restrictions and sites: `initiatives.signal_handlers`)."""

from __future__ import annotations

from wagtail.images.models import AbstractImage

from core.kept import forget_kept_when_changed

from .models import ExpoSettings, PartnerMark

# The footer's pages and partners, a partner's logo.
KEPT_FROM = (ExpoSettings, PartnerMark, AbstractImage)


def connect() -> None:
    forget_kept_when_changed(KEPT_FROM, "home")
