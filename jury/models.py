"""Selection: a call's evaluation by a jury, its shortlist, the full proposals and the grants.

An evaluation belongs to a call and a round: the first round scores the call's initiatives that are
live in the Expo Hall; the final round, the full proposals of the shortlisted ones. Its criteria
carry a weight (they add up to 100 %) and a scale; the secretariat assigns jurors (members of the
"Jury" group, some of them chairs); each juror's review holds one score per criterion. What is
derived from the scores (the ranking, the normalised scores, the disagreements) is computed by
`jury.ranking`, never stored.

The pages an evaluation is about are the originals (not their translations or aliases): one row
per initiative, whichever language trees show it.
"""

from __future__ import annotations

import calendar
import datetime
import uuid
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Locale, Orderable, Page

from core.i18n import localized
from core.pages import HomeSectionPage
from files.storage import private_storage

JURY_GROUP_NAME = "Jury"
MAX_GRANT_MONTHS = 24
WEIGHTS_TOTAL = Decimal(100)

# The four criteria of the source texts, in their order, and how ties are broken (citizen benefit,
# then replicability).
DEFAULT_CRITERIA = [
    {
        "code": "commitment",
        "name_vi": "Cam kết của lãnh đạo địa phương",
        "name_en": "Local leadership's commitment",
        "levels_vi": "0: không có cam kết · 1–2: ủng hộ bằng lời · 3: có văn bản xác nhận · "
        "4–5: có văn bản, nguồn lực và người phụ trách",
        "levels_en": "0: no commitment · 1–2: verbal support · 3: a signed endorsement · "
        "4–5: an endorsement with resources and a person in charge",
        "tie_break": None,
    },
    {
        "code": "feasibility",
        "name_vi": "Tính khả thi",
        "name_en": "Feasibility",
        "levels_vi": "0: không khả thi · 1–2: nhiều rủi ro chưa có cách xử lý · 3: khả thi với điều kiện · "
        "4–5: đã thử nghiệm, kế hoạch rõ ràng",
        "levels_en": "0: not feasible · 1–2: many unaddressed risks · 3: feasible with conditions · "
        "4–5: piloted, with a clear plan",
        "tie_break": None,
    },
    {
        "code": "benefit",
        "name_vi": "Mức độ hưởng lợi của người dân",
        "name_en": "Benefit to citizens",
        "levels_vi": "0: không rõ lợi ích · 1–2: ít người hưởng lợi · 3: lợi ích rõ cho một nhóm · "
        "4–5: nhiều người dân hưởng lợi, đo được",
        "levels_en": "0: no clear benefit · 1–2: few beneficiaries · 3: a clear benefit to one group · "
        "4–5: many citizens benefit, measurably",
        "tie_break": 1,
    },
    {
        "code": "replicability",
        "name_vi": "Khả năng nhân rộng",
        "name_en": "Replicability",
        "levels_vi": "0: chỉ dùng được tại chỗ · 1–2: khó áp dụng nơi khác · "
        "3: áp dụng được với điều chỉnh · 4–5: dễ áp dụng ở nhiều địa phương",
        "levels_en": "0: only where it began · 1–2: hard to apply elsewhere · 3: applicable with changes · "
        "4–5: easily applied in many localities",
        "tie_break": 2,
    },
]


class Evaluation(ClusterableModel):
    class Round(models.TextChoices):
        FIRST = "first", _("first round: initiatives in the Expo Hall")
        FINAL = "final", _("final round: full proposals")
        # A contest's committee scores the entries its units forwarded (the contests app runs it).
        CONTEST = "contest", _("contest: the entries the units forwarded")

    call = models.ForeignKey(
        "calls.CallPage", verbose_name=_("call"), on_delete=models.CASCADE, related_name="evaluations"
    )
    round = models.CharField(_("round"), max_length=8, choices=Round.choices, default=Round.FIRST)
    scale_min = models.PositiveSmallIntegerField(_("lowest score"), default=0)
    scale_max = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    jurors_per_initiative = models.PositiveSmallIntegerField(
        _("jurors per initiative"), default=3, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    scoring_opens = models.DateField(_("scoring opens"))
    scoring_closes = models.DateField(_("scoring closes"))
    shortlist_min = models.PositiveSmallIntegerField(_("smallest shortlist"), default=3)
    shortlist_max = models.PositiveSmallIntegerField(_("largest shortlist"), default=5)
    proposal_deadline = models.DateField(
        _("full proposals due"),
        null=True,
        blank=True,
        help_text=_("First round: the date by which shortlisted authors submit their full proposal."),
    )
    publish_scores = models.BooleanField(
        _("publish the shortlisted initiatives' scores"),
        default=False,
        help_text=_("Their weighted score and each criterion's mean, never a juror's own scores."),
    )
    publish_criteria = models.BooleanField(_("publish the criteria and their weights"), default=False)

    panels = [
        FieldPanel("call"),
        FieldPanel("round"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("scale_min"), FieldPanel("scale_max")]),
                FieldPanel("jurors_per_initiative"),
                FieldRowPanel([FieldPanel("scoring_opens"), FieldPanel("scoring_closes")]),
            ],
            heading=_("Scoring"),
        ),
        InlinePanel("criteria", label=_("Criteria"), min_num=1),
        InlinePanel("members", label=_("Jurors")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("shortlist_min"), FieldPanel("shortlist_max")]),
                FieldPanel("proposal_deadline"),
                FieldPanel("publish_scores"),
                FieldPanel("publish_criteria"),
            ],
            heading=_("Shortlist"),
        ),
    ]

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["call", "round"], name="one_evaluation_per_round")]

    def __str__(self) -> str:
        return f"{self.call_for_reader.title} — {self.get_round_display()}"

    @cached_property
    def call_for_reader(self) -> Page:
        """The call in the reader's language where it is translated, for the admin's headings and
        the evaluation's name (one query): a heading speaks one language; lists mark the original's
        language instead."""
        return in_locale([self.call], Locale.get_active())[0] or self.call

    def clean(self):
        super().clean()
        errors = {}
        if self.scale_max is not None and self.scale_min is not None and self.scale_max <= self.scale_min:
            errors["scale_max"] = _("The highest score must be above the lowest.")
        if self.scoring_opens and self.scoring_closes and self.scoring_closes < self.scoring_opens:
            errors["scoring_closes"] = _("Scoring cannot close before it opens.")
        if self.shortlist_min and self.shortlist_max and self.shortlist_max < self.shortlist_min:
            errors["shortlist_max"] = _("The largest shortlist cannot be smaller than the smallest.")
        if errors:
            raise ValidationError(errors)

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)

    def is_open(self, on=None) -> bool:
        day = on or timezone.localdate()
        return self.scoring_opens <= day <= self.scoring_closes

    def is_chair(self, user) -> bool:
        return user.is_authenticated and self.members.filter(user=user, is_chair=True).exists()

    @property
    def subject_field(self) -> str:
        """The field of `Assignment` that names what this evaluation scores."""
        return "entry" if self.round == self.Round.CONTEST else "initiative"

    def add_default_criteria(self) -> None:
        """The four criteria of the source texts, 25 % each (not saved with the evaluation)."""
        self.criteria = [
            Criterion(sort_order=order, weight=Decimal(25), **values)
            for order, values in enumerate(DEFAULT_CRITERIA)
        ]


# The rounds of a grant call, which the selection's own pages serve; a contest's committee has its own.
GRANT_ROUNDS = (Evaluation.Round.FIRST, Evaluation.Round.FINAL)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def weights_error(weights: list[Decimal]) -> str | None:
    """Why the criteria's weights are refused, or None: they must add up to 100 %."""
    total = sum(weights, Decimal(0))
    if total != WEIGHTS_TOTAL:
        return _("The criteria's weights add up to %(total)s %%; they must add up to 100 %%.") % {
            "total": f"{total.normalize():f}"
        }
    return None


class Criterion(Orderable):
    evaluation = ParentalKey(Evaluation, on_delete=models.CASCADE, related_name="criteria")
    code = models.SlugField(_("code"), max_length=32)
    name_vi = models.CharField(_("name in Vietnamese"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255)
    levels_vi = models.TextField(_("what each score means, in Vietnamese"), blank=True)
    levels_en = models.TextField(_("what each score means, in English"), blank=True)
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(WEIGHTS_TOTAL)],
    )
    tie_break = models.PositiveSmallIntegerField(
        _("breaks ties"),
        null=True,
        blank=True,
        help_text=_("1 for the criterion that breaks ties first, 2 for the next; empty for none."),
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("weight"), FieldPanel("tie_break")]),
        FieldRowPanel([FieldPanel("name_vi"), FieldPanel("name_en")]),
        FieldRowPanel([FieldPanel("levels_vi"), FieldPanel("levels_en")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="one_criterion_per_code")]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return localized(self.name_vi, self.name_en)

    @property
    def levels(self) -> str:
        return localized(self.levels_vi, self.levels_en)


class JuryMember(Orderable):
    evaluation = ParentalKey(Evaluation, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("juror"),
        on_delete=models.CASCADE,
        related_name="jury_memberships",
        limit_choices_to={"groups__name": JURY_GROUP_NAME},
    )
    is_chair = models.BooleanField(_("chair"), default=False)

    panels = [FieldRowPanel([FieldPanel("user"), FieldPanel("is_chair")])]

    class Meta(Orderable.Meta):
        verbose_name = _("juror")
        verbose_name_plural = _("jurors")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="one_membership_per_juror")
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictKind(models.TextChoices):
    ORGANISATION = "organisation", _("I work for the proposing or endorsing organisation")
    PERSONAL = "personal", _("a personal relationship with the authors")
    FINANCIAL = "financial", _("a financial interest")
    ADVISORY = "advisory", _("I advised on or helped write the initiative")
    OTHER = "other", _("another reason")


class Assignment(models.Model):
    """A juror's duty to review an initiative (in a grant call's rounds) or a contest's entry; it stands
    aside once the juror declares a conflict."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="assignments")
    juror = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jury_assignments"
    )
    initiative = models.ForeignKey(
        "initiatives.InitiativePage",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="jury_assignments",
    )
    entry = models.ForeignKey(
        "contests.Entry", null=True, blank=True, on_delete=models.CASCADE, related_name="jury_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    # What made the assignment look like a conflict when it was made by hand (balancing skips them).
    possible_conflict = models.CharField(_("possible conflict"), max_length=255, blank=True)
    conflict_kind = models.CharField(
        _("conflict of interest"), max_length=16, choices=ConflictKind.choices, blank=True
    )
    conflict_note = models.TextField(_("note"), blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "juror", "initiative"], name="one_assignment_per_pair"
            ),
            models.UniqueConstraint(fields=["evaluation", "juror", "entry"], name="one_assignment_per_entry"),
            models.CheckConstraint(
                condition=models.Q(initiative__isnull=False, entry__isnull=True)
                | models.Q(initiative__isnull=True, entry__isnull=False),
                name="assignment_has_one_subject",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.juror} → {self.initiative_id or self.entry_id}"

    @property
    def subject(self):
        """What the juror reviews: the initiative, or the contest's entry."""
        return self.initiative if self.initiative_id else self.entry

    @property
    def stands(self) -> bool:
        """Whether the juror still reviews the initiative (no conflict declared)."""
        return self.conflict_declared_at is None


class Review(models.Model):
    """A juror's scores and comments on an assigned initiative: a draft until submitted, then locked
    until a chair reopens it."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="review")
    overall_comment = models.TextField(_("overall comment"), blank=True)
    authors_comment = models.TextField(
        _("comment for the authors"),
        blank=True,
        help_text=_("Sent to the authors, without your name or scores, once the shortlist is published."),
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return str(self.assignment)

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(_("score"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.value}"


class Shortlist(models.Model):
    """The initiatives the chairs select after the first round, and when the selection was published."""

    evaluation = models.OneToOneField(Evaluation, on_delete=models.CASCADE, related_name="shortlist")
    rationale = models.TextField(_("rationale"))
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")

    def __str__(self) -> str:
        return str(self.evaluation)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ShortlistEntry(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="entries")
    initiative = models.ForeignKey(
        "initiatives.InitiativePage", on_delete=models.CASCADE, related_name="shortlist_entries"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))

    class Meta:
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "initiative"], name="one_entry_per_initiative")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.initiative_id}"


def private_proposal_upload_to(instance, filename: str) -> str:
    # A random folder per file: names typed by users never collide and reveal nothing.
    return f"selection/{uuid.uuid4().hex}/{filename}"


class FullProposal(models.Model):
    """What a shortlisted initiative's authors submit for a grant: drafted section by section (`data`
    holds what was typed), copied to the fields when submitted."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="proposals")
    initiative = models.ForeignKey(
        "initiatives.InitiativePage", on_delete=models.CASCADE, related_name="full_proposals"
    )
    data = models.JSONField(_("form data"), default=dict, blank=True)
    amount_requested = models.PositiveBigIntegerField(_("amount requested"), null=True, blank=True)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MaxValueValidator(MAX_GRANT_MONTHS)]
    )
    # [{"month": 3, "deliverable": "…"}, …]
    milestones = models.JSONField(_("work plan"), default=list, blank=True)
    team = models.TextField(_("team"), blank=True)
    local_contribution = models.TextField(_("the locality's own contribution"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    commitment_letter = models.FileField(
        _("signed letter of commitment"),
        storage=private_storage,
        upload_to=private_proposal_upload_to,
        max_length=255,
        blank=True,
    )
    commitment_letter_name = models.CharField(max_length=255, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("full proposal")
        verbose_name_plural = _("full proposals")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "initiative"], name="one_proposal_per_initiative")
        ]

    def __str__(self) -> str:
        return f"{self.initiative_id} ({self.evaluation})"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None


class Grant(models.Model):
    """A grant awarded to an initiative, from its agreement to its closing."""

    call = models.ForeignKey("calls.CallPage", on_delete=models.PROTECT, related_name="grants")
    initiative = models.ForeignKey(
        "initiatives.InitiativePage", on_delete=models.PROTECT, related_name="grants"
    )
    proposal = models.OneToOneField(
        FullProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="grant"
    )
    amount = models.PositiveBigIntegerField(_("amount"))
    currency = models.CharField(_("currency"), max_length=3, default="USD")
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), validators=[MinValueValidator(1), MaxValueValidator(MAX_GRANT_MONTHS)]
    )
    starts_on = models.DateField(_("starts on"))
    awarded_at = models.DateTimeField(default=timezone.now)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["-awarded_at"]
        constraints = [models.UniqueConstraint(fields=["call", "initiative"], name="one_grant_per_call")]

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.amount} {self.currency}"

    @property
    def disbursed(self) -> int:
        return sum(tranche.amount for tranche in self.tranches.all())

    @property
    def ends_on(self) -> datetime.date:
        """The last day of the grant's period: `duration_months` after it starts, less a day."""
        return add_months(self.starts_on, self.duration_months) - datetime.timedelta(days=1)

    def tranche_error(self, amount: int) -> str | None:
        """Why a tranche of `amount` is refused, or None: the tranches may not exceed the grant."""
        if self.disbursed + amount > self.amount:
            return _(
                "The tranches would add up to %(total)s %(currency)s, more than the grant (%(amount)s)."
            ) % {
                "total": self.disbursed + amount,
                "currency": self.currency,
                "amount": self.amount,
            }
        return None


class Tranche(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="tranches")
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveBigIntegerField(_("amount"))

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.paid_on}: {self.amount}"


class ProgressReport(models.Model):
    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="reports")
    title = models.CharField(_("title"), max_length=255)
    file = models.FileField(
        _("report (PDF)"), storage=private_storage, upload_to=private_proposal_upload_to, max_length=255
    )
    original_name = models.CharField(max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title


# What the public sees of the grants: the grant stores the original pages; they are shown in the
# language tree being read.


def in_locale(pages: list[Page], locale: Locale) -> list[Page | None]:
    """For each page, its live translation in `locale`, else the live page itself, else None: the
    translations in one query, however many pages."""
    keys = {page.translation_key for page in pages}
    translated = {
        found.translation_key: found
        for found in Page.objects.live().filter(translation_key__in=keys, locale=locale).specific()
    }
    return [translated.get(page.translation_key) or (page if page.live else None) for page in pages]


def latest_submitted_proposals(wanted: set[tuple]) -> dict[tuple, FullProposal]:
    """(call's translation key, initiative id) -> the latest full proposal submitted for them, in one
    query, whichever language tree the call is in."""
    latest = {}
    proposals = (
        FullProposal.objects.filter(
            initiative_id__in={initiative_id for _key, initiative_id in wanted},
            evaluation__call__translation_key__in={key for key, _initiative_id in wanted},
            submitted_at__isnull=False,
        )
        .annotate(call_key=models.F("evaluation__call__translation_key"))
        .select_related("evaluation__call", "initiative")
        .order_by("submitted_at", "pk")
    )
    for proposal in proposals:
        latest[(proposal.call_key, proposal.initiative_id)] = proposal
    return latest


def submitted_proposal(evaluation: Evaluation, initiative) -> FullProposal | None:
    """The initiative's submitted full proposal to the evaluation's call (proposals belong to the first
    round, which shortlisted it; the final round scores them)."""
    key = (evaluation.call.translation_key, initiative.pk)
    return latest_submitted_proposals({key}).get(key)


def public_grants(locale: Locale, **filters) -> list[tuple[Grant, Page, Page | None]]:
    """(grant, initiative, call) of the awarded grants whose initiative is live, in `locale`."""
    grants = list(Grant.objects.filter(**filters).select_related("initiative", "call").order_by("starts_on"))
    initiatives = in_locale([grant.initiative for grant in grants], locale)
    calls = in_locale([grant.call for grant in grants], locale)
    return [
        (grant, initiative, call)
        for grant, initiative, call in zip(grants, initiatives, calls, strict=True)
        if initiative is not None
    ]


def grants_summary(locale: Locale) -> dict:
    """The awarded grants in `locale`, with their totals per year (of the award) and per call."""
    grants = public_grants(locale)
    by_year: dict[tuple[int, str], int] = defaultdict(int)
    by_call: dict[tuple[int, str], dict] = {}
    for grant, _initiative, call in grants:
        by_year[(timezone.localdate(grant.awarded_at).year, grant.currency)] += grant.amount
        key = (grant.call_id, grant.currency)
        row = by_call.setdefault(key, {"call": call, "currency": grant.currency, "total": 0, "count": 0})
        row["total"] += grant.amount
        row["count"] += 1
    return {
        "grants": grants,
        "totals_by_year": [
            {"year": year, "currency": currency, "total": total}
            for (year, currency), total in sorted(by_year.items(), reverse=True)
        ],
        "totals_by_call": list(by_call.values()),
    }


class GrantIndexPage(HomeSectionPage):
    """The public list of the grants awarded, with totals per year and per call."""

    class Meta:
        verbose_name = _("grants page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(grants_summary(self.locale))
        return context
