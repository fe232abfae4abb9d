"""What happens to a problem on its authors' side: who may post, saving sections, sending it to screening,
updating a published problem, changing its status and closing it, and where each problem stands."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, WorkflowState

from core.text import ascii_slug
from initiatives.models import Commune, Goal, Province2025
from initiatives.placement import unique_slug
from screening.permissions import is_screener

from .forms import SECTION_OF_FIELD, SECTIONS, SECTIONS_BY_SLUG
from .models import ProblemDraft, ProblemIndexPage, ProblemPage, ProblemReviewState
from .signals import problem_status_changed
from .taxonomy import CLOSED, STILL_OPEN, BudgetRange, ProblemStatus, Sector

AGENCY = "agency"

# What a problem needs before it can be sent to screening.
REQUIRED_FIELDS = (
    "title",
    "statement",
    "goals",
    "sector",
    "province",
    "owner_body",
    "language",
    "contact_name",
    "contact_email",
)
TEXT_FIELDS = ProblemPage.TEXT_FIELDS
PLAIN_FIELDS = ("owner_body", "language", "contact_name", "contact_phone", "contact_email")


class DraftError(Exception):
    """A step the authors cannot take now; the message says why, in their language."""


def is_agency(user) -> bool:
    if not user.is_authenticated or user.proposer_type_id is None:
        return False
    return user.proposer_type.code == AGENCY


def may_post(user) -> bool:
    """A government agency's account, or a screener posting for a locality that is not on the platform."""
    return is_agency(user) or is_screener(user)


def posts_on_behalf(user) -> bool:
    return not is_agency(user) and is_screener(user)


def missing_fields(draft: ProblemDraft) -> list[tuple[str, str]]:
    """(section slug, label) of each required value the draft still lacks."""
    required = list(REQUIRED_FIELDS)
    if posts_on_behalf(draft.owner):
        required.append("on_behalf_of")
    return [
        (SECTION_OF_FIELD[name], str(SECTIONS_BY_SLUG[SECTION_OF_FIELD[name]].base_fields[name].label))
        for name in required
        if not draft.data.get(name)
    ]


def step_states(draft: ProblemDraft | None) -> dict[str, bool]:
    """Whether each section is done: something saved in it, and nothing it requires missing."""
    if draft is None:
        return {section.slug: False for section in SECTIONS}
    missing = {slug for slug, _label in missing_fields(draft)}
    return {
        section.slug: section.slug not in missing
        and any(draft.data.get(name) not in (None, "", []) for name in section.base_fields)
        for section in SECTIONS
    }


@transaction.atomic
def create_draft(owner, values: dict) -> ProblemDraft:
    draft = ProblemDraft.objects.create(owner=owner, data={})
    save_section(draft, values)
    return draft


@transaction.atomic
def save_section(draft: ProblemDraft, values: dict) -> None:
    """Writes one section's values into the draft as it is now, leaving the other sections as they are."""
    current = ProblemDraft.objects.select_for_update().get(pk=draft.pk)
    current.data = {**current.data, **values}
    fields = ["data", "updated_at"]
    if "on_behalf_of" in values:
        current.on_behalf_of = values["on_behalf_of"]
        fields.append("on_behalf_of")
    current.save(update_fields=fields)
    draft.data, draft.on_behalf_of = current.data, current.on_behalf_of


class State:
    """Where a problem stands for its authors."""

    DRAFT = "draft"
    SCREENING = "screening"
    UPDATE_IN_SCREENING = "update_in_screening"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    DECLINED = "declined"

    LABELS = {
        DRAFT: _("Draft"),
        SCREENING: _("In screening"),
        UPDATE_IN_SCREENING: _("Update in screening"),
        CHANGES_REQUESTED: _("Changes requested"),
        PUBLISHED: _("Published"),
        DECLINED: _("Declined"),
    }


EDITABLE = {State.DRAFT, State.CHANGES_REQUESTED, State.PUBLISHED}


@dataclass(frozen=True)
class Status:
    code: str

    @property
    def label(self) -> str:
        return str(State.LABELS[self.code])


@dataclass(frozen=True)
class Decision:
    when: datetime.datetime
    outcome: str
    comment: str


def _page_content_type_id() -> int:
    return ContentType.objects.get_for_model(Page).pk


def statuses_of(drafts) -> dict[int, Status]:
    """The status of each draft, in a fixed number of queries however many there are."""
    pages = {draft.page_id: draft.page for draft in drafts if draft.page_id}
    latest: dict[str, WorkflowState] = {}
    for state in WorkflowState.objects.filter(
        base_content_type_id=_page_content_type_id(), object_id__in=[str(pk) for pk in pages]
    ).order_by("created_at"):
        latest[state.object_id] = state
    declined = set(
        ProblemReviewState.objects.filter(
            workflow_state__in=[state.pk for state in latest.values()],
            outcome=ProblemReviewState.Outcome.DECLINED,
        ).values_list("workflow_state_id", flat=True)
    )
    return {
        draft.pk: Status(_state(pages.get(draft.page_id), latest.get(str(draft.page_id)), declined))
        for draft in drafts
    }


def status_of(draft: ProblemDraft) -> Status:
    return statuses_of([draft])[draft.pk]


def _state(page, workflow_state, declined) -> str:
    if page is None:
        return State.DRAFT
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return State.CHANGES_REQUESTED
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
            return State.UPDATE_IN_SCREENING if page.live else State.SCREENING
        if workflow_state.status == WorkflowState.STATUS_CANCELLED and workflow_state.pk in declined:
            return State.PUBLISHED if page.live else State.DECLINED
    if page.live:
        return State.PUBLISHED
    # Never sent, or its screening cancelled by an administrator without a decision: it may be sent again.
    return State.DRAFT


def decisions_of(drafts) -> dict[int, list[Decision]]:
    """The screeners' decisions on each draft's problem, oldest first, in one query."""
    by_page = {str(draft.page_id): draft.pk for draft in drafts if draft.page_id}
    result: dict[int, list[Decision]] = {draft.pk: [] for draft in drafts}
    finished = (
        ProblemReviewState.objects.filter(
            workflow_state__base_content_type_id=_page_content_type_id(),
            workflow_state__object_id__in=list(by_page),
        )
        .exclude(outcome="")
        .select_related("workflow_state")
        .order_by("finished_at")
    )
    for state in finished:
        result[by_page[state.workflow_state.object_id]].append(
            Decision(state.finished_at, state.get_outcome_display(), state.comment)
        )
    return result


def actions_for(draft: ProblemDraft, status: Status) -> set[str]:
    """What "My problems" offers for the draft, by its status."""
    if status.code in {State.DRAFT, State.CHANGES_REQUESTED}:
        return {"edit", "submit"}
    if status.code == State.PUBLISHED:
        return page_actions(draft.page) | {"update"}
    if status.code == State.UPDATE_IN_SCREENING:
        return {"view"}
    return set()


def page_actions(page: ProblemPage) -> set[str]:
    """What the owner of a published problem may do to it at once."""
    actions = {"view", "status"}
    if page.status in STILL_OPEN:
        actions.add("close")
    return actions


def owned_problems(user):
    """Problems the user owns, in the tree they were written in."""
    return ProblemPage.objects.filter(owner=user, alias_of__isnull=True)


def pages_without_draft(user):
    """Published problems the user owns that came without the form (loaded or made in the admin)."""
    return owned_problems(user).live().filter(draft__isnull=True).order_by("title")


def bank_for(language: str) -> ProblemIndexPage | None:
    banks = ProblemIndexPage.objects.order_by("path")
    return banks.filter(locale__language_code=language).first() or banks.first()


def apply_to_page(draft: ProblemDraft, page: ProblemPage) -> None:
    """Copies the draft's values onto the page (not saved). The status is the authors' to change apart."""
    data = draft.data
    page.title = page.draft_title = data["title"]
    for name in TEXT_FIELDS:
        setattr(page, name, data.get(name) or "")
    for name in PLAIN_FIELDS:
        setattr(page, name, data.get(name) or "")
    page.affected_count = data.get("affected_count")
    page.time_limit_months = data.get("time_limit_months")
    page.budget_range = data.get("budget_range") or BudgetRange.UNKNOWN
    page.expertise.set(data.get("expertise") or [])
    page.goals = list(Goal.objects.filter(code__in=data["goals"]))
    page.sector = Sector.objects.get(code=data["sector"])
    page.province = Province2025.objects.get(code=data["province"])
    commune = data.get("commune")
    page.commune = (
        Commune.objects.filter(gso_code=commune, province=page.province).first() if commune else None
    )
    open_until = data.get("open_until")
    page.open_until = datetime.date.fromisoformat(open_until) if open_until else None


def data_from_page(page: ProblemPage) -> dict:
    """The form data of a problem's latest version: an update starts from what is online."""
    return {
        "title": page.title,
        **{name: getattr(page, name) for name in (*TEXT_FIELDS, *PLAIN_FIELDS)},
        "affected_count": page.affected_count,
        "time_limit_months": page.time_limit_months,
        "budget_range": page.budget_range,
        "expertise": [tag.name for tag in page.expertise.all()],
        "goals": [goal.code for goal in page.goals.all()],
        "sector": page.sector.code,
        "province": page.province.code,
        "commune": page.commune.gso_code if page.commune_id else None,
        "open_until": page.open_until.isoformat() if page.open_until else None,
    }


@transaction.atomic
def start_update(page: ProblemPage, user) -> ProblemDraft:
    """Loads the problem's latest version into its draft (made if the problem came without one)."""
    draft, _created = ProblemDraft.objects.select_for_update().get_or_create(
        page=page, defaults={"owner": user}
    )
    latest = page.get_latest_revision_as_object()
    draft.data = {**draft.data, **data_from_page(latest)}
    draft.save(update_fields=["data", "updated_at"])
    return draft


@transaction.atomic
def submit(draft: ProblemDraft, user) -> ProblemPage:
    """Writes the draft into a revision of its problem (made under the bank the first time) and sends it
    to screening, or back to it after a request for changes."""
    draft = ProblemDraft.objects.select_for_update().select_related("owner").get(pk=draft.pk)
    if missing_fields(draft):
        raise DraftError(_("Some required information is missing."))
    status = status_of(draft)
    if status.code in {State.SCREENING, State.UPDATE_IN_SCREENING}:
        raise DraftError(_("This problem is already being screened."))
    if status.code == State.DECLINED:
        raise DraftError(_("This problem was declined; the decision is final."))

    page = draft.page
    workflow_state = page.current_workflow_state if page else None
    if page is None:
        bank = bank_for(draft.data["language"])
        if bank is None:
            raise DraftError(_("The problem bank is not open yet. Your draft is kept."))
        page = ProblemPage(live=False, owner=draft.owner)
        apply_to_page(draft, page)
        page.slug = unique_slug(bank, ascii_slug(draft.data["title"]) or "bai-toan")
        bank.add_child(instance=page)
        draft.page = page
    else:
        page = page.specific_deferred.get_latest_revision_as_object()
        apply_to_page(draft, page)
        if not page.live:
            # Nothing public to protect: the row follows the draft, so the screeners' queue shows it.
            page.save(clean=False)
    draft.submitted_at = timezone.now()
    draft.save(update_fields=["page", "submitted_at", "updated_at"])
    page.save_revision(user=user, log_action=True, clean=not page.live)
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        workflow_state.resume(user=user)
    else:
        workflow = page.get_workflow()
        if workflow is None:
            raise DraftError(_("The problem bank is not open yet. Your draft is kept."))
        workflow.start(page, user)
    return ProblemPage.objects.get(pk=page.pk)


@transaction.atomic
def change_status(page: ProblemPage, user, new_status: str) -> ProblemPage:
    """Publishes at once a revision of the live problem with the new status; the authors need no screening
    to say where their problem stands. An update waiting for screening must be decided first: publishing
    would cancel its screening."""
    page = ProblemPage.objects.select_for_update().get(pk=page.pk)
    if new_status not in ProblemStatus.values:
        raise DraftError(_("Choose one of the statuses offered."))
    if not page.live:
        raise DraftError(_("Only a published problem has a public status."))
    workflow_state = page.current_workflow_state
    if workflow_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        raise DraftError(
            _("Your update of this problem is being screened: change its status once the screeners decide.")
        )
    old_status = page.status
    if old_status == new_status:
        return page
    # The page's row holds the live version: the new revision changes its status and nothing else.
    page.status = new_status
    # The view lets only the owner in; authors hold no page rights in the admin. Aliases follow the
    # publication; translators' copies are published with the same status, as a synchronised field.
    copies = ProblemPage.objects.filter(translation_key=page.translation_key, alias_of__isnull=True)
    for copy in copies.exclude(pk=page.pk).select_for_update().order_by("pk"):
        copy.status = new_status
        copy.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    page.save_revision(user=user, log_action=True).publish(user=user, skip_permission_checks=True)
    page = ProblemPage.objects.get(pk=page.pk)
    problem_status_changed.send(
        sender=ProblemPage, page=page, old_status=old_status, new_status=new_status, user=user
    )
    return page


def close(page: ProblemPage, user, final_status: str) -> ProblemPage:
    if final_status not in CLOSED:
        raise DraftError(_("Choose how the problem ends."))
    return change_status(page, user, final_status)


def drafts_of(user):
    return ProblemDraft.objects.filter(owner=user).select_related("page", "owner__proposer_type")
