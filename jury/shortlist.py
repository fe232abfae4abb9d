"""Publishing the shortlist of a first-round evaluation, once, and telling every evaluated author.

Two chairs may press "Publish" at the same moment: the evaluation's row is locked for the whole
publication, so the second waits, then finds the shortlist published and is told so.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task
from wagtail.log_actions import log

from initiatives.models import InitiativePage
from screening.notifications import authors_of, send_in_language

from .assignments import evaluated_initiatives
from .links import proposal_url
from .models import Evaluation, Review, Shortlist, ShortlistEntry
from .ranking import rank


class ShortlistRefused(Exception):
    """Why the shortlist cannot be published, in the user's language."""


class AlreadyPublished(ShortlistRefused):
    pass


def size_error(evaluation: Evaluation, count: int) -> str | None:
    if evaluation.shortlist_min <= count <= evaluation.shortlist_max:
        return None
    return _("Pick between %(min)s and %(max)s initiatives; you picked %(count)s.") % {
        "min": evaluation.shortlist_min,
        "max": evaluation.shortlist_max,
        "count": count,
    }


def publish(evaluation: Evaluation, initiatives: list[InitiativePage], rationale: str, by) -> Shortlist:
    """Publishes the shortlist of `initiatives` (ranked in the ranking's order, from 1) with the
    rationale; the authors are e-mailed once the transaction commits."""
    rationale = rationale.strip()
    if not rationale:
        raise ShortlistRefused(_("Write the rationale of the shortlist."))
    picked = {page.pk for page in initiatives}
    if error := size_error(evaluation, len(picked)):
        raise ShortlistRefused(error)
    with transaction.atomic():
        locked = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        existing = Shortlist.objects.filter(evaluation=locked).first()
        if existing is not None and existing.is_published:
            raise AlreadyPublished(_("The shortlist was already published; nothing was changed."))
        ranked = [entry.initiative for entry in rank(locked) if entry.initiative.pk in picked]
        if len(ranked) != len(picked):
            raise ShortlistRefused(_("Only initiatives of the ranking can be shortlisted."))
        shortlist = existing or Shortlist(evaluation=locked)
        shortlist.rationale = rationale
        shortlist.published_at = timezone.now()
        shortlist.published_by = by
        shortlist.save()
        shortlist.entries.all().delete()
        ShortlistEntry.objects.bulk_create(
            ShortlistEntry(shortlist=shortlist, initiative=page, rank=position)
            for position, page in enumerate(ranked, start=1)
        )
        log(
            shortlist,
            "jury.shortlist",
            user=by,
            data={"evaluation": locked.pk, "initiatives": [page.pk for page in ranked]},
        )
        transaction.on_commit(lambda: notify_shortlist.enqueue(locked.pk))
    return shortlist


@task()
def notify_shortlist(evaluation_id: int) -> None:
    """Shortlisted authors are invited to submit their full proposal; every other evaluated initiative's
    authors receive the jury's comments for the authors, without jurors' names or scores."""
    evaluation = Evaluation.objects.select_related("call", "shortlist").get(pk=evaluation_id)
    shortlisted = {entry.initiative_id for entry in evaluation.shortlist.entries.all()}
    evaluated = {page.pk: page for page in evaluated_initiatives(evaluation)}
    evaluated.update({entry.initiative.pk: entry.initiative for entry in rank(evaluation)})
    comments: dict[int, list[str]] = {}
    for initiative_id, text in Review.objects.filter(
        assignment__evaluation=evaluation,
        assignment__conflict_declared_at__isnull=True,
        submitted_at__isnull=False,
    ).values_list("assignment__initiative_id", "authors_comment"):
        if text.strip():
            comments.setdefault(initiative_id, []).append(text.strip())
    common = {"call_title": evaluation.call.title, "deadline": evaluation.proposal_deadline}
    for page in sorted(evaluated.values(), key=lambda page: page.pk):
        for author in authors_of(page):
            if page.pk in shortlisted:
                language = author.preferred_language or settings.LANGUAGE_CODE
                context = {**common, "title": page.title, "proposal_url": proposal_url(page.pk, language)}
                send_in_language(author, "jury/email/shortlisted", context)
            else:
                context = {**common, "title": page.title, "comments": comments.get(page.pk, [])}
                send_in_language(author, "jury/email/not_shortlisted", context)
