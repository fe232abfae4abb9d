"""The links in an e-mail, checked against the site's configured address (settings.WAGTAILADMIN_BASE_URL)."""

from __future__ import annotations

import re

from django.core.mail import EmailMessage
from wagtail.models import Site

SITE_ADDRESS = "https://expo.example.gov.vn"
LINK = re.compile(r"https?://\S+")
OTHER_HOSTS = ("localhost", "testserver")


def configure_site_address(settings) -> None:
    """The site's address is configured; the Wagtail Site keeps the host name Wagtail first gives it."""
    settings.WAGTAILADMIN_BASE_URL = SITE_ADDRESS
    Site.objects.update(hostname="localhost", port=80)
    Site.clear_site_root_paths_cache()  # as Site.save() would


def links_in(message: EmailMessage) -> list[str]:
    return LINK.findall(message.body)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def links_on_the_site(message: EmailMessage) -> list[str]:
    """Every link in `message`, after checking that each starts with SITE_ADDRESS and no other host shows."""
    links = links_in(message)
    assert links, message.body
    elsewhere = [link for link in links if link != SITE_ADDRESS and not link.startswith(f"{SITE_ADDRESS}/")]
    assert elsewhere == []
    assert [host for host in OTHER_HOSTS if host in message.body] == []
    return links
