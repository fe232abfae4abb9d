"""The selection's addresses written in e-mails, reversed from the URLconf onto the site's configured
address, so that they follow wherever the pages are mounted."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from core.links import site_url


def my_reviews_url() -> str:
    """The jurors' list of what they review, in the admin (whose addresses carry no language)."""
    return site_url(reverse("jury_scoring:index"))


def proposal_url(initiative_id: int, language: str) -> str:
    """The first page of the initiative's full proposal on the public site, in `language`."""
    with translation.override(language):
        return site_url(reverse("jury:proposal", args=[initiative_id]))
