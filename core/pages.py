"""Pages shown on every language site, and the base of the home page's one-of-a-kind section pages."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Locale, Page, PageQuerySet


class HomeSectionPage(Page):
    """A section of the site under the home page, one in each language tree: an editable introduction
    above what the page type's context shows (the grants, the open data files, the statistics …)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True


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


def shown_to_everyone(pages: PageQuerySet) -> PageQuerySet:
    """The live pages anyone may read, whoever asks: no view restriction on them or above them, and an
    alias only when its original is such a page (an alias carries no restriction of its own, yet is
    served as its original is)."""
    public_originals = Page.objects.live().public()
    # By id: the search backends filter on indexed fields only, and `alias_of` is not one of them.
    hidden_aliases = Page.objects.filter(alias_of__isnull=False).exclude(alias_of__in=public_originals)
    return pages.live().public().exclude(pk__in=list(hidden_aliases.values_list("pk", flat=True)))
