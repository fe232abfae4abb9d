"""The problem bank: problems localities have not solved, the initiatives that answer them, and replication.

A problem is a page (`ProblemPage`) under the bank (`ProblemIndexPage`), translated with
wagtail-localize like the initiatives. Everything people add around a problem or an initiative —
links between them, "we face this too" marks, follows, replications, offers of expertise — points
to the page in the language it was written in (`canonical_page`), so that a mark made on the
English page counts once with the marks made on the Vietnamese one.
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page, TaskState
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.api import TagNamesField, TermSerializer
from halls.filters import CountedPaginator
from initiatives.api import CommuneSerializer, Province2025Serializer
from initiatives.models import Commune, Goal, InitiativePage, Province2025, TextLanguage
from initiatives.query import clean_text, clear_filters_url, page_notice, whole_number
from screening.models import AuthorExcludedApprovalTask

from .filters import ProblemFilterSet
from .review_forms import FORMS_BY_ACTION
from .taxonomy import STILL_OPEN, BudgetRange, ProblemStatus, Sector

#: The longest text a problem's narrative field takes: a page of text, not a report.
LONG_TEXT_LIMIT = 5000
PROBLEMS_PER_PAGE = 20


class ProblemIndexPage(Page):
    """The bank: the published problems of its language tree, newest first."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["problems.ProblemPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("problem bank")

    def problems(self):
        return ProblemPage.objects.live().public().child_of(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        filterset = ProblemFilterSet(request.GET or None, queryset=self.problems())
        listing = with_card_data(filterset.qs).order_by("-first_published_at", "-pk")
        # A page number that is not ASCII digits shows the first page, one beyond the last shows the last,
        # and the page says so.
        requested_page = clean_text(request.GET.get("page", ""))
        facets = filterset.facets()
        paginator = CountedPaginator(listing, PROBLEMS_PER_PAGE, filterset.total)
        page_obj = paginator.get_page(whole_number(requested_page, minimum=1) or 1)
        listing_url = self.get_url(request)
        context.update(
            filterset=filterset,
            facets=facets,
            page_obj=page_obj,
            problems=page_obj.object_list,
            total=page_obj.paginator.count,
            has_filters=filterset.has_selection(),
            listing_url=listing_url,
            clear_filters_url=clear_filters_url(listing_url),  # the bank has neither a search nor orders
            page_notice=page_notice(requested_page, page_obj.number, paginator.num_pages),
        )
        return context


class ExpertiseTag(TaggedItemBase):
    content_object = ParentalKey(
        "problems.ProblemPage", on_delete=models.CASCADE, related_name="expertise_items"
    )


class ProblemPage(Page):
    statement = models.TextField(
        _("the problem"), max_length=LONG_TEXT_LIMIT, help_text=_("What goes wrong, for whom, and how often.")
    )
    affected = models.TextField(
        _("who is affected"),
        max_length=LONG_TEXT_LIMIT,
        blank=True,
        help_text=_("Who suffers from it, and how."),
    )
    affected_count = models.PositiveIntegerField(
        _("number of people affected"), null=True, blank=True, validators=[MaxValueValidator(200_000_000)]
    )
    context = models.TextField(_("context and baseline figures"), max_length=LONG_TEXT_LIMIT, blank=True)
    causes = models.TextField(_("causes"), max_length=LONG_TEXT_LIMIT, blank=True)
    tried = models.TextField(_("what has been tried"), max_length=LONG_TEXT_LIMIT, blank=True)
    outcome_wanted = models.TextField(_("the outcome wanted"), max_length=LONG_TEXT_LIMIT, blank=True)
    outcome_measure = models.TextField(
        _("how the outcome would be measured"), max_length=LONG_TEXT_LIMIT, blank=True
    )
    budget_range = models.CharField(
        _("budget available"), max_length=16, choices=BudgetRange.choices, default=BudgetRange.UNKNOWN
    )
    time_limit_months = models.PositiveSmallIntegerField(
        _("time available (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    constraints = models.TextField(_("other constraints"), max_length=LONG_TEXT_LIMIT, blank=True)
    expertise = ClusterTaggableManager(
        through=ExpertiseTag, blank=True, verbose_name=_("expertise sought"), related_name="problems"
    )
    goals = ParentalManyToManyField(Goal, verbose_name=_("goals"), related_name="problems")
    sector = models.ForeignKey(
        Sector, verbose_name=_("sector"), on_delete=models.PROTECT, related_name="problems"
    )
    province = models.ForeignKey(
        Province2025, verbose_name=_("province"), on_delete=models.PROTECT, related_name="problems"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problems",
    )
    owner_body = models.CharField(_("body that owns the problem"), max_length=255)
    status = models.CharField(
        _("status"), max_length=16, choices=ProblemStatus.choices, default=ProblemStatus.OPEN, db_index=True
    )
    open_until = models.DateField(_("open for solutions until"), null=True, blank=True)
    language = models.CharField(
        _("language of the text"), max_length=2, choices=TextLanguage.choices, default="vi"
    )

    # Private: never rendered publicly, never in the API, the search index or the sitemap.
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)

    PRIVATE_FIELDS = ("contact_name", "contact_phone", "contact_email")
    TEXT_FIELDS = (
        "statement",
        "affected",
        "context",
        "causes",
        "tried",
        "outcome_wanted",
        "outcome_measure",
        "constraints",
    )

    # Facts about the problem are the same in every language; only its text is translated.
    override_translatable_fields = [
        SynchronizedField(name)
        for name in (
            *PRIVATE_FIELDS,
            "affected_count",
            "budget_range",
            "time_limit_months",
            "goals",
            "sector",
            "province",
            "commune",
            "status",
            "open_until",
            "language",
        )
    ]

    search_fields = (
        Page.search_fields
        + [index.SearchField(name) for name in TEXT_FIELDS]
        + [
            index.FilterField("status"),
            index.FilterField("province"),
            index.FilterField("sector"),
            index.FilterField("language"),
        ]
    )

    content_panels = Page.content_panels + [
        FieldPanel("statement"),
        FieldRowPanel([FieldPanel("affected"), FieldPanel("affected_count")]),
        FieldPanel("context"),
        FieldPanel("causes"),
        FieldPanel("tried"),
        MultiFieldPanel(
            [FieldPanel("outcome_wanted"), FieldPanel("outcome_measure")], heading=_("Outcome wanted")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("budget_range"), FieldPanel("time_limit_months")]),
                FieldPanel("constraints"),
            ],
            heading=_("Constraints"),
        ),
        FieldPanel("expertise"),
    ]
    classification_panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("open_until")]),
        FieldPanel("goals", widget=forms.CheckboxSelectMultiple),
        FieldPanel("sector"),
        FieldRowPanel([FieldPanel("province"), FieldPanel("commune")]),
        FieldPanel("owner_body"),
        FieldPanel("language"),
    ]
    private_panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldRowPanel([FieldPanel("contact_phone"), FieldPanel("contact_email")]),
            ],
            heading=_("Contact"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(classification_panels, heading=_("Classification")),
            ObjectList(private_panels, heading=_("Contact")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    # The pages API shows these and nothing else: never a PRIVATE_FIELDS one.
    api_fields = [
        *(APIField(name) for name in TEXT_FIELDS),
        APIField("affected_count"),
        APIField("budget_range"),
        APIField("time_limit_months"),
        APIField("expertise", serializer=TagNamesField()),
        APIField("goals", serializer=TermSerializer(many=True, read_only=True)),
        APIField("sector", serializer=TermSerializer(read_only=True)),
        APIField("province", serializer=Province2025Serializer(read_only=True)),
        APIField("commune", serializer=CommuneSerializer(read_only=True, allow_null=True)),
        APIField("owner_body"),
        APIField("status"),
        APIField("open_until"),
        APIField("language"),
    ]

    parent_page_types = ["problems.ProblemIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")

    @property
    def is_open(self) -> bool:
        return self.status in STILL_OPEN

    def canonical_page(self) -> ProblemPage:
        return canonical_page(self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        localities = list(self.localities_facing_it())
        context.update(
            goals=list(self.goals.all()),
            expertise_tags=list(self.expertise.all()),
            linked=self.linked_initiatives(),
            localities=localities,
            may_link=self.is_author(request.user),
        )
        return context

    def is_author(self, user) -> bool:
        """Whether `user` owns the problem, in whichever language tree they posted it."""
        return user.is_authenticated and (
            self.owner_id == user.pk
            or ProblemPage.objects.filter(translation_key=self.translation_key, owner=user).exists()
        )

    def confirmed_links(self):
        """The confirmed links of the problem, in every language, to initiatives that are live."""
        return ProblemLink.objects.filter(
            problem__translation_key=self.translation_key,
            state=ProblemLink.State.CONFIRMED,
            initiative__live=True,
        )

    def linked_initiatives(self) -> list[tuple[str, list[InitiativePage]]]:
        """(kind of link, initiatives) for each kind that has some, the initiatives in this page's tree."""
        links = list(self.confirmed_links().select_related("initiative__province").order_by("-confirmed_at"))
        pages = in_tree([link.initiative for link in links], self.locale_id, "province")
        grouped: dict[str, list[InitiativePage]] = {}
        for link, initiative in zip(links, pages, strict=True):
            shown = grouped.setdefault(link.kind, [])
            if initiative not in shown:
                shown.append(initiative)
        return [(kind.label, grouped[kind.value]) for kind in LinkKind if grouped.get(kind.value)]

    def localities_facing_it(self):
        return SharedProblem.objects.filter(problem__translation_key=self.translation_key).select_related(
            "province", "commune"
        )


def canonical_page(page: Page) -> Page:
    """The page in the language its text was written in: what links, marks and follows point to.

    A translation (or an alias) of a problem or an initiative shares its `translation_key` with the
    original; the original is the one whose locale is the text's `language`, else the oldest.
    """
    specific_class = page.specific_class
    pages = specific_class.objects.filter(translation_key=page.translation_key)
    language = getattr(page, "language", "")
    return (
        pages.filter(locale__language_code=language, alias_of__isnull=True).first()
        or pages.filter(alias_of__isnull=True).order_by("pk").first()
        or page
    )


def with_card_data(queryset):
    """Everything a problem card shows, in a fixed number of queries: the marks and links of every
    language tree count, since they point to the problem's canonical page."""
    same_problem = {"problem__translation_key": OuterRef("translation_key")}
    linked = (
        ProblemLink.objects.filter(**same_problem, state=ProblemLink.State.CONFIRMED, initiative__live=True)
        .order_by()
        .values("problem__translation_key")
    )
    shared = SharedProblem.objects.filter(**same_problem).order_by().values("problem__translation_key")
    return queryset.select_related("province", "commune", "sector").annotate(
        linked_count=Coalesce(
            Subquery(linked.annotate(n=Count("initiative", distinct=True)).values("n")[:1]), 0
        ),
        shared_count=Coalesce(Subquery(shared.annotate(n=Count("pk")).values("n")[:1]), 0),
    )


def in_tree(pages: list[Page], locale_id: int, *related: str) -> list[Page]:
    """Each live page as the reader of the `locale_id` tree sees it: its live translation there, else
    itself. The translations in one query, however many pages (all of one model)."""
    if not pages:
        return []
    model = type(pages[0])
    translations = {
        found.translation_key: found
        for found in model.objects.live()
        .public()
        .filter(translation_key__in={page.translation_key for page in pages}, locale_id=locale_id)
        .select_related(*related)
    }
    return [translations.get(page.translation_key, page) for page in pages]


class ProblemDraft(models.Model):
    """An author's working copy of a problem, kept as the form data typed, section by section.

    Submitting it writes a revision of its `ProblemPage` (made on first submission, under the bank of
    the draft's language) and starts the problem screening workflow.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="problem_drafts",
    )
    page = models.OneToOneField(
        ProblemPage,
        verbose_name=_("problem page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
    )
    data = models.JSONField(_("form data"), default=dict, blank=True)
    # Posted by a screener for a locality that is not on the platform: shown to the screeners.
    on_behalf_of = models.CharField(_("posted on behalf of"), max_length=255, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("problem draft")
        verbose_name_plural = _("problem drafts")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.data.get("title") or str(_("Untitled problem"))


class LinkKind(models.TextChoices):
    PROPOSED = "proposed", _("Proposed for")
    PILOTED = "piloted", _("Piloted for")
    REPLICATED = "replicated", _("Replicated from")


class ProblemLink(models.Model):
    """An initiative that answers a problem. Links named by an initiative's submitter wait for a screener;
    links made by the problem's authors or by screeners are confirmed at once."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a screener")
        CONFIRMED = "confirmed", _("Confirmed")

    problem = models.ForeignKey(
        ProblemPage, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="links"
    )
    initiative = models.ForeignKey(
        InitiativePage, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="problem_links"
    )
    kind = models.CharField(_("kind of link"), max_length=16, choices=LinkKind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.PENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # Set once the problem's authors and followers have heard that the initiative is published.
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("link between a problem and an initiative")
        verbose_name_plural = _("links between problems and initiatives")
        constraints = [
            models.UniqueConstraint(fields=["problem", "initiative", "kind"], name="one_link_of_a_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative} → {self.problem} ({self.get_kind_display()})"


class SharedProblem(models.Model):
    """ "We face this too": a locality that has the same problem, counted once per locality."""

    problem = models.ForeignKey(
        ProblemPage, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="shared_by"
    )
    province = models.ForeignKey(
        Province2025, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("locality facing the problem too")
        verbose_name_plural = _("localities facing the problem too")
        constraints = [
            models.UniqueConstraint(
                fields=["problem", "province", "commune"],
                name="shared_once_per_commune",
                condition=models.Q(commune__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["problem", "province"],
                name="shared_once_per_province",
                condition=models.Q(commune__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return str(self.commune or self.province)


class Follow(models.Model):
    """Someone who hears about a problem's or an initiative's news by e-mail, in their language."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("follower"), on_delete=models.CASCADE, related_name="follows"
    )
    page = models.ForeignKey(Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")
    # The one-click unsubscribe link of every e-mail carries it: no sign-in needed to stop the e-mails.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="follow_once")]

    def __str__(self) -> str:
        return f"{self.user} → {self.page}"


class Replication(models.Model):
    """A locality that applied an initiative; screened before it is shown on the initiative's page."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a screener")
        PUBLISHED = "published", _("Published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        DECLINED = "declined", _("Declined")

    initiative = models.ForeignKey(
        InitiativePage, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="replications"
    )
    province = models.ForeignKey(
        Province2025, verbose_name=_("province"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("commune or ward"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.CharField(_("organisation that replicated it"), max_length=255)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    adapted = models.TextField(_("what was adapted"), max_length=LONG_TEXT_LIMIT)
    # Private, like an initiative's contact.
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.PENDING)
    # Emptied when the person deletes their account: what a locality did stays on record.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason given"), blank=True)

    PRIVATE_FIELDS = ("contact_name", "contact_phone", "contact_email")

    class Meta:
        ordering = ["-year", "-created_at"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")

    def __str__(self) -> str:
        return f"{self.initiative} — {self.commune or self.province} ({self.year})"


class ExpertiseOffer(models.Model):
    """Help offered on a problem; its authors receive it by e-mail and choose whether to answer."""

    problem = models.ForeignKey(
        ProblemPage, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="expertise_offers"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("offered by"), on_delete=models.CASCADE, related_name="+"
    )
    field = models.CharField(_("field of expertise"), max_length=255)
    offer = models.TextField(_("what you can offer"), max_length=LONG_TEXT_LIMIT)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("offer of expertise")
        verbose_name_plural = _("offers of expertise")

    def __str__(self) -> str:
        return f"{self.user} → {self.problem}"


class ProblemReviewState(TaskState):
    """A screener's decision on a problem, with its outcome beside the comment (as `ReviewTaskState`)."""

    class Outcome(models.TextChoices):
        PUBLISHED = "published", _("Published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        DECLINED = "declined", _("Declined")

    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("problem review state")
        verbose_name_plural = _("problem review states")

    def get_comment(self):
        if not self.outcome:
            return self.comment
        return f"{self.get_outcome_display()}: {self.comment}" if self.comment else self.get_outcome_display()


class ProblemScreeningTask(AuthorExcludedApprovalTask):
    """Publishes a problem, sends it back for changes, or declines it; never by one of its authors."""

    task_state_class = ProblemReviewState
    decisions = (
        ("approve", _("Publish"), True),
        ("reject", _("Request changes"), True),
        ("decline", _("Decline"), True),
    )

    class Meta:
        verbose_name = _("problem screening task")
        verbose_name_plural = _("problem screening tasks")

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups publish the problems posted, send them back or decline them")

    def may_decide(self, page, user) -> bool:
        return (user.is_superuser or self._user_in_groups(user)) and not is_problem_author(page.pk, user)

    def get_form_for_action(self, action):
        return FORMS_BY_ACTION[action]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        own = [str(pk) for pk in ProblemPage.objects.filter(owner=user).values_list("pk", flat=True)]
        return states.exclude(workflow_state__object_id__in=own)


def is_problem_author(page_id: int, user) -> bool:
    return user.is_authenticated and ProblemPage.objects.filter(pk=page_id, owner=user).exists()
