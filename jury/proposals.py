"""The authors' side of the selection, under "My initiatives": the full proposal of a shortlisted
initiative, section by section with drafts, and the progress reports of a grant.

Only authors (owner and co-authors) of an initiative on a published shortlist reach its proposal;
everyone else signed in gets the same 404 as for an address that does not exist. Files are private:
they leave only through the permission-checked views here.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_safe
from wagtail.log_actions import log

from files.responses import private_file_response
from submissions.uploads import uploaded_files, use_size_limited_uploads

from .access import is_author, may_read_private_files
from .models import MAX_GRANT_MONTHS, Evaluation, FullProposal, Grant, ProgressReport, ShortlistEntry
from .proposal_forms import (
    SECTIONS,
    SECTIONS_BY_SLUG,
    SIGNED_PDF,
    ProgressReportForm,
    SubmitProposalForm,
    WorkPlanForm,
    amount_error,
)

# One signed PDF per request: the request's limit is well above the file's, so that a file too large is
# refused with the file's own limit, which is what the author can act on.
MAX_REQUEST_SIZE = 2 * SIGNED_PDF.max_size
MAX_EXTRA_ROWS = 10


# Who reaches what -------------------------------------------------------------------------------------


def published_entry(initiative_id: int) -> ShortlistEntry | None:
    """The initiative's place on the latest published shortlist, or None."""
    return (
        ShortlistEntry.objects.filter(initiative_id=initiative_id, shortlist__published_at__isnull=False)
        .select_related("shortlist__evaluation__call", "initiative")
        .order_by("-shortlist__published_at")
        .first()
    )


def proposal_for(user, initiative_id: int) -> FullProposal:
    """The full proposal of a shortlisted initiative the user is an author of (made on first visit); 404
    for anyone else, so that nobody learns which initiatives have one."""
    entry = published_entry(initiative_id)
    if entry is None or not is_author(user, entry.initiative):
        raise Http404
    proposal, _created = FullProposal.objects.select_related("evaluation__call", "initiative").get_or_create(
        evaluation=entry.shortlist.evaluation, initiative=entry.initiative
    )
    return proposal


# The rules of a full proposal -----------------------------------------------------------------------------


def deadline_passed(evaluation: Evaluation, today=None) -> bool:
    """Proposals are taken until the end of the deadline's day, in the site's time zone."""
    deadline = evaluation.proposal_deadline
    return deadline is not None and (today or timezone.localdate()) > deadline


def deadline_message(evaluation: Evaluation) -> str:
    return _("Full proposals were due by %(date)s. Yours can no longer be changed or submitted.") % {
        "date": date_format(evaluation.proposal_deadline)
    }


def proposal_problems(proposal: FullProposal) -> list[tuple[str, str]]:
    """(section slug, what to complete) for each thing the proposal lacks or gets wrong before submitting."""
    data, call = proposal.data, proposal.evaluation.call
    problems = []
    amount, duration = data.get("amount_requested"), data.get("duration_months")
    if not isinstance(amount, int):
        problems.append(("budget", _("Amount requested")))
    elif error := amount_error(amount, call):
        problems.append(("budget", error))
    if not isinstance(duration, int) or not 1 <= duration <= MAX_GRANT_MONTHS:
        problems.append(("budget", _("Duration in months")))
    milestones = data.get("milestones") or []
    if not milestones:
        problems.append(("work-plan", _("Work plan: at least one milestone")))
    elif isinstance(duration, int) and (
        late := [row["month"] for row in milestones if row["month"] > duration]
    ):
        problems.append(
            (
                "work-plan",
                _("Month %(month)s is after the end of the grant (%(duration)s months).")
                % {"month": late[0], "duration": duration},
            )
        )
    for name, section, label in (
        ("team", "team", gettext_lazy("Team")),
        ("local_contribution", "team", gettext_lazy("The locality's own contribution")),
        ("risks", "risks", gettext_lazy("Risks and how you will handle them")),
    ):
        if not data.get(name):
            problems.append((section, str(label)))
    if not proposal.commitment_letter:
        problems.append(("letter", _("Signed letter of commitment")))
    return problems


class ProposalError(Exception):
    """A proposal that cannot be saved or submitted; the message says why, in the user's language."""


def _locked_if_open(proposal: FullProposal) -> FullProposal:
    """The proposal's row, locked, if it may still be changed; otherwise `ProposalError` says why."""
    current = FullProposal.objects.select_for_update().select_related("evaluation__call").get(pk=proposal.pk)
    if current.is_submitted:
        raise ProposalError(_("This full proposal has been submitted and can no longer be changed."))
    if deadline_passed(current.evaluation):
        raise ProposalError(deadline_message(current.evaluation))
    return current


@transaction.atomic
def save_section(proposal: FullProposal, values: dict) -> None:
    """Merges one section's values into the draft as it is now, leaving the other sections as they are."""
    current = _locked_if_open(proposal)
    current.data = {**current.data, **values}
    current.save(update_fields=["data", "updated_at"])
    proposal.data = current.data


@transaction.atomic
def store_letter(proposal: FullProposal, upload) -> None:
    current = _locked_if_open(proposal)
    old = current.commitment_letter.name
    current.commitment_letter.save(upload.name, upload, save=False)
    current.commitment_letter_name = upload.name[:255]
    current.save(update_fields=["commitment_letter", "commitment_letter_name", "updated_at"])
    if old:
        # Only once the new letter is recorded: a failure above leaves the old one in place.
        transaction.on_commit(lambda: current.commitment_letter.storage.delete(old))
    proposal.commitment_letter, proposal.commitment_letter_name = (
        current.commitment_letter,
        current.commitment_letter_name,
    )


@transaction.atomic
def submit_proposal(proposal: FullProposal, user) -> None:
    """Checks everything again, copies the draft to the fields and locks the proposal."""
    current = _locked_if_open(proposal)
    if proposal_problems(current):
        raise ProposalError(_("Some required information is missing."))
    data = current.data
    current.amount_requested = data["amount_requested"]
    current.duration_months = data["duration_months"]
    current.milestones = data["milestones"]
    current.team = data["team"]
    current.local_contribution = data["local_contribution"]
    current.risks = data["risks"]
    current.submitted_at = timezone.now()
    current.submitted_by = user
    current.save()
    log(
        current,
        "jury.proposal",
        user=user,
        data={"initiative": current.initiative_id, "amount": current.amount_requested},
    )


# Full proposal views ----------------------------------------------------------------------------------


def steps(proposal: FullProposal, current: str) -> list[dict]:
    return [
        {
            "heading": section.heading,
            "url": reverse("jury:proposal_section", args=[proposal.initiative_id, section.slug]),
            "current": section.slug == current,
        }
        for section in SECTIONS
    ]


def next_step_url(proposal: FullProposal, slug: str) -> str:
    slugs = [section.slug for section in SECTIONS]
    position = slugs.index(slug)
    if position + 1 < len(slugs):
        return reverse("jury:proposal_section", args=[proposal.initiative_id, slugs[position + 1]])
    return reverse("jury:proposal_review", args=[proposal.initiative_id])


@login_required
def proposal(request, initiative_id: int):
    found = proposal_for(request.user, initiative_id)
    if found.is_submitted or deadline_passed(found.evaluation):
        return redirect("jury:proposal_review", initiative_id)
    return redirect("jury:proposal_section", initiative_id, SECTIONS[0].slug)


@csrf_exempt
@login_required
def section(request, initiative_id: int, slug: str):
    use_size_limited_uploads(request, max_file_size=SIGNED_PDF.max_size, max_request_size=MAX_REQUEST_SIZE)
    return csrf_protect(_edit_section)(request, initiative_id, slug)


def _extra_rows(request) -> int:
    try:
        return min(max(int(request.GET.get("rows", 1)), 1), MAX_EXTRA_ROWS)
    except ValueError:
        return 1


def _edit_section(request, initiative_id: int, slug: str):
    section_form = SECTIONS_BY_SLUG.get(slug)
    if section_form is None:
        raise Http404
    proposal = proposal_for(request.user, initiative_id)
    if proposal.is_submitted or deadline_passed(proposal.evaluation):
        if request.method == "POST":
            messages.error(
                request,
                _("This full proposal has been submitted and can no longer be changed.")
                if proposal.is_submitted
                else deadline_message(proposal.evaluation),
            )
        return redirect("jury:proposal_review", initiative_id)

    kwargs = {"extra_rows": _extra_rows(request)} if section_form is WorkPlanForm else {}
    if request.method == "POST":
        form = section_form(request.POST, uploaded_files(request), proposal=proposal, **kwargs)
        if form.is_valid():
            try:
                if letter_upload := form.cleaned_data.get("commitment_letter"):
                    store_letter(proposal, letter_upload)
                save_section(proposal, form.data_to_store())
            except ProposalError as error:
                messages.error(request, str(error))
                return redirect("jury:proposal_review", initiative_id)
            here = reverse("jury:proposal_section", args=[initiative_id, slug])
            if "add_row" in request.POST:
                # The saved rows come back filled, followed by one more empty row than were left empty.
                empty = len(form.formset.forms) - len(proposal.data["milestones"])
                extra = min(max(empty, 0) + 1, MAX_EXTRA_ROWS)
                return HttpResponseRedirect(f"{here}?rows={extra}#milestones")
            if "save_draft" in request.POST:
                messages.success(request, _("Your draft is saved."))
                return HttpResponseRedirect(here)
            return HttpResponseRedirect(next_step_url(proposal, slug))
    else:
        form = section_form(proposal=proposal, **kwargs)
    return render(
        request,
        "jury/proposals/section.html",
        {
            "form": form,
            "proposal": proposal,
            "call": proposal.evaluation.call,
            "section": section_form,
            "steps": steps(proposal, slug),
            "deadline": proposal.evaluation.proposal_deadline,
        },
    )


@login_required
def review(request, initiative_id: int):
    proposal = proposal_for(request.user, initiative_id)
    late = not proposal.is_submitted and deadline_passed(proposal.evaluation)
    problems = [] if proposal.is_submitted else proposal_problems(proposal)
    form = SubmitProposalForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if late:
            messages.error(request, deadline_message(proposal.evaluation))
        elif form.is_valid():
            try:
                submit_proposal(proposal, request.user)
            except ProposalError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Thank you: your full proposal has been submitted to the jury."))
                return redirect("jury:proposal_review", initiative_id)
    return render(
        request,
        "jury/proposals/review.html",
        {
            "proposal": proposal,
            "call": proposal.evaluation.call,
            "data": proposal.data,
            "problems": problems,
            "form": form,
            "late": late,
            "deadline_message": deadline_message(proposal.evaluation) if late else "",
            "steps": steps(proposal, "review"),
            "deadline": proposal.evaluation.proposal_deadline,
        },
    )


@require_safe
@login_required
def letter(request, initiative_id: int):
    proposals = (
        FullProposal.objects.filter(initiative_id=initiative_id)
        .exclude(commitment_letter="")
        .select_related("evaluation__call", "initiative")
    )
    for proposal in proposals:
        if may_read_private_files(request.user, proposal.initiative, proposal.evaluation.call):
            name = proposal.commitment_letter_name or "commitment-letter.pdf"
            return private_file_response(proposal.commitment_letter.open("rb"), name)
    raise Http404


# Progress reports -------------------------------------------------------------------------------------


@csrf_exempt
@login_required
def reports(request, grant_id: int):
    use_size_limited_uploads(request, max_file_size=SIGNED_PDF.max_size, max_request_size=MAX_REQUEST_SIZE)
    return csrf_protect(_reports)(request, grant_id)


def _reports(request, grant_id: int):
    grant = get_object_or_404(Grant.objects.select_related("call", "initiative"), pk=grant_id)
    if not is_author(request.user, grant.initiative):
        raise Http404
    if request.method == "POST" and grant.closed_on is not None:
        messages.error(request, _("This grant is closed; no more reports can be uploaded."))
        return redirect("jury:reports", grant_id)
    if request.method == "POST":
        form = ProgressReportForm(request.POST, uploaded_files(request))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            with transaction.atomic():
                report = ProgressReport(
                    grant=grant,
                    title=form.cleaned_data["title"],
                    original_name=upload.name[:255],
                    uploaded_by=request.user,
                )
                report.file.save(upload.name, upload, save=False)
                report.save()
                log(report, "jury.report", user=request.user, data={"grant": grant.pk, "title": report.title})
            messages.success(request, _("“%(title)s” has been uploaded.") % {"title": report.title})
            return redirect("jury:reports", grant_id)
    else:
        form = ProgressReportForm()
    return render(
        request,
        "jury/proposals/reports.html",
        {"grant": grant, "form": form, "reports": grant.reports.select_related("uploaded_by")},
    )


@require_safe
@login_required
def report_file(request, grant_id: int, report_id: int):
    report = get_object_or_404(
        ProgressReport.objects.select_related("grant__call", "grant__initiative"),
        pk=report_id,
        grant_id=grant_id,
    )
    if not may_read_private_files(request.user, report.grant.initiative, report.grant.call):
        raise Http404
    return private_file_response(report.file.open("rb"), report.original_name)
