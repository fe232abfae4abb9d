"""The screeners' admin pages: the queue, and the decision page of one submission or update."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import BooleanFilter, ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet

from calls.models import CallPage
from initiatives.admin_listings import InitiativeListingMixin
from initiatives.models import InitiativePage, Province, TextLanguage
from initiatives.query import whole_number

from . import decisions
from .models import ReviewTaskState
from .permissions import authored_page_ids, is_author, is_screener
from .queue import decisions_on, review_in_progress, with_waiting_since

WAITING_DAYS = {"3": 3, "7": 7, "14": 14, "30": 30}


class ScreeningQueueFilterSet(PageFilterSet):
    call = ModelChoiceFilter(label=gettext_lazy("Call"), queryset=CallPage.objects.order_by("-intake_opens"))
    province = ModelChoiceFilter(label=gettext_lazy("Province"), queryset=Province.objects.all())
    language = ChoiceFilter(label=gettext_lazy("Language of the text"), choices=TextLanguage.choices)
    has_endorsement = BooleanFilter(
        label=gettext_lazy("Endorsement scan attached"), method="filter_has_endorsement"
    )
    kind = ChoiceFilter(
        label=gettext_lazy("Waiting for"),
        method="filter_kind",
        choices=[
            ("submission", gettext_lazy("Screening of a new submission")),
            ("update", gettext_lazy("Review of an update")),
        ],
    )
    waiting = ChoiceFilter(
        label=gettext_lazy("Waiting"),
        method="filter_waiting",
        choices=[
            ("3", gettext_lazy("More than 3 days")),
            ("7", gettext_lazy("More than a week")),
            ("14", gettext_lazy("More than two weeks")),
            ("30", gettext_lazy("More than a month")),
        ],
    )

    class Meta:
        model = InitiativePage
        fields = []

    def filter_has_endorsement(self, queryset, name, value):
        return queryset.filter(endorsement_document__isnull=not value)

    def filter_kind(self, queryset, name, value):
        return queryset.filter(live=value == "update")

    def filter_waiting(self, queryset, name, value):
        return queryset.filter(waiting_since__lte=timezone.now() - timedelta(days=WAITING_DAYS[value]))


class ScreeningQueueView(InitiativeListingMixin, IndexView):
    """Oldest first; the screener's own initiatives are left out, since they cannot decide on them."""

    page_title = gettext_lazy("Screening queue")
    default_ordering = "waiting_since"
    # Below 50em each initiative is a block of lines, not a row squeezed to a letter a line (admin.css).
    table_classname = "listing full-width stacked-on-phones"

    def dispatch(self, request, *args, **kwargs):
        if not is_screener(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        pages = super().get_base_queryset().exclude(pk__in=authored_page_ids(self.request.user))
        return with_waiting_since(pages).select_related("province", "call", "endorsement_document")


def stale_decision(review, posted_task_state: str) -> decisions.AlreadyDecided | None:
    """A decision posted on a task that someone else finished since the form was shown."""
    if review is not None and str(review.pk) == posted_task_state:
        return None
    posted_pk = whole_number(posted_task_state, minimum=1)
    posted = ReviewTaskState.objects.select_related("finished_by")
    finished = posted.filter(pk=posted_pk).first() if posted_pk is not None else None
    return decisions.AlreadyDecided(finished)


def decide(request, page_id: int):
    """Shows a submission (or a proposed update) with its decision forms, and carries out the decision."""
    if not is_screener(request.user):
        raise PermissionDenied
    page = get_object_or_404(InitiativePage, pk=page_id)
    review = review_in_progress(page)
    task = review.task.specific if review else None
    own = is_author(page.pk, request.user)
    actions = task.get_actions(page, request.user) if task else []
    bound_action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        name: task.get_form_for_action(name)(request.POST if name == bound_action else None, prefix=name)
        for name, _label, _modal in actions
    }
    if bound_action is not None:
        decided = stale_decision(review, request.POST.get("task_state", ""))
        if decided is not None:
            messages.error(request, str(decided.message))
        elif bound_action not in forms:
            raise PermissionDenied
        elif forms[bound_action].is_valid():
            try:
                decisions.decide(review, request.user, bound_action, **forms[bound_action].cleaned_data)
            except decisions.ScreeningRefused as refusal:
                messages.error(request, str(refusal.message))
            else:
                done = _("Decision recorded on “%(title)s”.") % {"title": page.draft_title}
                messages.success(request, done)
                return redirect("screening_queue:index")
        else:
            messages.error(request, _("The decision could not be recorded. Correct the errors below."))
    draft = page.get_latest_revision_as_object()
    return TemplateResponse(
        request,
        "screening/admin/decide.html",
        {
            "page": page,
            "draft": draft,
            "content_sections": [
                (_("The problem"), draft.problem),
                (_("The solution"), draft.solution),
                (_("Results"), draft.results),
                (_("Beneficiaries"), draft.beneficiaries),
                (_("Replicability"), draft.replicability),
            ],
            "review": review,
            "own_initiative": own,
            "action_forms": [(name, label, forms[name]) for name, label, _modal in actions],
            "refusal": decisions.refusal_message(request.GET.get("refused", "")),
            "past_decisions": decisions_on(page),
        },
    )
