"""What happens to a submission: saving sections, submitting for screening, withdrawing, its status."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import unescape

from allauth.account.models import EmailAddress
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import File
from django.core.validators import EMPTY_VALUES
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from calls.models import CallPage
from core.text import ascii_slug
from halls.models import HallPage
from initiatives.lifecycle import IN_A_HALL, WITHDRAWABLE, InitiativeStatus
from initiatives.media import (
    SUBMISSIONS_COLLECTION_NAME,
    store_endorsement_scan,
    store_private_document,
    store_private_image,
)
from initiatives.models import (
    Commune,
    Goal,
    InitiativeAttachment,
    InitiativeGalleryImage,
    InitiativePage,
    InnovationType,
    IntakePage,
    ProposerType,
    Province,
    Province2025,
    Stage,
)
from initiatives.placement import unique_slug
from screening.models import ReviewTaskState, UpdateReviewTask

from .models import CoAuthorInvitation, Submission, SubmissionFile
from .signals import submission_submitted
from .tasks import send_co_author_invitation

# Field name -> label of what must be filled in before submitting.
REQUIRED_FIELDS = {
    "title": _("Title of the initiative"),
    "summary": _("Summary"),
    "language": _("Language of the text"),
    "goals": _("Goals"),
    "innovation_types": _("Type of innovation"),
    "stage": _("Stage"),
    "province_2025": _("Province or city"),
    "level": _("Administrative level"),
    "proposer_type": _("Proposed by"),
    "problem": _("The problem"),
    "solution": _("The solution"),
    "contact_name": _("Contact person"),
    "contact_email": _("E-mail"),
}
SECTION_OF_FIELD = {
    **dict.fromkeys(["title", "summary", "language", "call"], "basics"),
    **dict.fromkeys(
        [
            "goals",
            "innovation_types",
            "stage",
            "province_2025",
            "commune",
            "province",
            "level",
            "proposer_type",
            "organisation",
        ],
        "classification",
    ),
    **dict.fromkeys(["problem", "solution", "results", "beneficiaries", "replicability"], "content"),
    **dict.fromkeys(["contact_name", "contact_email", "contact_phone", "contact_address"], "contact"),
}


class SubmissionError(Exception):
    """A submission that cannot go ahead; the message says why, in the user's language."""


class OutsideIntakeWindow(SubmissionError):
    def __init__(self, call: CallPage):
        self.call = call
        super().__init__(
            _("Submissions to “%(call)s” are accepted from %(opens)s to %(closes)s. Your draft is kept.")
            % {
                "call": call.title,
                "opens": date_format(call.intake_opens),
                "closes": date_format(call.intake_closes),
            }
        )


@dataclass(frozen=True)
class Status:
    code: InitiativeStatus

    @property
    def label(self) -> str:
        return str(self.code.label)


def missing_fields(submission: Submission) -> list[tuple[str, str]]:
    """(section slug, label) of each required value the submission still lacks."""
    data = submission.data
    # Drafts begun before the 2025 provinces were offered hold only a 2021 province, which names its 2025 one.
    present = {name for name in REQUIRED_FIELDS if data.get(name)} | (
        {"province_2025"} if data.get("province") else set()
    )
    return [
        (SECTION_OF_FIELD[name], str(label)) for name, label in REQUIRED_FIELDS.items() if name not in present
    ]


def provinces_of(data: dict) -> tuple[Province, Province2025, Commune | None]:
    """The 2021 province, the 2025 province and the commune an initiative's form data gives.

    Either province gives the other. Given only its 2025 province, an initiative is put in the 2021
    province that bore that name (`Province2025.namesake_2021`: Hà Nội for Hà Nội, Thừa Thiên Huế for
    Huế), because the search, the halls' filters and the API count initiatives by 2021 province; the
    province's core, rather than a neighbour merged into it, is where an initiative of the merged
    province most likely belongs.
    """
    province = Province.objects.filter(gso_code=data["province"]).first() if data.get("province") else None
    province_2025 = (
        Province2025.objects.filter(code=data["province_2025"]).first() if data.get("province_2025") else None
    )
    province_2025 = province_2025 or province.merged_into
    province = province or province_2025.namesake_2021()
    commune_code = data.get("commune")
    commune = (
        Commune.objects.filter(gso_code=commune_code, province=province_2025).first()
        if commune_code
        else None
    )
    return province, province_2025, commune


class SectionConflict(SubmissionError):
    """Someone else saved other values in the section since this author opened it; nothing was written."""

    def __init__(self, theirs: dict, version: str):
        self.theirs = theirs  # field name -> the value saved meanwhile, for each field that differs
        self.version = version  # of the section as it is now: saving on top of it goes through
        super().__init__(
            _(
                "Someone else saved this section while you were editing it. What you typed is still in "
                "the form, and what they saved is shown under each field that differs. Merge the two, "
                "then save again."
            )
        )


def _comparable(data: dict, field_names: Iterable[str]) -> dict:
    # A field never saved and a field saved empty look the same in the form, so they count as equal.
    return {name: data[name] for name in field_names if data.get(name) not in EMPTY_VALUES}


def section_version(data: dict, field_names: Iterable[str]) -> str:
    """A fingerprint of the values a section holds in `data`: it changes when anyone saves other values."""
    text = json.dumps(_comparable(data, field_names), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic
def save_section(
    submission: Submission, values: dict, *, started_from: str | None, user, language: str
) -> None:
    """Writes one section's values into the draft as it is now, leaving the other sections as they are.

    `started_from` is the section's version when the author opened it (None: not checked); if someone
    has saved other values since, `SectionConflict` is raised instead.
    """
    current = Submission.objects.select_for_update().get(pk=submission.pk)
    field_names = list(values)
    stored, sent = _comparable(current.data, field_names), _comparable(values, field_names)
    version = section_version(current.data, field_names)
    if started_from is not None and started_from != version and stored != sent:
        differing = [name for name in field_names if stored.get(name) != sent.get(name)]
        raise SectionConflict({name: current.data.get(name) for name in differing}, version)
    _store(current, values, into=submission)
    invite_co_authors(current, values.get("co_author_emails", []), user, language)


def _store(current: Submission, values: dict, *, into: Submission) -> None:
    """Merges `values` into the locked row `current` and gives the caller's copy the stored data."""
    current.data = {**current.data, **values}
    current.save(update_fields=["data", "updated_at"])
    into.data = current.data


def invite_co_authors(submission: Submission, emails: list[str], inviter, language: str) -> None:
    """Invites each new address once; the owner and existing co-authors need no invitation."""
    known = {submission.owner.email.lower(), *(u.email.lower() for u in submission.co_authors.all())}
    known |= {email.lower() for email in submission.invitations.values_list("email", flat=True)}
    for email in emails:
        if email.lower() in known:
            continue
        invitation = CoAuthorInvitation.objects.create(submission=submission, email=email, invited_by=inviter)
        transaction.on_commit(lambda pk=invitation.pk: send_co_author_invitation.enqueue(pk, language))


class InvitationError(SubmissionError):
    pass


@transaction.atomic
def accept_invitation(invitation: CoAuthorInvitation, user) -> None:
    if invitation.accepted_at:
        raise InvitationError(_("This invitation has already been accepted."))
    # Only a confirmed address proves the invitation reached this person.
    confirmed = EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    if invitation.email.lower() not in {email.lower() for email in confirmed}:
        raise InvitationError(
            _("This invitation was sent to %(email)s. Log in with that address, confirmed, to accept it.")
            % {"email": invitation.email}
        )
    submission = invitation.submission
    submission.co_authors.add(user)
    sync_co_authors(submission)
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])


@transaction.atomic
def remove_co_author(submission: Submission, user) -> None:
    submission.co_authors.remove(user)
    submission.invitations.filter(email__iexact=user.email).delete()
    sync_co_authors(submission)


def sync_co_authors(submission: Submission, page: InitiativePage | None = None) -> None:
    """Co-authors are private data, written to the page at once rather than through a revision."""
    page = page or submission.page
    if page is None:
        return
    page.co_authors.set(submission.co_authors.all())
    page.co_authors.commit()


def add_files(submission: Submission, role: str, uploads, *, replace: bool = False) -> None:
    if replace:
        for old in submission.files.filter(role=role):
            old.file.delete(save=False)
            old.delete()
    start = submission.files.filter(role=role).count()
    for position, upload in enumerate(uploads, start=start):
        SubmissionFile.objects.create(
            submission=submission,
            role=role,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
            sort_order=position,
        )


def paragraphs(text: str) -> str:
    """Plain text typed in the form, as the rich text the page stores: a paragraph per blank-line block."""
    blocks = [block.strip() for block in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(f"<p>{escape(block).replace(chr(10), '<br>')}</p>" for block in blocks if block)


def intake_page_for(language: str) -> IntakePage:
    pages = IntakePage.objects.all()
    return pages.filter(locale__language_code=language).first() or pages.first()


def _as_document(upload: SubmissionFile, collection_name: str):
    with upload.file.open("rb") as source:
        return store_private_document(
            File(source),
            title=upload.original_name,
            original_name=upload.original_name,
            collection_name=collection_name,
        )


def _as_image(upload: SubmissionFile):
    with upload.file.open("rb") as source:
        return store_private_image(
            File(source),
            title=upload.caption or upload.original_name,
            original_name=upload.original_name,
            collection_name=SUBMISSIONS_COLLECTION_NAME,
        )


def apply_to_page(submission: Submission, page: InitiativePage) -> None:
    """Copies the submission's values and files onto the page (not saved)."""
    data = submission.data
    page.title = data["title"]
    page.draft_title = data["title"]
    page.summary = data.get("summary", "")
    for name in ("problem", "solution", "results", "beneficiaries", "replicability"):
        setattr(page, name, paragraphs(data.get(name, "")))
    page.stage = Stage.objects.get(code=data["stage"])
    page.province, page.province_2025, page.commune = provinces_of(data)
    page.proposer_type = ProposerType.objects.get(code=data["proposer_type"])
    page.level = data["level"]
    page.language = data["language"]
    page.organisation = data.get("organisation", "")
    page.call = CallPage.objects.filter(pk=data.get("call")).first() if data.get("call") else None
    page.goals = list(Goal.objects.filter(code__in=data["goals"]))
    page.innovation_types = list(InnovationType.objects.filter(code__in=data["innovation_types"]))
    page.video_url = data.get("video_url", "")
    for name in ("authority_name", "authority_kind", "authority_level"):
        setattr(page, name, data.get(name, ""))
    for name in ("contact_name", "contact_phone", "contact_email", "contact_address"):
        setattr(page, name, data.get(name, ""))

    files = submission.files_by_role
    scans = files[SubmissionFile.Role.ENDORSEMENT]
    if scans and (
        page.endorsement_document is None or page.endorsement_document.title != scans[-1].original_name
    ):
        scan = scans[-1]
        with scan.file.open("rb") as source:
            page.endorsement_document = store_endorsement_scan(File(source), original_name=scan.original_name)
        page.endorsement_verified = False
    known_images = {item.image.title for item in page.gallery_images.all()}
    page.gallery_images = list(page.gallery_images.all()) + [
        InitiativeGalleryImage(image=_as_image(upload), caption=upload.caption)
        for upload in files[SubmissionFile.Role.IMAGE]
        if (upload.caption or upload.original_name) not in known_images
    ]
    known_documents = {item.document.title for item in page.attachments.all()}
    page.attachments = list(page.attachments.all()) + [
        InitiativeAttachment(document=_as_document(upload, SUBMISSIONS_COLLECTION_NAME))
        for upload in files[SubmissionFile.Role.ATTACHMENT]
        if upload.original_name not in known_documents
    ]


def plain_text(html: str) -> str:
    """The reverse of `paragraphs`: rich text as the plain text the form edits."""
    text = re.sub(r"<br\s*/?>", "\n", html)
    text = re.sub(r"</p>\s*", "\n\n", text)
    return unescape(strip_tags(text)).strip()


@transaction.atomic
def start_update(submission: Submission) -> None:
    """Loads the page's latest version into the form, so that an update starts from what is online."""
    page = submission.page.get_latest_revision_as_object()
    data = {
        "title": page.title,
        "summary": page.summary,
        "language": page.language,
        "call": page.call_id,
        "goals": [goal.code for goal in page.goals.all()],
        "innovation_types": [kind.code for kind in page.innovation_types.all()],
        "stage": page.stage.code,
        "province_2025": page.province_2025.code if page.province_2025_id else None,
        "commune": page.commune.gso_code if page.commune_id else None,
        "province": page.province.gso_code,
        "level": page.level,
        "proposer_type": page.proposer_type.code,
        "organisation": page.organisation,
        "video_url": page.video_url,
        **{
            name: plain_text(getattr(page, name))
            for name in ("problem", "solution", "results", "beneficiaries", "replicability")
        },
        **{name: getattr(page, name) for name in ("authority_name", "authority_kind", "authority_level")},
        **{
            name: getattr(page, name)
            for name in ("contact_name", "contact_phone", "contact_email", "contact_address")
        },
    }
    _store(Submission.objects.select_for_update().get(pk=submission.pk), data, into=submission)


def check_intake_window(submission: Submission, today: date | None = None) -> None:
    call_id = submission.data.get("call")
    call = CallPage.objects.filter(pk=call_id).first() if call_id else None
    if call is not None and not call.is_open(today):
        raise OutsideIntakeWindow(call)


@transaction.atomic
def submit(submission: Submission, user) -> InitiativePage:
    """Creates or updates the draft page under the intake page and sends it to screening."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if missing_fields(submission):
        raise SubmissionError(_("Some required information is missing."))
    if submission.withdrawn_at:
        raise SubmissionError(_("This initiative was withdrawn."))
    check_intake_window(submission)

    page = submission.page
    state = page.current_workflow_state if page else None
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise SubmissionError(_("This initiative is already being screened."))
    if status_of(submission).code == InitiativeStatus.DECLINED:
        raise SubmissionError(_("This initiative was declined; the decision is final."))
    if page is None:
        intake = intake_page_for(submission.data["language"])
        page = InitiativePage(live=False, owner=submission.owner, slug=ascii_slug(submission.data["title"]))
        apply_to_page(submission, page)
        page.slug = unique_slug(intake, page.slug or "sang-kien")
        page.co_authors.set(submission.co_authors.all())
        intake.add_child(instance=page)
        submission.page = page
        submission.save(update_fields=["page", "updated_at"])
    else:
        page = page.specific_deferred.get_latest_revision_as_object()
        apply_to_page(submission, page)
        sync_co_authors(submission, page)
        if not page.live:
            # Nothing public to protect: the row follows the draft, so the screeners' queue filters it.
            page.save(clean=False)
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["submitted_at", "updated_at"])
    # An update to a published Expo Hall initiative may bring a new, unchecked scan: the hall's rule
    # is enforced when the update is published (the reviewer confirms the scan), not on the draft.
    revision = page.save_revision(user=user, log_action=True, clean=not page.live)
    workflow = page.get_workflow()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user=user)
    elif workflow is not None:
        workflow.start(page, user)
    submission_submitted.send(sender=Submission, submission=submission, page=page, user=user)
    return InitiativePage.objects.get(pk=page.pk) if revision else page


@transaction.atomic
def withdraw(submission: Submission, user) -> None:
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    page = submission.page
    state = page.current_workflow_state if page else None
    if state is not None:
        state.cancel(user=user)
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["withdrawn_at", "updated_at"])


class DraftAlreadySent(SubmissionError):
    def __init__(self):
        super().__init__(_("This initiative has been sent to screening: withdraw it instead."))


@transaction.atomic
def delete_draft(submission: Submission) -> None:
    """Deletes a draft never sent to screening, with its files; what was sent is withdrawn, never deleted."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.page_id is not None:
        raise DraftAlreadySent()
    uploads = list(submission.files.all())
    submission.delete()
    # The files go once the rows are gone for good: a rolled-back deletion keeps them.
    transaction.on_commit(lambda: [upload.file.delete(save=False) for upload in uploads])


def actions_for(submission: Submission, status: Status, user) -> set[str]:
    """What the dashboard offers, by status; co-authors edit, only the owner withdraws or deletes.

    A draft never sent is the authors' alone: deleting it is all there is to do, nothing to withdraw.
    """
    actions = set()
    if status.code in {InitiativeStatus.DRAFT, InitiativeStatus.CHANGES_REQUESTED}:
        actions |= {"edit", "submit"}
    if status.code in IN_A_HALL:
        actions |= {"view", "update"}
    if submission.owner_id == user.pk:
        if submission.page_id is None and status.code == InitiativeStatus.DRAFT:
            actions.add("delete")
        elif status.code in WITHDRAWABLE:
            actions.add("withdraw")
    return actions


def status_of(submission: Submission) -> Status:
    return statuses_of([submission])[submission.pk]


def statuses_of(submissions) -> dict[int, Status]:
    """The status of each submission, in a fixed number of queries however many there are."""
    pages = {s.page_id: s.page for s in submissions if s.page_id}
    latest_states: dict[str, WorkflowState] = {}
    states = WorkflowState.objects.filter(
        base_content_type_id=_page_content_type_id(),
        object_id__in=[str(pk) for pk in pages],
    ).order_by("created_at")
    for state in states:
        latest_states[state.object_id] = state
    declined = set(
        ReviewTaskState.objects.filter(
            workflow_state__in=[state.pk for state in latest_states.values()],
            outcome=ReviewTaskState.Outcome.DECLINED,
        ).values_list("workflow_state_id", flat=True)
    )
    hall_paths = {page.path[: -page.steplen] for page in pages.values() if page.live}
    hall_kinds = dict(HallPage.objects.filter(path__in=hall_paths).values_list("path", "kind"))
    result = {}
    for submission in submissions:
        page = pages.get(submission.page_id)
        state = latest_states.get(str(submission.page_id))
        code = _status_code(submission, page, state, hall_kinds, declined)
        result[submission.pk] = Status(code)
    return result


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def _status_code(submission, page, state, hall_kinds, declined) -> InitiativeStatus:
    if submission.withdrawn_at:
        return InitiativeStatus.WITHDRAWN
    if page is None:
        return InitiativeStatus.DRAFT
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return InitiativeStatus.CHANGES_REQUESTED
    if state is not None and state.status == WorkflowState.STATUS_IN_PROGRESS:
        return InitiativeStatus.UPDATE_IN_REVIEW if page.live else InitiativeStatus.SCREENING
    if page.live:
        # A hall's kind names the status of the initiatives published in it.
        return InitiativeStatus(hall_kinds.get(page.path[: -page.steplen], InitiativeStatus.COMMUNITY))
    if state is not None and state.status == WorkflowState.STATUS_CANCELLED:
        # A workflow cancelled without a decision (by an administrator) leaves the draft to resubmit.
        return InitiativeStatus.DECLINED if state.pk in declined else InitiativeStatus.DRAFT
    return InitiativeStatus.SCREENING


@dataclass(frozen=True)
class Decision:
    when: object
    outcome: str
    comment: str


def decisions_of(submissions) -> dict[int, list[Decision]]:
    """The screeners' decisions on each submission, oldest first, in one query."""
    by_page = {str(s.page_id): s.pk for s in submissions if s.page_id}
    result: dict[int, list[Decision]] = {s.pk: [] for s in submissions}
    finished = (
        ReviewTaskState.objects.filter(
            workflow_state__base_content_type_id=_page_content_type_id(),
            workflow_state__object_id__in=list(by_page),
        )
        .exclude(outcome="")
        .select_related("workflow_state")
        .order_by("finished_at")
    )
    for task_state in finished:
        result[by_page[task_state.workflow_state.object_id]].append(
            Decision(task_state.finished_at, task_state.get_outcome_display(), task_state.comment)
        )
    return result


@dataclass(frozen=True)
class TimelineEvent:
    when: object
    kind: str
    label: str
    comment: str = ""


SENT_LABELS = {
    "submitted": _("Submitted for screening"),
    "resubmitted": _("Resubmitted after changes"),
    "update_proposed": _("Update proposed"),
}


def timeline_of(submission: Submission) -> list[TimelineEvent]:
    """What happened to the initiative, oldest first, read from what was recorded: the draft's dates,
    each review task the authors started (sending, resending, proposing an update) and each decision
    with the screener's comment. A task cancelled by withdrawing carries no decision."""
    started = TimelineEvent(submission.created_at, "started", str(_("Draft started")))
    events = []
    if submission.page_id:
        task_states = (
            ReviewTaskState.objects.filter(
                workflow_state__base_content_type_id=_page_content_type_id(),
                workflow_state__object_id=str(submission.page_id),
            )
            .select_related("task")
            .order_by("started_at", "pk")
        )
        workflows_seen = set()
        for task_state in task_states:
            if not workflows_seen:
                kind = "submitted"
            elif task_state.workflow_state_id in workflows_seen:
                kind = "resubmitted"
            elif issubclass(task_state.task.specific_class, UpdateReviewTask):
                kind = "update_proposed"
            else:
                kind = "resubmitted"
            workflows_seen.add(task_state.workflow_state_id)
            events.append(TimelineEvent(task_state.started_at, kind, str(SENT_LABELS[kind])))
            if task_state.outcome:
                events.append(
                    TimelineEvent(
                        task_state.finished_at,
                        task_state.outcome,
                        task_state.get_outcome_display(),
                        task_state.comment or "",
                    )
                )
    if submission.withdrawn_at:
        events.append(
            TimelineEvent(submission.withdrawn_at, "withdrawn", str(InitiativeStatus.WITHDRAWN.label))
        )
    return [started, *sorted(events, key=lambda event: event.when)]
