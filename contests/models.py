"""Idea contests: a call run as a contest by an agency, its participating units, topics and prize tiers,
and the entries people send to it.

A contest is a `ContestPage`, a kind of call. What belongs to the contest (units, topics, prize tiers,
entries, the committee's evaluation) hangs on the original page, in the site's first language; its
translations show the same contest, their names in the reader's language (`name_vi`, `name_en`).

An entry is drafted section by section, then submitted to its unit; the unit's reviewers forward it to
the committee or return it with a comment (`Entry.stage`). Entries are private until the results.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Locale, Orderable, Page, PagePermissionTester
from wagtail.search import index

from calls.models import CallPage
from core.i18n import localized
from files.storage import private_storage
from initiatives.models import validate_video_url
from jury.models import in_locale

ORGANISERS_GROUP_NAME = "Contest organisers"
CURRENCY = "VND"


class Phase(models.TextChoices):
    """Where a contest stands, in the order it goes through them."""

    UPCOMING = "upcoming", _("Not open yet")
    ENTRIES = "entries", _("Entries open")
    PRESCREENING = "prescreening", _("Units' pre-screening")
    SCORING = "scoring", _("Committee scoring")
    AWAITING_RESULTS = "awaiting_results", _("Results being prepared")
    RESULTS = "results", _("Results published")


@dataclass(frozen=True)
class TimelineStep:
    """A step of the contest's timeline, as `calls/includes/timeline.html` shows a call's phases."""

    phase: Phase
    name: str
    starts: datetime.date
    ends: datetime.date
    is_current: bool
    description: str = ""


class NamesSerializer(serializers.Serializer):
    name_vi = serializers.CharField()
    name_en = serializers.CharField()


class PrizeTierSerializer(NamesSerializer):
    count = serializers.IntegerField()
    amount = serializers.IntegerField(help_text="In VND, for each prize of the tier.")


class ContestPermissionTester(PagePermissionTester):
    """Organisers edit and publish their own contests (and only them) without rights on the whole calls
    section; Wagtail's page permissions alone would let them publish every call or edit none they did
    not create."""

    def _organises(self) -> bool:
        return self.user.is_active and self.page.is_organised_by(self.user)

    def can_edit(self):
        return super().can_edit() or (not self.page_is_root and self._organises())

    def can_publish(self):
        return super().can_publish() or self._organises()

    def can_unpublish(self):
        if super().can_unpublish():
            return True
        return self.page.live and not self.page_locked() and self._organises()


class ContestPage(CallPage):
    """A call run as a contest: entries from the participating units' staff, pre-screened by each unit,
    scored by a committee, awarded prizes. `intake_opens`/`intake_closes` are the days entries may be
    submitted; the later deadlines follow."""

    rules = RichTextField(_("rules"), blank=True, features=["bold", "italic", "link", "ol", "ul", "h3"])
    eligibility = models.TextField(
        _("who may enter"),
        blank=True,
        help_text=_("Shown on the contest page and the entry form, for example “staff of the units below”."),
    )
    prescreening_deadline = models.DateField(
        _("units' pre-screening deadline"),
        help_text=_(
            "The last day the units forward entries to the committee; entries not forwarded by then are out."
        ),
    )
    scoring_deadline = models.DateField(_("committee scoring deadline"))
    results_date = models.DateField(
        _("results date"), help_text=_("From this day the organiser may publish the results.")
    )
    allows_article = models.BooleanField(_("articles"), default=True)
    allows_video_file = models.BooleanField(_("uploaded video clips (MP4 or WebM)"), default=True)
    allows_video_link = models.BooleanField(_("links to a video on YouTube, Vimeo or Facebook"), default=True)
    organising_staff = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organising staff"),
        blank=True,
        related_name="organised_contests",
        limit_choices_to={"groups__name": ORGANISERS_GROUP_NAME},
        help_text=_("Members of the “Contest organisers” group who run this contest with its creator."),
    )
    # Set on the original and its translations alike (`results.publish_results`).
    results_published_at = models.DateTimeField(null=True, blank=True, editable=False)

    search_fields = CallPage.search_fields + [index.SearchField("rules")]

    content_panels = Page.content_panels + [
        FieldPanel("organiser"),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        FieldPanel("rules"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("intake_opens"), FieldPanel("intake_closes")]),
                FieldRowPanel([FieldPanel("prescreening_deadline"), FieldPanel("scoring_deadline")]),
                FieldPanel("results_date"),
            ],
            heading=_("Phases"),
        ),
        MultiFieldPanel(
            [FieldPanel("allows_article"), FieldPanel("allows_video_file"), FieldPanel("allows_video_link")],
            heading=_("Entry formats allowed"),
        ),
        InlinePanel("contest_topics", label=_("Topics"), min_num=1),
        InlinePanel("units", label=_("Participating units"), min_num=1),
        InlinePanel("prize_tiers", label=_("Prize tiers")),
        FieldPanel("organising_staff"),
    ]

    api_fields = [
        APIField("organiser"),
        APIField("description"),
        APIField("eligibility"),
        APIField("rules"),
        APIField("intake_opens"),
        APIField("intake_closes"),
        APIField("prescreening_deadline"),
        APIField("scoring_deadline"),
        APIField("results_date"),
        APIField(
            "phase", serializer=serializers.ChoiceField([phase.value for phase in Phase], read_only=True)
        ),
        # Read from the original: a translation carries copies of them that nothing keeps up to date.
        APIField(
            "contest_topics",
            serializer=NamesSerializer(many=True, read_only=True, source="original.contest_topics"),
        ),
        APIField("units", serializer=NamesSerializer(many=True, read_only=True, source="original.units")),
        APIField(
            "prize_tiers",
            serializer=PrizeTierSerializer(many=True, read_only=True, source="original.prize_tiers"),
        ),
    ]

    parent_page_types = ["calls.CallIndexPage"]
    subpage_types: list[str] = []
    template = "contests/contest_page.html"

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")

    def clean(self):
        super().clean()
        order = [
            ("intake_opens", None),
            ("intake_closes", _("Entries cannot close before they open.")),
            ("prescreening_deadline", _("The units' pre-screening cannot end before entries close.")),
            ("scoring_deadline", _("The committee's scoring cannot end before the units' pre-screening.")),
            ("results_date", _("The results cannot come before the committee's scoring ends.")),
        ]
        errors = {}
        for (earlier, _message), (later, message) in zip(order, order[1:], strict=False):
            first, then = getattr(self, earlier), getattr(self, later)
            if first and then and then < first and later not in errors:
                errors[later] = message
        if not (self.allows_article or self.allows_video_file or self.allows_video_link):
            errors["allows_article"] = _("Allow at least one format of entry.")
        if errors:
            raise ValidationError(errors)

    def permissions_for_user(self, user):
        return ContestPermissionTester(user, self)

    def with_content_json(self, content):
        """A revision shown or published keeps the results as they are: they are no content of the page,
        and publishing an older revision must not take them down."""
        page = super().with_content_json(content)
        page.results_published_at = self.results_published_at
        return page

    def is_organised_by(self, user) -> bool:
        """Whether the user runs this contest: its creator or its organising staff, as members of the
        organisers' group (administrators run every contest)."""
        if not user.is_authenticated:
            return False
        if user.is_superuser:
            return True
        original = self.original
        if not user.groups.filter(name=ORGANISERS_GROUP_NAME).exists():
            return False
        return original.owner_id == user.pk or original.organising_staff.filter(pk=user.pk).exists()

    @cached_property
    def original(self) -> ContestPage:
        """The contest in the site's first language, which its units, topics and entries belong to."""
        if self.locale_id == Locale.get_default().pk:
            return self
        found = (
            ContestPage.objects.filter(translation_key=self.translation_key, locale=Locale.get_default())
            .order_by("pk")
            .first()
        )
        return found or self

    # Phases -------------------------------------------------------------------------------------------

    def phase_on(self, day: datetime.date) -> Phase:
        if self.results_published_at is not None:
            return Phase.RESULTS
        if day < self.intake_opens:
            return Phase.UPCOMING
        if day <= self.intake_closes:
            return Phase.ENTRIES
        if day <= self.prescreening_deadline:
            return Phase.PRESCREENING
        if day <= self.scoring_deadline:
            return Phase.SCORING
        return Phase.AWAITING_RESULTS

    @property
    def phase(self) -> Phase:
        return self.phase_on(timezone.localdate())

    def accepts_entries(self, on: datetime.date | None = None) -> bool:
        return self.phase_on(on or timezone.localdate()) == Phase.ENTRIES

    def prescreening_open(self, on: datetime.date | None = None) -> bool:
        """Units decide on entries from the first day of entries to their deadline."""
        day = on or timezone.localdate()
        return self.intake_opens <= day <= self.prescreening_deadline

    def scoring_open(self, on: datetime.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.prescreening_deadline < day <= self.scoring_deadline

    def results_may_be_published(self, on: datetime.date | None = None) -> bool:
        return (on or timezone.localdate()) >= self.results_date

    def timeline(self, on: datetime.date | None = None) -> list[TimelineStep]:
        day = on or timezone.localdate()
        current = self.phase_on(day)
        one_day = datetime.timedelta(days=1)
        spans = [
            (Phase.ENTRIES, self.intake_opens, self.intake_closes),
            (Phase.PRESCREENING, self.intake_closes + one_day, self.prescreening_deadline),
            (Phase.SCORING, self.prescreening_deadline + one_day, self.scoring_deadline),
            (Phase.RESULTS, self.results_date, self.results_date),
        ]
        # Before the results are out, the last step is the day they are due.
        if current == Phase.AWAITING_RESULTS:
            current = Phase.RESULTS
        return [
            TimelineStep(phase=phase, name=phase.label, starts=starts, ends=ends, is_current=phase == current)
            for phase, starts, ends in spans
        ]

    def days_left(self, on: datetime.date | None = None) -> int | None:
        """Days left to enter (today counts), or None when entries are not open."""
        day = on or timezone.localdate()
        if not self.accepts_entries(day):
            return None
        return (self.intake_closes - day).days + 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        contest = self.original
        received = dict(
            Entry.objects.filter(contest=contest, submitted_at__isnull=False)
            .values_list("topic")
            .annotate(count=models.Count("pk"))
            .values_list("topic", "count")
        )
        topics = list(contest.contest_topics.all())
        prize_tiers = list(contest.prize_tiers.all())
        if contest.results_published_at is not None:
            awards = list(
                PrizeAward.objects.filter(entry__contest=contest)
                .select_related("entry__unit", "entry__topic", "entry__initiative")
                .order_by("entry__title")
            )
            published = [award.entry.initiative for award in awards if award.entry.initiative is not None]
            shown = dict(zip([page.pk for page in published], in_locale(published, self.locale), strict=True))
            for award in awards:
                award.shown_initiative = shown.get(award.entry.initiative_id)
            context["winners"] = [(tier, [a for a in awards if a.tier_id == tier.pk]) for tier in prize_tiers]
        context.update(
            contest=contest,
            phase=self.phase,
            timeline=self.timeline(),
            days_left=self.days_left(),
            topics=[(topic, received.get(topic.pk, 0)) for topic in topics],
            entries_received=sum(received.values()),
            units=list(contest.units.all()),
            prize_tiers=prize_tiers,
        )
        return context

    def formats(self) -> list[str]:
        allowed = [
            (self.allows_article, Entry.Format.ARTICLE),
            (self.allows_video_file, Entry.Format.VIDEO_FILE),
            (self.allows_video_link, Entry.Format.VIDEO_LINK),
        ]
        return [entry_format for allowed_here, entry_format in allowed if allowed_here]


class NamedInBothLanguages(models.Model):
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name_vi, self.name_en)


class ContestTopic(Orderable, NamedInBothLanguages):
    contest = ParentalKey(ContestPage, on_delete=models.CASCADE, related_name="contest_topics")

    panels = [FieldRowPanel([FieldPanel("name_vi"), FieldPanel("name_en")])]

    class Meta(Orderable.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class ContestUnit(Orderable, NamedInBothLanguages):
    """A participating unit: its staff enter, its reviewers pre-screen their entries."""

    contest = ParentalKey(ContestPage, on_delete=models.CASCADE, related_name="units")
    reviewer_emails = models.TextField(
        _("reviewers' e-mail addresses"),
        blank=True,
        help_text=_(
            "One address per line. The accounts with these verified addresses pre-screen the unit's "
            "entries; reminders go to them."
        ),
    )

    panels = [FieldRowPanel([FieldPanel("name_vi"), FieldPanel("name_en")]), FieldPanel("reviewer_emails")]

    class Meta(Orderable.Meta):
        verbose_name = _("participating unit")
        verbose_name_plural = _("participating units")

    def clean(self):
        super().clean()
        invalid = [address for address in self.reviewer_address_list if "@" not in address]
        if invalid:
            raise ValidationError(
                {"reviewer_emails": _("Not an e-mail address: %(value)s") % {"value": ", ".join(invalid)}}
            )

    @property
    def reviewer_address_list(self) -> list[str]:
        return sorted({line.strip().lower() for line in self.reviewer_emails.splitlines() if line.strip()})


class PrizeTier(Orderable, NamedInBothLanguages):
    contest = ParentalKey(ContestPage, on_delete=models.CASCADE, related_name="prize_tiers")
    count = models.PositiveSmallIntegerField(
        _("number of prizes"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    amount = models.PositiveBigIntegerField(_("amount of each prize (VND)"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("name_vi"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("count"), FieldPanel("amount")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("prize tier")
        verbose_name_plural = _("prize tiers")


def private_entry_upload_to(instance, filename: str) -> str:
    # A random folder per file: names typed by users never collide and reveal nothing.
    return f"contests/{uuid.uuid4().hex}/{filename}"


class Entry(models.Model):
    """An entry to a contest: a draft of its author until submitted to the unit, which forwards it to the
    committee or returns it. Nothing here is public before the results."""

    class Format(models.TextChoices):
        ARTICLE = "article", _("an article")
        VIDEO_FILE = "video_file", _("a video clip uploaded here")
        VIDEO_LINK = "video_link", _("a link to a video on YouTube, Vimeo or Facebook")

    class UnitDecision(models.TextChoices):
        FORWARDED = "forwarded", _("forwarded to the committee")
        RETURNED = "returned", _("returned to the author")

    contest = models.ForeignKey(
        ContestPage, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entries"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="contest_entries",
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    # The content.
    topic = models.ForeignKey(
        ContestTopic,
        verbose_name=_("topic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        ContestUnit,
        verbose_name=_("participating unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    title = models.CharField(_("title"), max_length=255)
    summary = models.TextField(_("summary"), max_length=600, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=Format.choices, blank=True)
    # Typed as plain text, a paragraph per blank line, like the submission form's long texts.
    article = models.TextField(_("article"), blank=True)
    video_file = models.FileField(
        _("video clip"),
        storage=private_storage,
        upload_to=private_entry_upload_to,
        max_length=255,
        blank=True,
    )
    video_name = models.CharField(max_length=255, blank=True)
    video_size = models.PositiveBigIntegerField(null=True, blank=True)
    # Taken from the clip when the author uploads none (`contests.video.take_poster`).
    poster = models.FileField(
        _("poster image"),
        storage=private_storage,
        upload_to=private_entry_upload_to,
        max_length=255,
        blank=True,
    )
    video_url = models.URLField(_("video link"), blank=True, validators=[validate_video_url])
    # Who wrote it: an author alone, or a team with a representative. The contact is private.
    is_team = models.BooleanField(_("entered by a team"), default=False)
    team_members = models.TextField(_("team members"), blank=True, help_text=_("One name per line."))
    contact_name = models.CharField(_("full name"), max_length=255, blank=True)
    contact_address = models.CharField(_("address"), max_length=500, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=32, blank=True)
    # What happened to it.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    unit_decision = models.CharField(
        _("unit's decision"), max_length=16, choices=UnitDecision.choices, blank=True
    )
    unit_comment = models.TextField(_("unit's comment"), blank=True)
    unit_decided_at = models.DateTimeField(null=True, blank=True)
    unit_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A winning entry published in the Community Hall, so that the idea enters the solutions bank.
    initiative = models.OneToOneField(
        "initiatives.InitiativePage",
        verbose_name=_("published as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entry",
    )

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def is_forwarded(self) -> bool:
        return self.unit_decision == self.UnitDecision.FORWARDED

    @property
    def team_member_names(self) -> list[str]:
        return [line.strip() for line in self.team_members.splitlines() if line.strip()]

    @property
    def authors_display(self) -> str:
        """The names shown with the entry: the team's members, or the author alone."""
        if self.is_team:
            return ", ".join(self.team_member_names) or self.contact_name
        return self.contact_name

    def clean(self):
        super().clean()
        if self.video_url:
            validate_video_url(self.video_url)


class EntryFile(models.Model):
    """An attachment of an entry: the product, a description of the software, pictures."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=private_entry_upload_to, max_length=255
    )
    original_name = models.CharField(_("original name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


class PrizeAward(models.Model):
    """A prize of a tier given to an entry, from the committee's ranking; public once the results are."""

    entry = models.OneToOneField(Entry, on_delete=models.CASCADE, related_name="award")
    tier = models.ForeignKey(PrizeTier, on_delete=models.PROTECT, related_name="awards")
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("prize")
        verbose_name_plural = _("prizes")
        ordering = ["tier__sort_order", "pk"]

    def __str__(self) -> str:
        return f"{self.tier}: {self.entry}"
