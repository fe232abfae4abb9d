from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import npgettext
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Site
from wagtail.search import index

from calls.models import CallPage
from core.api import PageLinkSerializer
from core.i18n import localized
from halls.models import HallPage, with_card_data
from initiatives.models import InitiativePage

from .blocks import BodyBlock


class HomePage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    cta_label = models.CharField(_("call to action text"), max_length=100, blank=True)
    cta_page = models.ForeignKey(
        Page,
        verbose_name=_("call to action leads to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active_call = models.ForeignKey(
        CallPage,
        verbose_name=_("active call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("cta_label"), FieldPanel("cta_page")], heading=_("Call to action")),
        FieldPanel("active_call"),
        InlinePanel("featured_initiatives", label=_("Featured initiatives"), max_num=6),
    ]

    api_fields = [
        APIField("intro"),
        APIField("cta_label"),
        APIField(
            "cta_page",
            serializer=PageLinkSerializer(source="public_cta_page", read_only=True, allow_null=True),
        ),
        APIField(
            "active_call",
            serializer=PageLinkSerializer(
                source="active_call_in_own_language", read_only=True, allow_null=True
            ),
        ),
        APIField(
            "featured_initiatives",
            serializer=PageLinkSerializer(source="featured_in_own_language", many=True, read_only=True),
        ),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = _("home page")

    def public_cta_page(self) -> Page | None:
        page = self.cta_page
        return page if page is not None and Page.objects.live().public().filter(pk=page.pk).exists() else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        halls = list(HallPage.objects.live().child_of(self).order_by("path"))
        for hall in halls:
            hall.initiative_count = hall.initiatives().count()
        context.update(
            halls=halls,
            featured=self.featured_in_own_language(),
            active_call=self.active_call_in_own_language(),
            key_figures=self.key_figures(sum(hall.initiative_count for hall in halls)),
        )
        return context

    def key_figures(self, initiatives: int) -> list[tuple[int, str]]:
        """(number, what) for the first screen: what the Expo holds, in this language's tree."""
        in_tree = InitiativePage.objects.live().public().filter(locale_id=self.locale_id)
        provinces = in_tree.exclude(province_2025=None).values("province_2025").distinct().count()
        calls = CallPage.objects.live().public().filter(locale_id=self.locale_id).count()
        return [
            # In a context of its own: "initiative" alone is also the page type's name.
            (initiatives, npgettext("key figure", "initiative", "initiatives", initiatives)),
            (provinces, npgettext("key figure", "province or city", "provinces and cities", provinces)),
            (calls, npgettext("key figure", "call or contest", "calls and contests", calls)),
        ]

    def featured_in_own_language(self) -> list[InitiativePage]:
        """The featured initiatives in this locale (translation or alias), in the chosen order."""
        keys = list(
            self.featured_initiatives.order_by("sort_order").values_list(
                "initiative__translation_key", flat=True
            )
        )
        pages = with_card_data(
            InitiativePage.objects.live().public().filter(locale_id=self.locale_id, translation_key__in=keys)
        )
        by_key = {page.translation_key: page for page in pages}
        return [by_key[key] for key in keys if key in by_key]

    def active_call_in_own_language(self) -> CallPage | None:
        if not self.active_call_id:
            return None
        same_call = CallPage.objects.filter(pk=self.active_call_id).values("translation_key")[:1]
        calls = CallPage.objects.live().filter(translation_key=Subquery(same_call)).prefetch_related("phases")
        return calls.filter(locale_id=self.locale_id).first() or calls.first()


class HomeFeaturedInitiative(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_initiatives")
    initiative = models.ForeignKey(
        InitiativePage, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("initiative")]


class StandardPage(Page):
    intro = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class FaqPage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("questions", label=_("Questions")),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro"), APIField("questions")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("FAQ page")


class FaqItem(Orderable):
    page = ParentalKey(FaqPage, on_delete=models.CASCADE, related_name="questions")
    question = models.CharField(_("question"), max_length=500)
    answer = RichTextField(_("answer"), features=["bold", "italic", "link", "ol", "ul"])

    panels = [FieldPanel("question"), FieldPanel("answer")]
    api_fields = [APIField("question"), APIField("answer")]


def trust_page_field(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


@register_setting(icon="doc-full")
class ExpoSettings(ClusterableModel, BaseSiteSetting):
    registration_form_vi = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("registration form template (Vietnamese)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    registration_form_en = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("registration form template (English)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    privacy_page = trust_page_field(_("privacy policy page"))
    terms_page = trust_page_field(_("terms of use page"))
    contact_page = trust_page_field(_("contact page"))
    accessibility_page = trust_page_field(_("accessibility statement page"))

    panels = [
        FieldPanel("registration_form_vi"),
        FieldPanel("registration_form_en"),
        MultiFieldPanel(
            [
                FieldPanel("privacy_page"),
                FieldPanel("terms_page"),
                FieldPanel("contact_page"),
                FieldPanel("accessibility_page"),
            ],
            heading=_("Pages linked from every footer"),
            help_text=_("Choose the page in one language: each language links to its own translation."),
        ),
        InlinePanel("partners", heading=_("Partners shown in every footer"), label=_("partner")),
    ]

    # The footer's order; each label is the link's text in the active language.
    TRUST_PAGES = (
        ("privacy_page", _("Privacy policy")),
        ("terms_page", _("Terms of use")),
        ("contact_page", _("Contact")),
        ("accessibility_page", _("Accessibility")),
    )

    class Meta:
        verbose_name = _("Digital Expo settings")

    @classmethod
    def for_reading(cls, request) -> "ExpoSettings":
        """The site's settings as saved, else unsaved defaults, once per request: unlike `for_request`,
        a page that only shows them never writes a row."""
        cached = getattr(request, "_expo_settings_for_reading", None)
        if cached is None:
            site = Site.find_for_request(request)
            cached = cls.objects.filter(site=site).first() or cls(site=site)
            request._expo_settings_for_reading = cached
        return cached

    @cached_property
    def _chosen_keys(self) -> dict[str, object]:
        """Name of each chosen page -> its translation key, in one query (kept: the menu and the footer
        both ask, of the settings read once per request)."""
        chosen = {name: getattr(self, f"{name}_id") for name, _label in self.TRUST_PAGES}
        keys = dict(
            Page.objects.filter(pk__in=[pk for pk in chosen.values() if pk]).values_list(
                "pk", "translation_key"
            )
        )
        return {name: keys[pk] for name, pk in chosen.items() if pk in keys}

    def trust_page_keys(self) -> list:
        """The translation keys of the chosen pages: every language's copy of them."""
        return list(self._chosen_keys.values())

    def trust_links(self, language: str) -> dict[str, tuple[str, Page]]:
        """Name: (label, page) of each chosen page, in `language` where translated and live.

        A chosen page without a live translation in that language is left out, rather than linking
        people to a page in a language they may not read.
        """
        keys = self._chosen_keys
        translations = {
            page.translation_key: page
            for page in Page.objects.live().filter(
                translation_key__in=keys.values(), locale__language_code=language
            )
        }
        links = {}
        for name, label in self.TRUST_PAGES:
            page = translations.get(keys.get(name))
            if page is not None:
                links[name] = (label, page)
        return links

    @property
    def registration_form(self):
        """The template in the active language, else the other one."""
        if localized("vi", "en") == "en":
            return self.registration_form_en or self.registration_form_vi
        return self.registration_form_vi or self.registration_form_en


class PartnerMark(Orderable):
    """A partner of the programme, in every footer: its mark, its name in each language, its website."""

    expo_settings = ParentalKey(ExpoSettings, on_delete=models.CASCADE, related_name="partners")
    name_vi = models.CharField(_("name in Vietnamese"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    logo = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    url = models.URLField(_("website"), blank=True)

    panels = [FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("logo"), FieldPanel("url")]

    class Meta(Orderable.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self.name_vi, self.name_en)
