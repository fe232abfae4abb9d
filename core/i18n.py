"""The active language, and choosing between a text's Vietnamese and English variants."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def current_language() -> str:
    """The active language, reduced to one of settings.LANGUAGES."""
    try:
        return translation.get_supported_language_variant(
            translation.get_language() or settings.LANGUAGE_CODE
        )
    except LookupError:
        return settings.LANGUAGE_CODE


def localized(vi: str, en: str) -> str:
    """Pick the English or Vietnamese variant for the active language, Vietnamese first."""
    return en if (translation.get_language() or "").startswith("en") and en else vi


def language_root_url(code: str) -> str:
    """The home address of a language, /<code>/, for views that are not Wagtail pages."""
    with translation.override(code):
        return reverse("wagtail_serve", args=("",))
