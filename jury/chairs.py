"""The chairs' and the secretariat's pages of an evaluation: the ranking with each juror's progress
and reminders, the CSV exports, and the shortlist.

Every page is addressed by the call's page id (in any language). The ranking, the reminders and the
exports serve the round named by `?round=final`, the first round otherwise (whatever else is asked);
the shortlist is the first round's. Only the chairs of that round's evaluation and the secretariat
reach a page.
"""

from __future__ import annotations

import functools
from urllib.parse import urlencode

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
from .access import chaired_evaluations, evaluation_of_call, is_secretariat, rounds_read, sees_every_score
from .assignments import standing_by_initiative
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


def requested_round(request) -> str:
    """The round named by `?round=`: the final one when asked for, the first one otherwise."""
    return (
        Evaluation.Round.FINAL
        if request.GET.get("round") == Evaluation.Round.FINAL
        else Evaluation.Round.FIRST
    )


def chairs_url(name: str, call_page_id: int, round: str, **query) -> str:
    """The address of a chairs' page serving `round`; the first round's needs no parameter."""
    if round != Evaluation.Round.FIRST:
        query["round"] = round
    url = reverse(f"jury_chairs:{name}", args=[call_page_id])
    return f"{url}?{urlencode(query)}" if query else url


def page_links(call_page_id: int, round: str) -> dict[str, str | None]:
    """The chairs' pages of the round, for the navigation; the shortlist belongs to the first round."""
    links = {
        name: chairs_url(name, call_page_id, round)
        for name in ("ranking", "reminders", "ranking_csv", "scores_csv")
    }
    links["normalised"] = chairs_url("ranking", call_page_id, round, normalised=1)
    links["shortlist"] = (
        chairs_url("shortlist", call_page_id, round) if round == Evaluation.Round.FIRST else None
    )
    return links


def round_tabs(user, call_page_id: int, evaluation: Evaluation) -> list[dict]:
    """A tab for each round of the call whose ranking the user reads; none when there is only one."""
    rounds = rounds_read(user, evaluation)
    if len(rounds) < 2:
        return []
    return [
        {
            "label": other.get_round_display(),
            "url": chairs_url("ranking", call_page_id, other.round),
            "current": other.pk == evaluation.pk,
        }
        for other in rounds
    ]


def chaired_evaluation(request, call_page_id: int, round: str = Evaluation.Round.FIRST) -> Evaluation:
    evaluation = evaluation_of_call(call_page_id, round)
    if not sees_every_score(request.user, evaluation):
        raise PermissionDenied
    return evaluation


@refused_with_403
def index(request):
    evaluations = list(
        chaired_evaluations(request.user, round=None)
        .select_related("call__locale")
        .order_by("-scoring_opens", "call_id", "pk")
    )
    if not evaluations and not is_secretariat(request.user):
        raise PermissionDenied
    rows = [
        {"evaluation": evaluation, "links": page_links(evaluation.call_id, evaluation.round)}
        for evaluation in evaluations
    ]
    return TemplateResponse(request, "jury/chairs/index.html", {"rows": rows})


@refused_with_403
def ranking(request, call_page_id: int):
    """A constant number of queries, whatever the number of initiatives, jurors and criteria."""
    evaluation = chaired_evaluation(request, call_page_id, requested_round(request))
    criteria = list(Criterion.objects.filter(evaluation=evaluation).order_by("sort_order", "pk"))
    reviews = standing_by_initiative(evaluation)
    return TemplateResponse(
        request,
        "jury/chairs/ranking.html",
        {
            "evaluation": evaluation,
            "links": page_links(call_page_id, evaluation.round),
            "round_tabs": round_tabs(request.user, call_page_id, evaluation),
            "criteria": criteria,
            "ranked": [
                (
                    entry,
                    [entry.criterion_means[c.code] for c in criteria],
                    reviews.get(entry.initiative.pk, []),
                )
                for entry in rank(evaluation)
            ],
            "normalised": request.GET.get("normalised") == "1",
            "progress": juror_progress(evaluation),
        },
    )


@refused_with_403
@require_http_methods(["GET", "POST"])
def reminders(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id, requested_round(request))
    links = page_links(call_page_id, evaluation.round)
    if request.method == "POST":
        reminded = remind(evaluation)
        messages.success(
            request,
            ngettext("%(count)s juror was reminded.", "%(count)s jurors were reminded.", len(reminded))
            % {"count": len(reminded)},
        )
        return redirect(links["ranking"])
    waiting = [progress for progress in juror_progress(evaluation) if progress.to_do > 0]
    return TemplateResponse(
        request,
        "jury/chairs/reminders.html",
        {"evaluation": evaluation, "links": links, "waiting": waiting},
    )


def csv_filename(kind: str, call_page_id: int, evaluation: Evaluation) -> str:
    # The first round's files keep the names they had before there was a final round.
    suffix = "" if evaluation.round == Evaluation.Round.FIRST else f"-{evaluation.round}"
    return f"{kind}-{call_page_id}{suffix}.csv"


@refused_with_403
def ranking_csv(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id, requested_round(request))
    return exports.csv_response(
        csv_filename("ranking", call_page_id, evaluation), exports.ranking_rows(evaluation)
    )


@refused_with_403
def scores_csv(request, call_page_id: int):
    evaluation = chaired_evaluation(request, call_page_id, requested_round(request))
    return exports.csv_response(
        csv_filename("scores", call_page_id, evaluation), exports.score_rows(evaluation)
    )


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
            "links": page_links(call_page_id, evaluation.round),
            "form": form,
            "ranked": ranked,
            "picked": {str(pk) for pk in request.POST.getlist("initiatives")},
            "published": published,
            "entries": published.entries.select_related("initiative") if published else [],
        },
    )
