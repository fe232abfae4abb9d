"""“My initiatives”: the submitter's dashboard, the submission form section by section, private files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.decorators import has_verified_email, verified_email_required
from files.responses import private_file_response
from initiatives.lifecycle import EDITABLE, InitiativeStatus
from initiatives.models import InitiativePage
from screening.permissions import is_screener

from . import services
from .forms import SECTIONS, SECTIONS_BY_SLUG, ReviewForm, filled_sections, sections_as_read
from .models import CoAuthorInvitation, Submission, SubmissionFile
from .uploads import uploaded_files, use_size_limited_uploads


def authored_submissions(user):
    return Submission.objects.filter(Q(owner=user) | Q(co_authors=user)).distinct()


def authored_pages_without_submission(user):
    """Live initiatives the user authors that came to the site without the form (imported ones), in
    the tree they were written in: their authors still find them here, with what later stages offer."""
    return (
        InitiativePage.objects.live()
        .filter(Q(owner=user) | Q(co_authors=user), submission__isnull=True, alias_of__isnull=True)
        .distinct()
        .order_by("title")
    )


def get_authored(request, pk: int) -> Submission:
    return get_object_or_404(authored_submissions(request.user), pk=pk)


def continue_url(submission: Submission) -> str:
    """Where the authors pick a draft up: its first section lacking a required value, else the review."""
    missing = services.missing_fields(submission)
    if missing:
        return reverse("submissions:section", args=[submission.pk, missing[0][0]])
    return reverse("submissions:review", args=[submission.pk])


def title_url(submission: Submission, status: services.Status) -> str:
    if status.code == InitiativeStatus.DRAFT and submission.page_id is None:
        return continue_url(submission)
    return reverse("submissions:detail", args=[submission.pk])


@login_required
def dashboard(request):
    submissions = list(authored_submissions(request.user).select_related("page", "owner"))
    statuses = services.statuses_of(submissions)
    decisions = services.decisions_of(submissions)
    rows = [
        (
            submission,
            statuses[submission.pk],
            decisions[submission.pk],
            services.actions_for(submission, statuses[submission.pk], request.user),
            title_url(submission, statuses[submission.pk]),
            continue_url(submission),
        )
        for submission in submissions
    ]
    return render(
        request,
        "submissions/dashboard.html",
        {
            "rows": rows,
            "published_pages": list(authored_pages_without_submission(request.user)),
            "email_verified": has_verified_email(request.user),
            "InitiativeStatus": InitiativeStatus,
        },
    )


def section_navigation(submission: Submission | None, current: str) -> list[dict]:
    filled = filled_sections(submission)
    return [
        {
            "slug": section.slug,
            "heading": section.heading,
            "url": reverse("submissions:section", args=[submission.pk, section.slug]) if submission else "",
            "current": section.slug == current,
            "done": section.slug in filled,
        }
        for section in SECTIONS
    ]


def next_step_url(submission: Submission, slug: str) -> str:
    slugs = [section.slug for section in SECTIONS]
    position = slugs.index(slug)
    if position + 1 < len(slugs):
        return reverse("submissions:section", args=[submission.pk, slugs[position + 1]])
    return reverse("submissions:review", args=[submission.pk])


@csrf_exempt
@verified_email_required
def new(request):
    use_size_limited_uploads(request)
    return csrf_protect(_edit_section)(request, None, SECTIONS[0].slug)


@csrf_exempt
@verified_email_required
def section(request, pk: int, slug: str):
    use_size_limited_uploads(request)
    return csrf_protect(_edit_section)(request, pk, slug)


def _edit_section(request, pk: int | None, slug: str):
    section_form = SECTIONS_BY_SLUG.get(slug)
    if section_form is None:
        raise Http404
    submission = get_authored(request, pk) if pk is not None else None
    if submission is not None and services.status_of(submission).code not in EDITABLE:
        messages.warning(request, _("This initiative cannot be edited while it is being screened."))
        return redirect("submissions:dashboard")

    if request.method == "POST":
        form = section_form(request.POST, uploaded_files(request), submission=submission)
        if submission is None and form.has_error("title", "required"):
            # Nothing is created without a title: the form comes back with what was typed.
            return render_section(request, form, None, section_form)
        if submission is None:
            submission = Submission.objects.create(
                owner=request.user, data={"language": request.LANGUAGE_CODE}
            )
        # Files that passed their checks are kept even when another field of the section has an error.
        form.store_valid_files(submission)
        if form.is_valid():
            try:
                services.save_section(
                    submission,
                    form.data_to_store(),
                    started_from=form.started_from,
                    user=request.user,
                    language=request.LANGUAGE_CODE,
                )
            except services.SectionConflict as conflict:
                form.show_conflict(conflict)
            else:
                if "save_draft" in request.POST:
                    messages.success(request, _("Your draft is saved."))
                    return redirect("submissions:section", submission.pk, slug)
                return HttpResponseRedirect(next_step_url(submission, slug))
        elif pk is None:
            # The draft exists from now on: keep the form on its own address so a reload loses nothing.
            form.continue_on(submission)
    elif submission is None:
        # A new initiative is written, by default, in the language the submitter is using the site in.
        form = section_form(initial={"language": request.LANGUAGE_CODE})
    else:
        form = section_form(submission=submission)
    return render_section(request, form, submission, section_form)


def render_section(request, form, submission: Submission | None, section_form):
    return render(
        request,
        "submissions/section.html",
        {
            "form": form,
            "submission": submission,
            "section": section_form,
            "steps": section_navigation(submission, section_form.slug),
        },
    )


@verified_email_required
def review(request, pk: int):
    submission = get_authored(request, pk)
    status = services.status_of(submission)
    missing = services.missing_fields(submission)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit(submission, request.user)
        except services.SubmissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your initiative has been submitted for screening."))
            return redirect("submissions:dashboard")
    return render(
        request,
        "submissions/review.html",
        {
            "submission": submission,
            "status": status,
            "missing": missing,
            "form": form,
            "steps": section_navigation(submission, "review"),
            "files": submission.files_by_role,
        },
    )


@require_POST
@login_required
def propose_update(request, pk: int):
    submission = get_authored(request, pk)
    if "update" not in services.actions_for(submission, services.status_of(submission), request.user):
        raise PermissionDenied
    services.start_update(submission)
    messages.info(request, _("Edit the sections you want to change, then submit the update for review."))
    return redirect("submissions:section", submission.pk, "basics")


@login_required
def detail(request, pk: int):
    """What the authors sent (or are writing), read-only, with what has happened to it since."""
    submission = get_authored(request, pk)
    status = services.status_of(submission)
    return render(
        request,
        "submissions/detail.html",
        {
            "submission": submission,
            "status": status,
            "actions": services.actions_for(submission, status, request.user),
            "continue_url": continue_url(submission),
            "sections": sections_as_read(submission),
            "timeline": services.timeline_of(submission),
            # While the authors may edit, the text shown is theirs as it is now, not what was last sent.
            "as_sent": status.code not in EDITABLE,
            "InitiativeStatus": InitiativeStatus,
        },
    )


@login_required
def withdraw(request, pk: int):
    # Co-authors edit; only the owner may take the initiative back.
    submission = get_object_or_404(Submission, pk=pk, owner=request.user)
    status = services.status_of(submission)
    actions = services.actions_for(submission, status, request.user)
    if "delete" in actions:
        # Never sent: there is no screening to stop, only a draft to delete.
        return redirect("submissions:delete", submission.pk)
    if "withdraw" not in actions:
        raise PermissionDenied
    if request.method == "POST":
        services.withdraw(submission, request.user)
        messages.success(request, _("The initiative has been withdrawn."))
        return redirect("submissions:dashboard")
    return render(
        request,
        "submissions/withdraw.html",
        {"submission": submission, "in_screening": status.code != InitiativeStatus.DRAFT},
    )


@login_required
def delete(request, pk: int):
    # Only the owner deletes, and only a draft never sent to screening.
    submission = get_object_or_404(Submission, pk=pk, owner=request.user)
    if "delete" not in services.actions_for(submission, services.status_of(submission), request.user):
        raise PermissionDenied
    if request.method == "POST":
        title = submission.title
        try:
            services.delete_draft(submission)
        except services.SubmissionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The draft “%(title)s” has been deleted.") % {"title": title})
        return redirect("submissions:dashboard")
    return render(request, "submissions/delete.html", {"submission": submission})


@login_required
def private_file(request, pk: int, file_pk: int):
    upload = get_object_or_404(
        SubmissionFile.objects.select_related("submission"), pk=file_pk, submission_id=pk
    )
    # Screeners see what was sent to screening, never a draft nor a file added since.
    if not (upload.submission.is_author(request.user) or (upload.is_submitted and is_screener(request.user))):
        raise Http404
    return private_file_response(upload.file.open("rb"), upload.original_name)


@require_POST
@login_required
def delete_file(request, pk: int, file_pk: int):
    submission = get_authored(request, pk)
    upload = get_object_or_404(submission.files, pk=file_pk)
    upload.file.delete(save=False)
    upload.delete()
    messages.success(request, _("“%(name)s” has been removed.") % {"name": upload.original_name})
    section_slug = "endorsement" if upload.role == SubmissionFile.Role.ENDORSEMENT else "media"
    return redirect("submissions:section", submission.pk, section_slug)


@login_required
def invitation(request, token):
    invitation = get_object_or_404(
        CoAuthorInvitation.objects.select_related("submission", "invited_by"), token=token
    )
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, request.user)
        except services.InvitationError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("You are now a co-author of “%(title)s”.") % {"title": invitation.submission.title}
            )
            return redirect("submissions:dashboard")
    return render(request, "submissions/invitation.html", {"invitation": invitation})


@require_POST
@login_required
def remove_co_author(request, pk: int, user_pk: int):
    submission = get_object_or_404(Submission, pk=pk, owner=request.user)
    co_author = get_object_or_404(submission.co_authors, pk=user_pk)
    services.remove_co_author(submission, co_author)
    messages.success(request, _("%(name)s is no longer a co-author.") % {"name": co_author})
    return redirect("submissions:section", submission.pk, "contact")
