"""What happens to an entry, and who may do what with it.

draft → with the unit (submitted) → forwarded to the committee | returned to the author (who may change
it and submit it again while entries are open). An entry the unit has not forwarded by its deadline is
out. Every rule about dates is checked here, on the server, whatever the pages offered.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Locale

from accounts.decorators import has_verified_email

from .models import ContestPage, ContestUnit, Entry, EntryFile

MAX_ATTACHMENTS = 10
MIN_TEAM_MEMBERS = 2


class EntryError(Exception):
    """Why an action on an entry is refused, in words for the person who tried."""


@dataclass(frozen=True)
class EntryStatus:
    code: str
    label: str


DRAFT = EntryStatus("draft", gettext_lazy("Draft"))
WITH_UNIT = EntryStatus("with_unit", gettext_lazy("With the unit for pre-screening"))
RETURNED = EntryStatus("returned", gettext_lazy("Returned by the unit"))
FORWARDED = EntryStatus("forwarded", gettext_lazy("Forwarded to the committee"))
OUT = EntryStatus("out", gettext_lazy("Not forwarded by the unit's deadline"))
NOT_SUBMITTED = EntryStatus("not_submitted", gettext_lazy("Not submitted before entries closed"))


def status_of(entry: Entry, today: datetime.date | None = None) -> EntryStatus:
    day = today or timezone.localdate()
    contest = entry.contest
    if entry.is_forwarded:
        return FORWARDED
    if not entry.is_submitted:
        return DRAFT if contest.accepts_entries(day) or day < contest.intake_opens else NOT_SUBMITTED
    if day > contest.prescreening_deadline:
        return OUT
    if entry.unit_decision == Entry.UnitDecision.RETURNED:
        return RETURNED
    return WITH_UNIT


def may_edit(entry: Entry, user, today: datetime.date | None = None) -> bool:
    """The author changes a draft, or an entry their unit returned, while entries are open."""
    day = today or timezone.localdate()
    if entry.author_id != getattr(user, "pk", None) or not entry.contest.accepts_entries(day):
        return False
    return status_of(entry, day) in (DRAFT, RETURNED)


def missing_fields(entry: Entry) -> list[tuple[str, str]]:
    """(section slug, what is missing) for everything an entry needs before it is submitted."""
    missing = []
    if entry.topic_id is None:
        missing.append(("about", _("the topic")))
    if entry.unit_id is None:
        missing.append(("about", _("your unit")))
    if not entry.title.strip():
        missing.append(("about", _("the title")))
    allowed = entry.contest.formats()
    if entry.format not in allowed:
        missing.append(("content", _("the format of the entry")))
    elif entry.format == Entry.Format.ARTICLE and not entry.article.strip():
        missing.append(("content", _("the article")))
    elif entry.format == Entry.Format.VIDEO_FILE and not entry.video_file:
        missing.append(("content", _("the video clip")))
    elif entry.format == Entry.Format.VIDEO_LINK and not entry.video_url:
        missing.append(("content", _("the link to the video")))
    if entry.is_team and len(entry.team_member_names) < MIN_TEAM_MEMBERS:
        missing.append(("authors", _("the team's members (at least two)")))
    if not entry.contact_name.strip():
        missing.append(("authors", _("the author's or representative's full name")))
    if not entry.contact_address.strip():
        missing.append(("authors", _("the address")))
    if not entry.contact_phone.strip():
        missing.append(("authors", _("the phone number")))
    return missing


def submit(entry: Entry, user) -> None:
    """Sends the entry to its unit; refused outside the entries' dates or with something missing."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().select_related("contest").get(pk=entry.pk)
        if not entry.contest.accepts_entries():
            raise EntryError(_("Entries to this contest are closed; it can no longer be submitted."))
        if not may_edit(entry, user):
            raise EntryError(_("This entry has already been submitted."))
        if not has_verified_email(user):
            raise EntryError(_("Please confirm your e-mail address before you submit."))
        missing = missing_fields(entry)
        if missing:
            raise EntryError(
                _("Before you submit, add: %(missing)s.")
                % {"missing": ", ".join(str(m) for _s, m in missing)}
            )
        entry.submitted_at = timezone.now()
        # Sent again after a return: the unit decides afresh; its comment stays for the author to read.
        entry.unit_decision = ""
        entry.unit_decided_at = None
        entry.unit_decided_by = None
        entry.save(
            update_fields=[
                "submitted_at",
                "unit_decision",
                "unit_decided_at",
                "unit_decided_by",
                "updated_at",
            ]
        )


def delete_draft(entry: Entry) -> None:
    if entry.is_submitted:
        raise EntryError(_("A submitted entry cannot be deleted."))
    for stored in [entry.video_file, entry.poster]:
        if stored:
            stored.delete(save=False)
    for attachment in entry.files.all():
        attachment.file.delete(save=False)
    entry.delete()


def describe_new_clip(entry: Entry, clip, with_poster: bool) -> None:
    """Names and sizes the clip just put on the entry; its poster goes too unless a picture came with it
    (a new clip's poster is taken from it)."""
    if entry.poster and not with_poster:
        entry.poster.delete(save=False)
    entry.video_name, entry.video_size = clip.name[:255], clip.size


def keep_clip(entry: Entry, clip) -> None:
    """Stores a clip that passed its checks while another field of its section did not."""
    entry.video_file = clip
    describe_new_clip(entry, clip, with_poster=False)
    entry.save(update_fields=["video_file", "video_name", "video_size", "poster", "updated_at"])


def add_attachments(entry: Entry, uploads) -> None:
    for upload in uploads:
        EntryFile.objects.create(entry=entry, file=upload, original_name=upload.name[:255], size=upload.size)


# Units and their reviewers ---------------------------------------------------------------------------


def verified_addresses(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    }


def reviewed_units(user) -> list[ContestUnit]:
    """The participating units the user pre-screens for: those listing one of their verified addresses."""
    addresses = verified_addresses(user)
    if not addresses:
        return []
    query = Q()
    for address in addresses:
        query |= Q(reviewer_emails__icontains=address)
    # A contest's translations carry copies of its units, which nothing refers to: only the original's count.
    candidates = (
        ContestUnit.objects.filter(query, contest__locale=Locale.get_default())
        .select_related("contest")
        .order_by("-contest__intake_opens", "sort_order")
    )
    return [unit for unit in candidates if addresses & set(unit.reviewer_address_list)]


def reviews_unit(user, unit: ContestUnit) -> bool:
    if unit.contest.locale_id != Locale.get_default().pk:
        return False
    return bool(verified_addresses(user) & set(unit.reviewer_address_list))


def entries_for_unit(unit: ContestUnit) -> QuerySet[Entry]:
    """What a unit's reviewers see: the entries submitted to it (drafts stay their authors' own)."""
    return (
        unit.entries.filter(submitted_at__isnull=False)
        .select_related("contest", "topic", "author")
        .order_by("submitted_at", "pk")
    )


def decide(entry: Entry, user, decision: str, comment: str) -> None:
    """A unit reviewer forwards the entry to the committee or returns it with a comment, by the unit's
    deadline; a returned entry needs a comment, so that its author knows why."""
    with transaction.atomic():
        entry = (
            Entry.objects.select_for_update(of=("self",)).select_related("contest", "unit").get(pk=entry.pk)
        )
        contest = entry.contest
        if entry.unit is None or not reviews_unit(user, entry.unit):
            raise EntryError(_("You do not pre-screen this unit's entries."))
        if not entry.is_submitted:
            raise EntryError(_("This entry has not been submitted."))
        if not contest.prescreening_open():
            raise EntryError(
                _("The units' pre-screening ended on %(date)s.")
                % {"date": date_format(contest.prescreening_deadline, "SHORT_DATE_FORMAT")}
            )
        if decision not in Entry.UnitDecision.values:
            raise EntryError(_("Choose whether to forward or return the entry."))
        if decision == Entry.UnitDecision.RETURNED and not comment.strip():
            raise EntryError(_("Say why the entry is returned: its author reads your comment."))
        if entry.unit_decision == decision:
            raise EntryError(
                _("This entry has already been %(decision)s.")
                % {"decision": entry.get_unit_decision_display()}
            )
        entry.unit_decision = decision
        entry.unit_comment = comment.strip()
        entry.unit_decided_at = timezone.now()
        entry.unit_decided_by = user
        entry.save(
            update_fields=[
                "unit_decision",
                "unit_comment",
                "unit_decided_at",
                "unit_decided_by",
                "updated_at",
            ]
        )


def contests_open_for_entries() -> QuerySet[ContestPage]:
    today = timezone.localdate()
    return ContestPage.objects.live().filter(intake_opens__lte=today, intake_closes__gte=today)
