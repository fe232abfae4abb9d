"""The chairs' and the secretariat's pages of an evaluation: the ranking with each juror's progress
and reminders, the CSV exports, and the shortlist.

Every page is addressed by the call's page id (in any language) and serves the first-round
evaluation of that call; only its chairs and the secretariat reach it.
"""

from __future__ import annotations

import functools

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods
from django.views.defaults import permission_denied
from wagtail.admin import messages

from . import exports
from .access import chaired_evaluations, evaluation_of_call, is_secretariat, sees_every_score
from .chairs_forms import ShortlistForm
from .models import Criterion, Evaluation, Shortlist
from .ranking import rank
from .reminders import juror_progress, remind
from .shortlist import ShortlistRefused, publish


def refused_with_403(view):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard; a plain 403 tells
    whoever is not a chair (and any script) clearly that the page is not theirs."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as refusal:
            return permission_denied(request, refusal)

    return wrapped


def chaired_evaluation(request, call_page_id: int) -> Evaluation:
    evaluation = evaluation_of_call(call_page_id)
    if not sees_every_score(request.user, evaluation):
        raise PermissionDenied
    return evaluation


@refused_with_403
def index(request):
    evaluations = list(
        chaired_evaluations(request.user).select_related("call").order_by("-scoring_opens", "pk")
    )
    if not evaluations and not is_secretariat(request.user):
        raise PermissionDenied
    return TemplateResponse(request, "jury/chairs/index.html", {"evaluations": evaluations})


@refused_with_403
def ranking(request, call_page_id: int):
    """A constant number of queries, whatever the number of initiatives, jurors and criteria."""
    evaluation = chaired_evaluation(request, call_page_id)
    criteria = list(Criterion.objects.filter(evaluation=evaluation).order_by("sort_order", "pk"))
    return TemplateResponse(
        request,
        "jury/chairs/ranking.html",
        {
            "evaluation": evaluation,
            "call_page_id": call_page_id,
            "criteria": criteria,
            "ranked": [
                (entry, [entry.criterion_means[c.code] for c in criteria]) for entry in rank(evaluation)
            ],
            "normalised": request.GET.get("normalised") == "1",
            "progress": juror_progress(evaluation),
        },
    )


@refused_with_403
@require_http_methods(["GET", "POST"])
def reminders(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id)
    if request.method == "POST":
        reminded = remind(evaluation)
        messages.success(
            request,
            ngettext("%(count)s juror was reminded.", "%(count)s jurors were reminded.", len(reminded))
            % {"count": len(reminded)},
        )
        return redirect("jury_chairs:ranking", call_page_id)
    waiting = [progress for progress in juror_progress(evaluation) if progress.to_do > 0]
    return TemplateResponse(
        request,
        "jury/chairs/reminders.html",
        {"evaluation": evaluation, "call_page_id": call_page_id, "waiting": waiting},
    )


@refused_with_403
def ranking_csv(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id)
    return exports.csv_response(f"ranking-{call_page_id}.csv", exports.ranking_rows(evaluation))


@refused_with_403
def scores_csv(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id)
    return exports.csv_response(f"scores-{call_page_id}.csv", exports.score_rows(evaluation))


@refused_with_403
@require_http_methods(["GET", "POST"])
def shortlist(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id)
    ranked = rank(evaluation)
    published = Shortlist.objects.filter(evaluation=evaluation, published_at__isnull=False).first()
    form = ShortlistForm(request.POST or None, evaluation=evaluation, ranked=ranked)
    if request.method == "POST" and published is None and form.is_valid():
        by_id = {entry.initiative.pk: entry.initiative for entry in ranked}
        picked = [by_id[pk] for pk in form.cleaned_data["initiatives"]]
        try:
            publish(evaluation, picked, form.cleaned_data["rationale"], request.user)
        except ShortlistRefused as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The shortlist is published; the authors are being e-mailed."))
            return redirect(reverse("jury_chairs:shortlist", args=[call_page_id]))
        published = Shortlist.objects.filter(evaluation=evaluation, published_at__isnull=False).first()
    elif request.method == "POST" and published is not None:
        messages.error(request, _("The shortlist was already published; nothing was changed."))
    return TemplateResponse(
        request,
        "jury/chairs/shortlist.html",
        {
            "evaluation": evaluation,
            "call_page_id": call_page_id,
            "form": form,
            "ranked": ranked,
            "picked": {str(pk) for pk in request.POST.getlist("initiatives")},
            "published": published,
            "entries": published.entries.select_related("initiative") if published else [],
        },
    )
