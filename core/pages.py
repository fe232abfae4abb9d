"""Pages shown on every language site."""

from wagtail.models import Locale, Page


def show_in_every_language(page: Page) -> None:
    """A published original appears on every language site: as its translation, or else as an alias.

    An alias follows its original at each publication (Wagtail's `update_aliases`); a translator who
    translates the original turns the alias into a translation (wagtail-localize converts it).
    """
    if page.alias_of_id is not None or not page.live:
        return
    present = set(
        Page.objects.filter(translation_key=page.translation_key).values_list("locale_id", flat=True)
    )
    for locale in Locale.objects.exclude(pk__in=present):
        page.copy_for_translation(locale, copy_parents=True, alias=True)


def show_published_page_in_every_language(sender, instance: Page, **kwargs) -> None:
    """`page_published` receiver for the page types whose originals every language site lists."""
    show_in_every_language(instance)
