"""“My contest entries” (the entry form section by section) and the units' pre-screening pages.

Everyone who may not read an entry gets the same 404, whether it exists or not.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from accounts.decorators import has_verified_email, verified_email_required
from files.responses import private_file_response
from submissions.uploads import MB, uploaded_files, use_size_limited_uploads

from . import entries
from .access import Reader, reader_of
from .certificate import certificate_pdf
from .entry_forms import SECTIONS, SECTIONS_BY_SLUG, ContentForm, DecisionForm, video_policy
from .models import ContestPage, ContestUnit, Entry, PrizeAward
from .tasks import take_poster_of

VIDEO_TYPES = {"mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm"}


def own_entry(request, pk: int) -> Entry:
    return get_object_or_404(
        Entry.objects.select_related("contest", "topic", "unit"), pk=pk, author=request.user
    )


def readable_entry(request, pk: int) -> tuple[Entry, Reader]:
    entry = get_object_or_404(Entry.objects.select_related("contest", "topic", "unit"), pk=pk)
    reader = reader_of(request.user, entry)
    if reader is None:
        raise Http404
    return entry, reader


@login_required
def my_entries(request):
    rows = [
        (entry, entries.status_of(entry), entries.may_edit(entry, request.user))
        for entry in Entry.objects.filter(author=request.user).select_related(
            "contest", "topic", "unit", "award__tier"
        )
    ]
    return render(
        request,
        "contests/my_entries.html",
        {
            "rows": rows,
            "open_contests": entries.contests_open_for_entries().filter(
                locale__language_code=request.LANGUAGE_CODE
            ),
            "units": entries.reviewed_units(request.user),
        },
    )


def steps_of(entry: Entry | None, current: str) -> list[dict]:
    missing = {slug for slug, _what in entries.missing_fields(entry)} if entry else set()
    return [
        {
            "slug": section.slug,
            "heading": section.heading,
            "url": reverse("contests:section", args=[entry.pk, section.slug]) if entry else "",
            "current": section.slug == current,
            "done": entry is not None and section.slug not in missing,
        }
        for section in SECTIONS
    ]


def limit_uploads(request, slug: str) -> None:
    if slug == ContentForm.slug:
        video = video_policy().max_size
        use_size_limited_uploads(request, max_file_size=video, max_request_size=video + 5 * MB)
    else:
        use_size_limited_uploads(request)


@csrf_exempt
@verified_email_required
def enter(request, contest_id: int):
    limit_uploads(request, SECTIONS[0].slug)
    return csrf_protect(_edit_section)(request, None, SECTIONS[0].slug, contest_id)


@csrf_exempt
@verified_email_required
def section(request, pk: int, slug: str):
    limit_uploads(request, slug)
    return csrf_protect(_edit_section)(request, pk, slug, None)


def _edit_section(request, pk: int | None, slug: str, contest_id: int | None):
    section_form = SECTIONS_BY_SLUG.get(slug)
    if section_form is None:
        raise Http404
    if pk is None:
        contest = get_object_or_404(ContestPage.objects.live(), pk=contest_id)
        entry = None
        if not contest.accepts_entries():
            messages.warning(request, _("This contest does not take entries now."))
            return redirect(contest.url)
    else:
        entry = own_entry(request, pk)
        contest = entry.contest
        if not entries.may_edit(entry, request.user):
            messages.warning(request, _("This entry cannot be changed now."))
            return redirect("contests:detail", entry.pk)

    if request.method == "POST":
        form = section_form(request.POST, uploaded_files(request), contest=contest, instance=entry)
        if form.is_valid():
            is_new = entry is None
            entry = form.save(commit=False)
            if is_new:
                entry.contest = contest.original
                entry.author = request.user
                entry.language = request.LANGUAGE_CODE
            new_clip = "video_file" in form.changed_data and bool(entry.video_file)
            if new_clip:
                entries.describe_new_clip(
                    entry, form.cleaned_data["video_file"], "poster" in form.changed_data
                )
            entry.save()
            if "attachments" in form.cleaned_data:
                entries.add_attachments(entry, form.cleaned_data["attachments"])
            if new_clip and not entry.poster:
                take_poster_of.enqueue(entry.pk)
            if "save_draft" in request.POST:
                messages.success(request, _("Your draft is saved."))
                return redirect("contests:section", entry.pk, slug)
            return redirect(next_step_url(entry, slug))
        if entry is not None and form.valid_new_clip():
            # A clip is long to send again from a phone: it is kept whatever else the section lacks.
            entries.keep_clip(Entry.objects.get(pk=entry.pk), form.cleaned_data["video_file"])
            take_poster_of.enqueue(entry.pk)
            messages.info(request, _("Your video clip is kept; correct the other fields below."))
    else:
        form = section_form(contest=contest, instance=entry)
    return render(
        request,
        "contests/section.html",
        {
            "form": form,
            "entry": entry,
            "contest": contest,
            "section": section_form,
            "steps": steps_of(entry, slug),
            "action": reverse("contests:section", args=[entry.pk, slug])
            if entry
            else reverse("contests:enter", args=[contest.pk]),
        },
    )


def next_step_url(entry: Entry, slug: str) -> str:
    slugs = [section.slug for section in SECTIONS]
    position = slugs.index(slug)
    if position + 1 < len(slugs):
        return reverse("contests:section", args=[entry.pk, slugs[position + 1]])
    return reverse("contests:review", args=[entry.pk])


@login_required
def review(request, pk: int):
    entry = own_entry(request, pk)
    if request.method == "POST":
        try:
            entries.submit(entry, request.user)
        except entries.EntryError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, _("Thank you: your entry has been sent to your unit for pre-screening.")
            )
            return redirect("contests:my_entries")
    return render(
        request,
        "contests/review.html",
        {
            "entry": entry,
            "contest": entry.contest,
            "status": entries.status_of(entry),
            "missing": entries.missing_fields(entry),
            "editable": entries.may_edit(entry, request.user),
            "email_verified": has_verified_email(request.user),
            "steps": steps_of(entry, "review"),
        },
    )


@login_required
def detail(request, pk: int):
    entry, reader = readable_entry(request, pk)
    return render(
        request,
        "contests/entry_detail.html",
        {
            "entry": entry,
            "contest": entry.contest,
            "status": entries.status_of(entry),
            "editable": entries.may_edit(entry, request.user),
            "is_author": reader is Reader.AUTHOR,
            "show_contact": reader.sees_contact,
            "certificate": reader in (Reader.AUTHOR, Reader.ORGANISER) and has_certificate(entry),
        },
    )


@login_required
def delete(request, pk: int):
    entry = own_entry(request, pk)
    if entry.is_submitted:
        messages.error(request, _("A submitted entry cannot be deleted."))
        return redirect("contests:detail", entry.pk)
    if request.method == "POST":
        title = entry.title
        entries.delete_draft(entry)
        messages.success(request, _("The draft “%(title)s” has been deleted.") % {"title": title})
        return redirect("contests:my_entries")
    return render(request, "contests/delete.html", {"entry": entry})


@login_required
def entry_file(request, pk: int, file_pk: int):
    entry, _reader = readable_entry(request, pk)
    attachment = get_object_or_404(entry.files, pk=file_pk)
    return private_file_response(attachment.file.open("rb"), attachment.original_name)


@login_required
def entry_video(request, pk: int):
    entry, _reader = readable_entry(request, pk)
    if not entry.video_file:
        raise Http404
    name = entry.video_name or "clip.mp4"
    content_type = VIDEO_TYPES.get(name.rsplit(".", 1)[-1].lower(), "video/mp4")
    return private_file_response(entry.video_file.open("rb"), name, content_type)


@login_required
def entry_poster(request, pk: int):
    entry, _reader = readable_entry(request, pk)
    if not entry.poster:
        raise Http404
    return private_file_response(entry.poster.open("rb"), "poster.jpg")


def has_certificate(entry: Entry) -> bool:
    return entry.contest.results_published_at is not None and PrizeAward.objects.filter(entry=entry).exists()


@login_required
def certificate(request, pk: int):
    """The winner's certificate, once the results are published: for the entry's author and organisers."""
    entry, reader = readable_entry(request, pk)
    if reader not in (Reader.AUTHOR, Reader.ORGANISER) or not has_certificate(entry):
        raise Http404
    response = HttpResponse(certificate_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="giay-chung-nhan-{entry.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@login_required
def delete_file(request, pk: int, file_pk: int):
    entry = own_entry(request, pk)
    if not entries.may_edit(entry, request.user):
        raise Http404
    attachment = get_object_or_404(entry.files, pk=file_pk)
    attachment.file.delete(save=False)
    attachment.delete()
    messages.success(request, _("“%(name)s” has been removed.") % {"name": attachment.original_name})
    return redirect("contests:section", entry.pk, "attachments")


# Pre-screening by the units -----------------------------------------------------------------------------


def reviewed_unit(request, unit_id: int) -> ContestUnit:
    unit = get_object_or_404(ContestUnit.objects.select_related("contest"), pk=unit_id)
    if not entries.reviews_unit(request.user, unit):
        raise Http404
    return unit


@login_required
def unit_entries(request, unit_id: int):
    unit = reviewed_unit(request, unit_id)
    rows = [(entry, entries.status_of(entry)) for entry in entries.entries_for_unit(unit)]
    return render(
        request,
        "contests/unit_entries.html",
        {"unit": unit, "contest": unit.contest, "rows": rows, "open": unit.contest.prescreening_open()},
    )


@login_required
def unit_entry(request, unit_id: int, pk: int):
    unit = reviewed_unit(request, unit_id)
    entry = get_object_or_404(entries.entries_for_unit(unit), pk=pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            entries.decide(entry, request.user, form.cleaned_data["decision"], form.cleaned_data["comment"])
        except entries.EntryError as error:
            form.add_error(None, str(error))
        else:
            entry.refresh_from_db()
            messages.success(
                request,
                _("“%(title)s”: %(decision)s.")
                % {"title": entry.title, "decision": entry.get_unit_decision_display()},
            )
            return redirect("contests:unit_entries", unit.pk)
    return render(
        request,
        "contests/unit_entry.html",
        {
            "unit": unit,
            "entry": entry,
            "contest": unit.contest,
            "status": entries.status_of(entry),
            "form": form,
            "open": unit.contest.prescreening_open(),
        },
    )
