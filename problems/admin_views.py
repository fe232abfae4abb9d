"""The screeners' admin pages for problems: the queue, and the decision page of one problem."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import ChoiceFilter, ModelChoiceFilter
from wagtail.admin import messages
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet

from initiatives.models import Province2025, TextLanguage
from initiatives.query import whole_number
from screening.permissions import is_screener

from . import review
from .models import ProblemPage, ProblemReviewState
from .taxonomy import Sector


class ProblemQueueFilterSet(PageFilterSet):
    province = ModelChoiceFilter(label=gettext_lazy("Province"), queryset=Province2025.objects.all())
    sector = ModelChoiceFilter(label=gettext_lazy("Sector"), queryset=Sector.objects.all())
    language = ChoiceFilter(label=gettext_lazy("Language of the text"), choices=TextLanguage.choices)
    kind = ChoiceFilter(
        label=gettext_lazy("Waiting for"),
        method="filter_kind",
        choices=[
            ("submission", gettext_lazy("Screening of a new problem")),
            ("update", gettext_lazy("Review of an update")),
        ],
    )

    class Meta:
        model = ProblemPage
        fields = []

    def filter_kind(self, queryset, name, value):
        return queryset.filter(live=value == "update")


class ProblemQueueView(IndexView):
    """Oldest first; the screener's own problems are left out, since they cannot decide on them."""

    page_title = gettext_lazy("Problems to screen")
    default_ordering = "waiting_since"
    # A search is a filter on the title here: Wagtail's search backend takes no annotation.
    is_explicitly_ordered = True

    def dispatch(self, request, *args, **kwargs):
        if not is_screener(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        pages = review.queue_for(self.request.user)
        return pages.select_related("province", "sector", "draft")

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        words = self.search_query.split()
        if not words:
            return queryset.none()
        condition = Q()
        for word in words:
            condition &= Q(draft_title__icontains=word)
        return queryset.filter(condition)


def stale_decision(current, posted_task_state: str) -> review.AlreadyDecided | None:
    """A decision posted on a task that someone else finished since the form was shown."""
    if current is not None and str(current.pk) == posted_task_state:
        return None
    posted_pk = whole_number(posted_task_state, minimum=1)
    posted = ProblemReviewState.objects.select_related("finished_by")
    finished = posted.filter(pk=posted_pk).first() if posted_pk is not None else None
    return review.AlreadyDecided(finished)


def decide(request, page_id: int):
    """Shows a problem (or its update) with the decision forms, and carries out the decision."""
    if not is_screener(request.user):
        raise PermissionDenied
    page = get_object_or_404(ProblemPage, pk=page_id)
    current = review.review_in_progress(page)
    task = current.task.specific if current else None
    actions = task.get_actions(page, request.user) if task else []
    bound_action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        name: task.get_form_for_action(name)(request.POST if name == bound_action else None, prefix=name)
        for name, _label, _modal in actions
    }
    if bound_action is not None:
        decided = stale_decision(current, request.POST.get("task_state", ""))
        if decided is not None:
            messages.error(request, str(decided.message))
        elif bound_action not in forms:
            raise PermissionDenied
        elif forms[bound_action].is_valid():
            try:
                review.decide(current, request.user, bound_action, **forms[bound_action].cleaned_data)
            except review.DecisionRefused as refusal:
                messages.error(request, str(refusal.message))
            else:
                messages.success(
                    request, _("Decision recorded on “%(title)s”.") % {"title": page.draft_title}
                )
                return redirect("problem_queue:index")
        else:
            messages.error(request, _("The decision could not be recorded. Correct the errors below."))
    draft = page.get_latest_revision_as_object()
    return TemplateResponse(
        request,
        "problems/admin/decide.html",
        {
            "page": page,
            "draft": draft,
            "on_behalf_of": getattr(getattr(page, "draft", None), "on_behalf_of", ""),
            "text_sections": [
                (ProblemPage._meta.get_field(name).verbose_name, getattr(draft, name))
                for name in ProblemPage.TEXT_FIELDS
            ],
            "review": current,
            "own_problem": page.owner_id == request.user.pk,
            "action_forms": [(name, label, forms[name]) for name, label, _modal in actions],
            "refusal": review.refusal_message(request.GET.get("refused", "")),
            "past_decisions": review.decisions_on(page),
        },
    )
