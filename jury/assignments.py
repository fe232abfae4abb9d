"""Who reviews what: the evaluated initiatives, conflicts that can be seen in advance, and balancing.

Balancing gives each initiative the evaluation's number of jurors and each juror a similar load:
initiatives that lack the most jurors are served first, each by the least-loaded juror who is not
already on it and shows no conflict with it (ties go to the juror listed first). Assignments made
by hand are kept; a juror who declared a conflict is never assigned that initiative again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail_localize.models import TranslationSource

from core.text import folded_words
from halls.models import HallPage
from initiatives.models import InitiativePage

from .models import Assignment, Evaluation, ShortlistEntry


def evaluated_initiatives(evaluation: Evaluation) -> list[InitiativePage]:
    """The initiatives the evaluation scores: in the first round, the call's originals (not their
    translations or aliases) that are live in the Expo Hall; in the final round, the shortlisted ones
    whose full proposal was submitted."""
    if evaluation.round == Evaluation.Round.FINAL:
        first = Evaluation.objects.filter(call=evaluation.call, round=Evaluation.Round.FIRST).first()
        if first is None:
            return []
        shortlisted = ShortlistEntry.objects.filter(
            shortlist__evaluation=first, shortlist__published_at__isnull=False
        ).values("initiative_id")
        return list(
            InitiativePage.objects.filter(
                pk__in=shortlisted,
                full_proposals__evaluation=first,
                full_proposals__submitted_at__isnull=False,
            ).order_by("pk")
        )
    in_expo = Q()
    for hall in HallPage.objects.filter(kind=HallPage.Kind.EXPO):
        in_expo |= Q(path__startswith=hall.path, depth=hall.depth + 1)
    if not in_expo:
        return []
    pages = list(
        InitiativePage.objects.live()
        .filter(in_expo, call__translation_key=evaluation.call.translation_key, alias_of__isnull=True)
        .select_related("owner")
        .prefetch_related("co_authors")
        .order_by("pk")
    )
    return originals(pages)


def standing_by_initiative(evaluation: Evaluation) -> dict[int, list[Assignment]]:
    """Each initiative's standing assignments (no conflict declared), with their juror and review:
    where the chairs open a juror's review to read or reopen it. One query."""
    by_initiative: dict[int, list[Assignment]] = {}
    standing = (
        Assignment.objects.filter(evaluation=evaluation, conflict_declared_at__isnull=True)
        .select_related("juror", "review")
        .order_by("juror__full_name", "juror__email", "pk")
    )
    for assignment in standing:
        by_initiative.setdefault(assignment.initiative_id, []).append(assignment)
    return by_initiative


def originals(pages: list[InitiativePage]) -> list[InitiativePage]:
    """The pages that are the source of their translations, or have none: one per initiative."""
    sources = dict(
        TranslationSource.objects.filter(object_id__in=[page.translation_key for page in pages]).values_list(
            "object_id", "locale_id"
        )
    )
    return [page for page in pages if sources.get(page.translation_key, page.locale_id) == page.locale_id]


def same(name: str, other: str) -> bool:
    return bool(folded_words(name).strip()) and folded_words(name) == folded_words(other)


def possible_conflict(juror, initiative: InitiativePage) -> str:
    """Why assigning the juror to the initiative looks like a conflict of interest, or ''."""
    # all(), not filter(): the co-authors prefetched by `evaluated_initiatives` serve every juror.
    if initiative.owner_id == juror.pk or juror.pk in {author.pk for author in initiative.co_authors.all()}:
        return _("The juror is an author of the initiative.")
    organisation = juror.organisation
    if not organisation:
        return ""
    if same(organisation, initiative.organisation):
        return _("The juror's organisation is the initiative's organisation.")
    if same(organisation, initiative.authority_name):
        return _("The juror's organisation endorsed the initiative.")
    owner = initiative.owner
    if owner is not None and same(organisation, owner.organisation):
        return _("The juror's organisation is the proposer's.")
    return ""


@dataclass
class Balanced:
    added: list[Assignment]
    # Initiatives that still lack jurors, with how many: too few jurors without a conflict.
    short: dict[InitiativePage, int]


def balance(evaluation: Evaluation, by=None) -> Balanced:
    """Adds the assignments that balancing calls for (see the module's docstring)."""
    initiatives = evaluated_initiatives(evaluation)
    jurors = [
        member.user for member in evaluation.members.select_related("user").order_by("sort_order", "pk")
    ]
    existing = list(Assignment.objects.filter(evaluation=evaluation))
    taken = {(a.juror_id, a.initiative_id) for a in existing}
    standing = Counter(a.initiative_id for a in existing if a.stands)
    load = Counter(a.juror_id for a in existing if a.stands)
    for juror in jurors:
        load.setdefault(juror.pk, 0)
    wanted = evaluation.jurors_per_initiative
    added, short = [], {}
    with transaction.atomic():
        for initiative in sorted(initiatives, key=lambda page: (standing[page.pk], page.pk)):
            eligible = [
                juror
                for juror in jurors
                if (juror.pk, initiative.pk) not in taken and not possible_conflict(juror, initiative)
            ]
            while standing[initiative.pk] < wanted and eligible:
                juror = min(eligible, key=lambda user: (load[user.pk], jurors.index(user)))
                eligible.remove(juror)
                assignment = Assignment.objects.create(
                    evaluation=evaluation, juror=juror, initiative=initiative, assigned_by=by
                )
                log(assignment, "jury.assign", user=by, data={"initiative": initiative.pk, "juror": juror.pk})
                taken.add((juror.pk, initiative.pk))
                standing[initiative.pk] += 1
                load[juror.pk] += 1
                added.append(assignment)
            if standing[initiative.pk] < wanted:
                short[initiative] = wanted - standing[initiative.pk]
    return Balanced(added=added, short=short)
