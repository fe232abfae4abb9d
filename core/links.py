"""Absolute addresses on the public site, for e-mails and anything else read away from the site.

Every one is built from settings.WAGTAILADMIN_BASE_URL, the site's configured address: e-mails are often
written without a request (in background tasks), a request's Host header is chosen by whoever sends it,
and the Wagtail Site's hostname is "localhost" until someone changes it in the admin.
"""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Page


def site_url(path: str = "") -> str:
    """`path` (an absolute path, as reverse() gives) on the configured site address."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def page_url(page: Page) -> str:
    """The public address of `page` on the configured site address."""
    _site_id, _root_url, path = page.get_url_parts()
    return site_url(path)
