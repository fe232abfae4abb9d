"""Addresses and interface texts as each language of the site has them."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation


def url(name: str, language: str = "vi", *args, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def translated(text: str, language: str) -> str:
    """`text` as the catalogue of `language` has it (the English text until it is translated)."""
    with translation.override(language):
        return translation.gettext(text)


def vi(text: str) -> str:
    return translated(text, "vi")
