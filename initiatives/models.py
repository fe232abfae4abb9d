"""Initiatives, the reference data that classifies them, and the intake page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField
from wagtail_localize.models import TranslationSource

from core.api import PageLinkSerializer, TagNamesField, TermSerializer
from core.i18n import localized
from core.text import ascii_fold, folded_words
from files.access import public_collections

from .api import (
    AttachmentSerializer,
    CommuneSerializer,
    GalleryImageSerializer,
    HallLinkSerializer,
    Province2025Serializer,
    ProvinceSerializer,
)
from .endorsement import endorsement_required
from .forms import InitiativePageForm
from .localities import bare_province_name, commune_search_name, short_commune_name
from .search_words import SEARCH_WORD_FIELDS, initiative_search_words

SCREENERS_GROUP_NAME = "Screeners"
ENDORSEMENTS_COLLECTION_NAME = "Endorsements"
GALLERY_IMAGE_SPEC = "fill-800x500"
RICH_TEXT_FEATURES = ["bold", "italic", "ol", "ul", "link"]
FIRST_START_YEAR, LAST_START_YEAR = 1990, 2100


class TaxonomyTerm(models.Model):
    """A value of a fixed vocabulary: a stable code for URLs and imports, two labels."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    panels = [FieldPanel("code"), FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name_vi, self.name_en)


class Goal(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("goal")
        verbose_name_plural = _("goals")


class InnovationType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("innovation type")
        verbose_name_plural = _("innovation types")


class Stage(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("stage")
        verbose_name_plural = _("stages")


class ProposerType(TaxonomyTerm):
    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("proposer type")
        verbose_name_plural = _("proposer types")


class AdministrativeLevel(models.TextChoices):
    PROVINCE = "province", pgettext_lazy("administrative level", "Province")
    DISTRICT = "district", pgettext_lazy("administrative level", "District")
    COMMUNE = "commune", pgettext_lazy("administrative level", "Commune")


class AuthorityKind(models.TextChoices):
    GOVERNMENT = "government", _("Local government (People's Committee, People's Council and their agencies)")
    SOCIAL = "social", _("Local social organisation (Fatherland Front, business association)")


class TextLanguage(models.TextChoices):
    VIETNAMESE = "vi", _("Vietnamese")
    ENGLISH = "en", _("English")


class Province2025(models.Model):
    """One of the 34 provinces formed by the merger of July 2025."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    # The statistics office's code, as the `vietnam-provinces` package gives it (see `localities`).
    gso_code = models.PositiveSmallIntegerField(
        _("statistics office code"), null=True, blank=True, unique=True
    )

    panels = [FieldPanel("code"), FieldPanel("name_vi"), FieldPanel("name_en"), FieldPanel("gso_code")]

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("province (2025)")
        verbose_name_plural = _("provinces (2025)")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name_vi, self.name_en)

    def namesake_2021(self) -> Province | None:
        """The 2021 province that bore this province's name (Hà Nội for Hà Nội, Thừa Thiên Huế for Huế).

        An initiative always has a 2021 province, which the search and the halls' filters read; one
        given only its 2025 province is put in this one, the core of the merged province (as
        `search.places` ranks it first), rather than in a neighbour merged into it. Each of the 34 kept
        the name of one of the provinces it merged, Huế shortened; failing a namesake, the first by code.
        """
        members = sorted(self.provinces_2021.all(), key=lambda province: province.gso_code)
        name = f" {bare_province_name(self.name_vi)} "
        namesakes = [p for p in members if name in folded_words(p.name_vi)]
        return min(namesakes, key=lambda p: len(p.name_vi), default=None) or next(iter(members), None)


class Commune(models.Model):
    """A commune, ward or special zone: since July 2025 the level of local government below the province."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        WARD = "ward", _("Ward")
        SPECIAL_ZONE = "special_zone", _("Special zone")

    gso_code = models.PositiveIntegerField(_("statistics office code"), unique=True)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255)
    # The name without its kind, folded, between spaces (" hoan kiem " for "Phường Hoàn Kiếm"): a name
    # typed without diacritics, or its beginning, finds it on any database.
    search_name = models.CharField(_("name to search"), max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    province = models.ForeignKey(
        Province2025, verbose_name=_("province"), on_delete=models.PROTECT, related_name="communes"
    )

    panels = [FieldPanel("gso_code"), FieldPanel("name_vi"), FieldPanel("kind"), FieldPanel("province")]

    class Meta:
        ordering = ["province", "name_vi"]
        verbose_name = _("commune or ward")
        verbose_name_plural = _("communes and wards")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The English site writes the name without diacritics, as the provinces' English names, with its
        kind after: "Hoan Kiem Ward"."""
        return localized(self.name_vi, f"{ascii_fold(self.short_name)} {self.get_kind_display()}")

    @property
    def short_name(self) -> str:
        return short_commune_name(self.name_vi)

    def save(self, *args, **kwargs):
        # The loader (`localities.load_localities`) writes the same value for the rows it makes in bulk.
        self.search_name = commune_search_name(self.name_vi)
        super().save(*args, **kwargs)


class Province(models.Model):
    """One of the 63 provinces of 2021; an initiative keeps the province it was submitted under."""

    class Kind(models.TextChoices):
        PROVINCE = "province", pgettext_lazy("kind of province", "Province")
        MUNICIPALITY = "municipality", _("Centrally run city")

    gso_code = models.CharField(_("statistics office code"), max_length=2, unique=True)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=64)
    merged_into = models.ForeignKey(
        Province2025,
        verbose_name=_("province since July 2025"),
        on_delete=models.PROTECT,
        related_name="provinces_2021",
    )

    panels = [
        FieldPanel("gso_code"),
        FieldPanel("name_vi"),
        FieldPanel("name_en"),
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("merged_into"),
    ]

    class Meta:
        ordering = ["gso_code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name_vi, self.name_en)


class IntakePage(Page):
    """Holds submissions while they are screened. Never shown to the public.

    Screening restricts it to screeners and puts its workflow on it whenever it is saved
    (`screening.signal_handlers`), as it does for the halls.
    """

    intro = models.TextField(_("note for screeners"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["initiatives.InitiativePage"]
    max_count_per_parent = 1
    preview_modes: list = []  # nothing to preview: it never serves a page

    class Meta:
        verbose_name = _("intake page")

    def serve(self, request, *args, **kwargs):
        raise Http404

    def get_sitemap_urls(self, request=None):
        return []


class InitiativeTag(TaggedItemBase):
    content_object = ParentalKey(
        "initiatives.InitiativePage", on_delete=models.CASCADE, related_name="tagged_items"
    )


VIDEO_HOSTS = ("youtube.com", "youtu.be", "vimeo.com", "facebook.com", "fb.watch")


def validate_video_url(value: str) -> None:
    host = (urlparse(value).hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS):
        raise ValidationError(_("Give a link to a video on YouTube, Vimeo or Facebook."))


class InitiativePage(Page):
    summary = models.TextField(
        _("summary"), max_length=600, help_text=_("One or two sentences shown in listings.")
    )
    problem = RichTextField(_("problem addressed"), features=RICH_TEXT_FEATURES, blank=True)
    solution = RichTextField(_("solution"), features=RICH_TEXT_FEATURES, blank=True)
    results = RichTextField(_("results and evidence"), features=RICH_TEXT_FEATURES, blank=True)
    beneficiaries = RichTextField(_("beneficiaries"), features=RICH_TEXT_FEATURES, blank=True)
    replicability = RichTextField(_("replicability"), features=RICH_TEXT_FEATURES, blank=True)

    stage = models.ForeignKey(
        Stage, verbose_name=_("stage"), on_delete=models.PROTECT, related_name="initiatives"
    )
    goals = ParentalManyToManyField(Goal, verbose_name=_("goals"), related_name="initiatives")
    innovation_types = ParentalManyToManyField(
        InnovationType, verbose_name=_("innovation types"), related_name="initiatives"
    )
    # The 2021 province stays required: the search, the halls' filters and the API count by it. An
    # initiative given only its 2025 province gets that province's namesake (`Province2025.namesake_2021`).
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="initiatives"
    )
    province_2025 = models.ForeignKey(
        Province2025,
        verbose_name=_("province since July 2025"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    # Protected: the localities' loader deletes a commune the package drops only when nothing refers to it.
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    level = models.CharField(_("administrative level"), max_length=16, choices=AdministrativeLevel.choices)
    proposer_type = models.ForeignKey(
        ProposerType, verbose_name=_("proposer type"), on_delete=models.PROTECT, related_name="initiatives"
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    authority_name = models.CharField(_("endorsing authority"), max_length=255, blank=True)
    authority_kind = models.CharField(
        _("kind of authority"), max_length=16, choices=AuthorityKind.choices, blank=True
    )
    authority_level = models.CharField(
        _("level of authority"), max_length=16, choices=AdministrativeLevel.choices, blank=True
    )
    start_year = models.PositiveSmallIntegerField(
        _("start year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(FIRST_START_YEAR), MaxValueValidator(LAST_START_YEAR)],
    )
    call = models.ForeignKey(
        "calls.CallPage",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    language = models.CharField(
        _("language of the text"), max_length=2, choices=TextLanguage.choices, default="vi"
    )
    source_ref = models.CharField(
        _("reference in the source system"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("Set by imports, so that importing again updates instead of duplicating."),
    )
    video_url = models.URLField(_("video link"), blank=True, validators=[validate_video_url])
    tags = ClusterTaggableManager(through=InitiativeTag, blank=True, verbose_name=_("tags"))
    # Public text as words to search, on any database (see `search_words.SearchWords`).
    search_title = models.TextField(editable=False, blank=True, default="")
    search_summary = models.TextField(editable=False, blank=True, default="")
    search_text = models.TextField(editable=False, blank=True, default="")
    search_accented = models.TextField(editable=False, blank=True, default="")

    # Private: never rendered publicly, never in the API, the search index or the sitemap.
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_address = models.CharField(_("contact address"), max_length=500, blank=True)
    endorsement_document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("endorsement scan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The registration form with the authority's stamp and signature."),
    )
    endorsement_verified = models.BooleanField(_("endorsement verified"), default=False)
    endorsement_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("endorsement verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    endorsement_verified_at = models.DateTimeField(_("endorsement verified at"), null=True, blank=True)
    co_authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("co-authors"),
        blank=True,
        related_name="coauthored_initiatives",
    )

    PRIVATE_FIELDS = (
        "contact_name",
        "contact_phone",
        "contact_email",
        "contact_address",
        "endorsement_document",
        "endorsement_verified",
        "endorsement_verified_by",
        "endorsement_verified_at",
        "co_authors",
    )

    # Private and bookkeeping fields are copied to translations as they are, never sent to translators.
    # The taxonomies are shared by both languages: a translation keeps the original's goals and types.
    override_translatable_fields = [
        SynchronizedField(name) for name in (*PRIVATE_FIELDS, "source_ref") if name != "co_authors"
    ] + [SynchronizedField("goals"), SynchronizedField("innovation_types")]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("problem"),
        index.SearchField("solution"),
        index.SearchField("results"),
        index.SearchField("organisation"),
        index.SearchField("authority_name"),
        index.FilterField("language"),
        index.FilterField("start_year"),
    ]

    base_form_class = InitiativePageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("problem"),
        FieldPanel("solution"),
        FieldPanel("results"),
        FieldPanel("beneficiaries"),
        FieldPanel("replicability"),
        FieldPanel("language"),
    ]
    classification_panels = [
        FieldPanel("goals", widget=forms.CheckboxSelectMultiple),
        FieldPanel("innovation_types", widget=forms.CheckboxSelectMultiple),
        FieldPanel("stage"),
        FieldRowPanel([FieldPanel("province"), FieldPanel("level")]),
        FieldRowPanel([FieldPanel("province_2025"), FieldPanel("commune")]),
        FieldRowPanel([FieldPanel("proposer_type"), FieldPanel("organisation")]),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("call")]),
        FieldPanel("tags"),
        FieldPanel("source_ref", read_only=True),
    ]
    private_panels = [
        MultiFieldPanel(
            [
                HelpPanel(content=_("The authority's name, kind and level are shown on the public page.")),
                FieldPanel("authority_name"),
                FieldRowPanel([FieldPanel("authority_kind"), FieldPanel("authority_level")]),
                HelpPanel(content=_("The scan and its verification are never shown to the public.")),
                FieldPanel("endorsement_document"),
                FieldPanel("endorsement_verified"),
                FieldRowPanel(
                    [
                        FieldPanel("endorsement_verified_by", read_only=True),
                        FieldPanel("endorsement_verified_at", read_only=True),
                    ]
                ),
            ],
            heading=_("Endorsement"),
        ),
        MultiFieldPanel(
            [
                HelpPanel(content=_("Contact details and co-authors are never shown to the public.")),
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
                FieldPanel("contact_address"),
                FieldPanel("co_authors"),
            ],
            heading=_("Contact"),
        ),
    ]
    media_panels = [
        InlinePanel("gallery_images", label=_("Image gallery"), max_num=10),
        FieldPanel("video_url"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(private_panels, heading=_("Endorsement and contact")),
            ObjectList(media_panels, heading=_("Media")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    # The pages API (Wagtail's API v2) shows these and nothing else: never a PRIVATE_FIELDS one.
    api_fields = [
        APIField("summary"),
        APIField("problem"),
        APIField("solution"),
        APIField("results"),
        APIField("beneficiaries"),
        APIField("replicability"),
        APIField("language"),
        APIField("goals", serializer=TermSerializer(many=True, read_only=True)),
        APIField("innovation_types", serializer=TermSerializer(many=True, read_only=True)),
        APIField("stage", serializer=TermSerializer(read_only=True)),
        APIField("proposer_type", serializer=TermSerializer(read_only=True)),
        APIField("province", serializer=ProvinceSerializer(read_only=True)),
        APIField("province_2025", serializer=Province2025Serializer(read_only=True, allow_null=True)),
        APIField("commune", serializer=CommuneSerializer(read_only=True, allow_null=True)),
        APIField("level"),
        APIField("organisation"),
        APIField("authority_name"),
        APIField("authority_kind"),
        APIField("authority_level"),
        APIField("start_year"),
        APIField("hall", serializer=HallLinkSerializer(read_only=True, allow_null=True)),
        APIField(
            "call",
            serializer=PageLinkSerializer(source="call_in_own_language", read_only=True, allow_null=True),
        ),
        APIField(
            "gallery_images",
            serializer=GalleryImageSerializer(source="public_gallery_images", many=True, read_only=True),
        ),
        APIField(
            "attachments",
            serializer=AttachmentSerializer(source="public_attachments", many=True, read_only=True),
        ),
        APIField("video_url"),
        APIField("video_embed_url", serializer=serializers.CharField(read_only=True)),
        APIField("tags", serializer=TagNamesField()),
    ]

    parent_page_types = ["halls.HallPage", "initiatives.IntakePage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        indexes = [
            # The facets' values beside the key (PostgreSQL; elsewhere a plain index): a hall's facet counts
            # and a search without words read them from this narrow index instead of the wide rows (260 MB
            # at 100,000 initiatives, with the words kept for searching): a hall of 6,000 10 ms faster,
            # browsing 100,000 100 ms faster.
            models.Index(
                fields=["page_ptr"],
                include=["province", "stage", "proposer_type", "call", "start_year", "language"],
                name="initiative_facet_values",
            )
        ]

    @property
    def hall(self):
        """The hall the initiative is shown in, or None while it waits under the intake page."""
        if not self.path:
            return None
        hall_model = next(model for model in self.allowed_parent_page_models() if model is not IntakePage)
        return hall_model.objects.filter(path=self.path[: -self.steplen]).first()

    def needs_endorsement_in(self, hall) -> bool:
        return endorsement_required(hall, self.call)

    @property
    def is_endorsed(self) -> bool:
        return self.endorsement_verified and self.endorsement_document_id is not None

    def attach_verified_endorsement(self, document, *, verified_by=None) -> None:
        """Records a scan whose stamp and signature were checked before it reached the site (not saved)."""
        self.endorsement_document = document
        self.set_endorsement_verified(True, by=verified_by)

    def set_endorsement_verified(self, verified: bool, *, by=None) -> None:
        """Records whether the scan's stamp and signature were checked, by whom and when (not saved)."""
        self.endorsement_verified = verified
        self.endorsement_verified_by = by if verified else None
        self.endorsement_verified_at = timezone.now() if verified else None

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.province_id
            and self.province_2025_id
            and self.province.merged_into_id != self.province_2025_id
        ):
            errors["province_2025"] = _(
                "%(old)s merged into %(merged)s in July 2025, not into %(chosen)s."
            ) % {
                "old": self.province.label,
                "merged": self.province.merged_into.label,
                "chosen": self.province_2025.label,
            }
        if self.commune_id and self.province_2025_id and self.commune.province_id != self.province_2025_id:
            errors["commune"] = _("This commune or ward is not in the province chosen.")
        if self.endorsement_verified and not self.endorsement_document_id:
            errors["endorsement_verified"] = _(
                "An endorsement can only be verified once its scan is attached."
            )
        if self.live and not self.is_endorsed:
            hall = self.hall
            if hall is not None and self.needs_endorsement_in(hall):
                errors["endorsement_verified"] = _(
                    "Only initiatives with a verified endorsement can be published in the Expo Hall."
                )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if self.province_2025_id is None and self.province_id is not None:
            self.province_2025_id = self.province.merged_into_id
            if update_fields is not None and "province" in update_fields:
                kwargs["update_fields"] = update_fields = [*update_fields, "province_2025"]
        # Partial saves (of a revision pointer, say) leave the text alone: nothing to recompute.
        if update_fields is None or set(SEARCH_WORD_FIELDS) & set(update_fields):
            province = self.province if self.province_id else None
            tag_names = [tag.name for tag in self.tags.all()]
            for name, words in initiative_search_words(self, province, tag_names).as_fields().items():
                setattr(self, name, words)
        # A translation made in wagtail-localize is written in its locale's language, whatever the
        # source's `language` field (copied to it as a synchronised choice) says.
        if update_fields is None and self.alias_of_id is None and self.is_translation_of_another_locale():
            self.language = self.locale.language_code
        return super().save(*args, **kwargs)

    def is_translation_of_another_locale(self) -> bool:
        return (
            TranslationSource.objects.filter(object_id=self.translation_key)
            .exclude(locale_id=self.locale_id)
            .exists()
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        images = get_image_model().objects.prefetch_renditions(GALLERY_IMAGE_SPEC)
        gallery = self.gallery_images.order_by("sort_order").prefetch_related(
            Prefetch("image", queryset=images)
        )
        if not getattr(request, "is_preview", False):
            # Read once for the page, its share image and its structured data; a preview keeps the values
            # of the revision shown, which are not in the database.
            prefetch_related_objects(
                [self], Prefetch("gallery_images", queryset=gallery), "goals", "innovation_types", "tags"
            )
            gallery = self.gallery_images.all()
        context.update(
            gallery=gallery,
            attachments=self.attachments.order_by("sort_order").select_related("document"),
        )
        return context

    def public_gallery_images(self):
        """The gallery's images that anyone may see: those in public collections, in the gallery's order."""
        return (
            self.gallery_images.filter(image__collection__in=public_collections())
            .select_related("image")
            .order_by("sort_order")
        )

    def public_attachments(self):
        """The attachments in public collections (a draft's files stay in a private one)."""
        return (
            self.attachments.filter(document__collection__in=public_collections())
            .select_related("document")
            .order_by("sort_order")
        )

    @property
    def updated_since_published(self) -> bool:
        """Whether it was published again on a later day than first: the page then shows both dates."""
        first, last = self.first_published_at, self.last_published_at
        return bool(first and last and timezone.localdate(last) > timezone.localdate(first))

    def call_in_own_language(self):
        """The call, live, in this page's language tree if it has been translated; else None."""
        if self.call_id is None:
            return None
        calls = type(self.call).objects.live().public().filter(translation_key=self.call.translation_key)
        return calls.filter(locale_id=self.locale_id).first() or calls.first()

    @property
    def video_embed_url(self) -> str:
        """A privacy-friendly embed address for YouTube and Vimeo links; empty otherwise."""
        parsed = urlparse(self.video_url)
        host = (parsed.hostname or "").lower()
        if host.endswith("youtu.be"):
            video_id = parsed.path.lstrip("/")
        elif host.endswith("youtube.com"):
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif host.endswith("vimeo.com"):
            match = re.search(r"/(\d+)", parsed.path)
            return f"https://player.vimeo.com/video/{match.group(1)}" if match else ""
        else:
            return ""
        if re.fullmatch(r"[\w-]{6,20}", video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
        return ""


class InitiativeGalleryImage(Orderable):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        settings.WAGTAILIMAGES_IMAGE_MODEL,
        verbose_name=_("image"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    @property
    def rendition(self):
        return self.image.get_rendition(GALLERY_IMAGE_SPEC)


class InitiativeAttachment(Orderable):
    page = ParentalKey(InitiativePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]

    @property
    def display_title(self) -> str:
        return self.title or self.document.title
