"""Translations of initiatives that fell behind their original, for the editors to bring up to date."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from wagtail_localize.models import TranslationSource

from .models import InitiativePage


@dataclass(frozen=True)
class StaleTranslation:
    page: InitiativePage
    original: InitiativePage
    update_url: str


def stale_translations() -> list[StaleTranslation]:
    """Translations whose original was published again after they were last synchronised with it.

    An accepted update to an original publishes it; wagtail-localize records when each source was
    last synchronised (`TranslationSource.last_updated_at`), so the difference shows what to update.
    """
    sources = list(
        TranslationSource.objects.filter(
            specific_content_type=ContentType.objects.get_for_model(InitiativePage)
        ).prefetch_related("translations")
    )
    pages = {
        (page.translation_key, page.locale_id): page
        for page in InitiativePage.objects.filter(
            translation_key__in=[source.object_id for source in sources], alias_of__isnull=True
        )
    }
    stale = []
    for source in sources:
        original = pages.get((source.object_id, source.locale_id))
        if original is None or not original.last_published_at:
            continue
        if original.last_published_at <= source.last_updated_at:
            continue
        for translation in source.translations.all():
            page = pages.get((source.object_id, translation.target_locale_id))
            if page is not None and translation.enabled:
                update_url = reverse("wagtail_localize:update_translations", args=[source.pk])
                stale.append(StaleTranslation(page=page, original=original, update_url=update_url))
    return stale
