from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index


class CallIndexPage(Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["calls.CallPage", "contests.ContestPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("calls index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["calls"] = CallPage.objects.live().public().child_of(self).order_by("-intake_opens")
        return context


class CallPage(Page):
    """An annual round of the Expo or a contest, with its intake window and timeline."""

    organiser = models.CharField(_("organiser"), max_length=255)
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ol", "ul"])
    intake_opens = models.DateField(_("intake opens"))
    intake_closes = models.DateField(_("intake closes"))
    grant_min = models.PositiveBigIntegerField(_("smallest grant"), null=True, blank=True)
    grant_max = models.PositiveBigIntegerField(_("largest grant"), null=True, blank=True)
    grant_currency = models.CharField(_("grant currency"), max_length=3, blank=True, default="USD")
    endorsement_required_for_expo = models.BooleanField(
        _("Expo Hall needs a local-authority endorsement"), default=True
    )

    search_fields = Page.search_fields + [index.SearchField("description"), index.SearchField("organiser")]

    content_panels = Page.content_panels + [
        FieldPanel("organiser"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("intake_opens"), FieldPanel("intake_closes")], heading=_("Intake window")),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("grant_min"), FieldPanel("grant_max"), FieldPanel("grant_currency")])],
            heading=_("Grants"),
        ),
        FieldPanel("endorsement_required_for_expo"),
        InlinePanel("phases", label=_("Timeline phases")),
        InlinePanel("topics", label=_("Topics")),
        InlinePanel("criteria", label=_("Selection criteria")),
    ]

    api_fields = [
        APIField("organiser"),
        APIField("description"),
        APIField("intake_opens"),
        APIField("intake_closes"),
        APIField(
            "status", serializer=serializers.ChoiceField(["upcoming", "open", "closed"], read_only=True)
        ),
        APIField("grant_min"),
        APIField("grant_max"),
        APIField("grant_currency"),
        APIField("endorsement_required_for_expo"),
        APIField("phases"),
        APIField("topics"),
        APIField("criteria"),
    ]

    parent_page_types = ["calls.CallIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def clean(self):
        super().clean()
        errors = {}
        if self.intake_opens and self.intake_closes and self.intake_closes < self.intake_opens:
            errors["intake_closes"] = _("The intake cannot close before it opens.")
        if self.grant_min and self.grant_max and self.grant_max < self.grant_min:
            errors["grant_max"] = _("The largest grant cannot be smaller than the smallest.")
        if errors:
            raise ValidationError(errors)

    def is_open(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.intake_opens <= day <= self.intake_closes

    @property
    def status(self) -> str:
        today = timezone.localdate()
        if today < self.intake_opens:
            return "upcoming"
        return "open" if today <= self.intake_closes else "closed"


class CallPhase(Orderable):
    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(_("name"), max_length=255)
    starts = models.DateField(_("starts"))
    ends = models.DateField(_("ends"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("starts"), FieldPanel("ends")]),
        FieldPanel("description"),
    ]
    api_fields = [APIField("name"), APIField("starts"), APIField("ends"), APIField("description")]

    def clean(self):
        if self.starts and self.ends and self.ends < self.starts:
            raise ValidationError({"ends": _("A phase cannot end before it starts.")})

    @property
    def is_current(self) -> bool:
        today = timezone.localdate()
        return self.starts <= today <= (self.ends or self.starts)


class CallTopic(Orderable):
    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(_("topic"), max_length=255)

    panels = [FieldPanel("name")]
    api_fields = [APIField("name")]

    def __str__(self) -> str:
        return self.name


class CallCriterion(Orderable):
    page = ParentalKey(CallPage, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("criterion"), max_length=255)

    panels = [FieldPanel("name")]
    api_fields = [APIField("name")]

    def __str__(self) -> str:
        return self.name
