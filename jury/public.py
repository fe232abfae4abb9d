"""What the selection shows the public: published shortlists, awarded grants, their totals.

The shortlist and the grants store the original pages (of whichever language they were written in);
the public sees them in the language tree it reads, matched by translation key. Unpublished
shortlists, proposals and jurors' own scores are never shown; scores only as the call chose
(`Evaluation.publish_scores`): the weighted score and each criterion's mean.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string
from wagtail.models import Page

from core.kept import kept_for_page

from .models import Evaluation, ShortlistEntry, in_locale, public_grants
from .ranking import rank


def published_evaluations(call) -> list[Evaluation]:
    """The first-round evaluations of the call (in any language tree) whose shortlist is published."""
    return list(
        Evaluation.objects.filter(
            call__translation_key=call.translation_key,
            round=Evaluation.Round.FIRST,
            shortlist__published_at__isnull=False,
        ).select_related("shortlist")
    )


@dataclass
class PublicEntry:
    page: Page
    weighted: float | None = None
    means: list[float | None] | None = None


def call_sections(request, page) -> str:
    """The call page's published shortlists and awarded grants."""
    shortlists = []
    for evaluation in published_evaluations(page):
        entries = list(
            ShortlistEntry.objects.filter(shortlist=evaluation.shortlist).select_related("initiative")
        )
        scores = (
            {r.initiative.pk: r for r in rank(evaluation, [e.initiative for e in entries])}
            if evaluation.publish_scores
            else {}
        )
        criteria = list(evaluation.criteria.order_by("sort_order", "pk"))
        public_entries = []
        shown_pages = in_locale([entry.initiative for entry in entries], page.locale)
        for entry, shown in zip(entries, shown_pages, strict=True):
            if shown is None:
                continue
            ranked = scores.get(entry.initiative.pk)
            public_entries.append(
                PublicEntry(
                    page=shown,
                    weighted=ranked.weighted if ranked else None,
                    means=[ranked.criterion_means.get(c.code) for c in criteria] if ranked else None,
                )
            )
        shortlists.append({"evaluation": evaluation, "entries": public_entries, "criteria": criteria})
    grants = public_grants(page.locale, call__translation_key=page.translation_key)
    if not (shortlists or grants):
        return ""
    context = {"shortlists": shortlists, "grants": grants, "page": page}
    return render_to_string("jury/public/call_sections.html", context, request=request)


@kept_for_page("jury-initiative-badges")
def initiative_badges(request, page) -> str:
    """The initiative page's "Shortlisted" badges and its grants (kept: `jury.signal_handlers`)."""
    entries = ShortlistEntry.objects.filter(
        initiative__translation_key=page.translation_key,
        shortlist__published_at__isnull=False,
        shortlist__evaluation__round=Evaluation.Round.FIRST,
    ).select_related("shortlist__evaluation__call")
    calls = in_locale([entry.shortlist.evaluation.call for entry in entries], page.locale)
    calls = [call for call in calls if call is not None]
    grants = public_grants(page.locale, initiative__translation_key=page.translation_key)
    if not (calls or grants):
        return ""
    context = {"calls": calls, "grants": grants, "page": page}
    return render_to_string("jury/public/initiative_badges.html", context, request=request)
