"""“My problems”: the authors' list, the posting form section by section, and the status of a published
problem. Only an agency's account or a screener posts; each person reaches only their own problems."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import has_verified_email, verified_email_required

from . import drafts
from .forms import SECTIONS, SECTIONS_BY_SLUG, CloseForm, PlaceForm, StatusForm, SubmitForm, summary
from .models import ProblemDraft, ProblemPage
from .taxonomy import ProblemStatus


def not_allowed(request):
    """Who may post, for those who may not: a page that explains, not a bare refusal."""
    return render(request, "problems/my/not_allowed.html", status=403)


def get_own_draft(request, pk: int) -> ProblemDraft:
    return get_object_or_404(drafts.drafts_of(request.user), pk=pk)


def get_own_problem(request, page_id: int) -> ProblemPage:
    return get_object_or_404(drafts.owned_problems(request.user), pk=page_id)


@login_required
def dashboard(request):
    own_drafts = list(drafts.drafts_of(request.user))
    statuses = drafts.statuses_of(own_drafts)
    decisions = drafts.decisions_of(own_drafts)
    rows = [
        (draft, statuses[draft.pk], decisions[draft.pk], drafts.actions_for(draft, statuses[draft.pk]))
        for draft in own_drafts
    ]
    pages = [(page, drafts.page_actions(page)) for page in drafts.pages_without_draft(request.user)]
    return render(
        request,
        "problems/my/dashboard.html",
        {
            "rows": rows,
            "pages": pages,
            "may_post": drafts.may_post(request.user),
            "email_verified": has_verified_email(request.user),
            "State": drafts.State,
        },
    )


def steps(draft: ProblemDraft | None, current: str) -> list[dict]:
    done = drafts.step_states(draft)
    return [
        {
            "slug": section.slug,
            "heading": section.heading,
            "url": reverse("problems:section", args=[draft.pk, section.slug]) if draft else "",
            "current": section.slug == current,
            "done": done[section.slug],
        }
        for section in SECTIONS
    ]


def next_step_url(draft: ProblemDraft, slug: str) -> str:
    slugs = [section.slug for section in SECTIONS]
    position = slugs.index(slug)
    if position + 1 < len(slugs):
        return reverse("problems:section", args=[draft.pk, slugs[position + 1]])
    return reverse("problems:review", args=[draft.pk])


@verified_email_required
def new(request):
    return edit_section(request, None, SECTIONS[0].slug)


@verified_email_required
def section(request, pk: int, slug: str):
    return edit_section(request, pk, slug)


def edit_section(request, pk: int | None, slug: str):
    section_form = SECTIONS_BY_SLUG.get(slug)
    if section_form is None:
        raise Http404
    draft = get_own_draft(request, pk) if pk is not None else None
    if not drafts.may_post(request.user):
        return not_allowed(request)
    if draft is not None and drafts.status_of(draft).code not in drafts.EDITABLE:
        messages.warning(request, _("This problem cannot be edited while it is being screened."))
        return redirect("problems:dashboard")

    options = {"on_behalf": drafts.posts_on_behalf(request.user)} if section_form is PlaceForm else {}
    if request.method == "POST":
        form = section_form(request.POST, draft=draft, **options)
        if form.is_valid():
            values = form.data_to_store()
            if draft is None:
                # Written, by default, in the language the author is using the site in.
                draft = drafts.create_draft(request.user, {"language": request.LANGUAGE_CODE, **values})
            else:
                drafts.save_section(draft, values)
            if "save_draft" in request.POST:
                messages.success(request, _("Your draft is saved."))
                return redirect("problems:section", draft.pk, slug)
            return HttpResponseRedirect(next_step_url(draft, slug))
    elif draft is None:
        form = section_form(**options)
    else:
        form = section_form(draft=draft, **options)
    return render(
        request,
        "problems/my/section.html",
        {"form": form, "draft": draft, "section": section_form, "steps": steps(draft, slug)},
    )


@verified_email_required
def review(request, pk: int):
    draft = get_own_draft(request, pk)
    if not drafts.may_post(request.user):
        return not_allowed(request)
    status = drafts.status_of(draft)
    form = SubmitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            drafts.submit(draft, request.user)
        except drafts.DraftError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Thank you: your problem has been sent to the screeners."))
            return redirect("problems:dashboard")
    return render(
        request,
        "problems/my/review.html",
        {
            "draft": draft,
            "status": status,
            "editable": status.code in drafts.EDITABLE,
            "missing": drafts.missing_fields(draft),
            "form": form,
            "steps": steps(draft, "review"),
            "summary": summary(draft.data, on_behalf=drafts.posts_on_behalf(draft.owner)),
        },
    )


@verified_email_required
@require_POST
def update(request, page_id: int):
    page = get_own_problem(request, page_id)
    draft = getattr(page, "draft", None)
    if not page.live or (draft is not None and drafts.status_of(draft).code != drafts.State.PUBLISHED):
        messages.warning(request, _("This problem cannot be updated now."))
        return redirect("problems:dashboard")
    draft = drafts.start_update(page, request.user)
    messages.info(request, _("Edit the sections you want to change, then send the update to the screeners."))
    return redirect("problems:section", draft.pk, SECTIONS[0].slug)


def _status_view(request, page_id: int, form_class, template: str, change):
    page = get_own_problem(request, page_id)
    form = form_class(request.POST or None, initial={"status": page.status})
    if request.method == "POST" and form.is_valid():
        try:
            change(page, request.user, form.cleaned_data["status"])
        except drafts.DraftError as error:
            messages.error(request, str(error))
        else:
            status = ProblemStatus(form.cleaned_data["status"]).label
            messages.success(
                request, _("The status of the problem is now “%(status)s”.") % {"status": status}
            )
            return redirect("problems:dashboard")
    return render(request, template, {"page": page, "form": form})


@login_required
def change_status(request, page_id: int):
    return _status_view(request, page_id, StatusForm, "problems/my/status.html", drafts.change_status)


@login_required
def close(request, page_id: int):
    return _status_view(request, page_id, CloseForm, "problems/my/close.html", drafts.close)
