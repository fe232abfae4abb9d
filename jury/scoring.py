"""The jurors' admin pages: "My reviews", the scoring page of one assignment, its endorsement scan,
declaring a conflict, and a chair's reopening of a submitted review.

Who reaches an assignment's pages:
- its juror, while the assignment stands (`jury.access.standing_assignment`): scores, drafts, submits,
  declares a conflict;
- a chair of the evaluation who has no conflict on the initiative, and the secretariat: read-only,
  with the form to reopen a submitted review (chairs see every score anyway; the reopening needs a
  page to be done from);
- everyone else with admin access gets the same 404, whether the assignment exists or not.
"""

from __future__ import annotations

import mimetypes
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe
from wagtail import hooks
from wagtail.admin import messages

from files.responses import private_file_response

from . import reviews
from .access import (
    declared_conflict,
    is_chair,
    is_juror,
    is_secretariat,
    may_read_private_files,
    sees_every_score,
    standing_assignment,
)
from .models import JURY_GROUP_NAME, Assignment, Evaluation, Review, submitted_proposal
from .scoring_forms import ConflictForm, ReopenForm, ReviewForm

STATUSES = ("done", "todo")
#: Higher layers show what else an evaluation scores: each function registered under this name takes
#: (request, assignment) and returns the HTML of the assignment's subject, or "" for another's.
SCORED_SUBJECT_HOOK = "jury_scored_subject"


def my_assignments(user):
    """The user's standing assignments in the evaluations they belong to, as `standing_assignment` has
    them: what the list shows, the scoring page opens."""
    return Assignment.objects.filter(
        juror=user,
        juror__groups__name=JURY_GROUP_NAME,
        conflict_declared_at__isnull=True,
        evaluation__members__user=user,
    )


def my_reviews(request):
    """The initiatives the juror reviews, by evaluation, with how many are done; `?status=done|todo`."""
    if not (is_juror(request.user) or is_secretariat(request.user)):
        raise PermissionDenied
    status = request.GET.get("status", "")
    if status and status not in STATUSES:
        messages.warning(
            request, _("Unknown filter “%(status)s”: every review is shown.") % {"status": status}
        )
        status = ""
    assignments = (
        my_assignments(request.user)
        .annotate(done=Exists(Review.objects.filter(assignment=OuterRef("pk"), submitted_at__isnull=False)))
        .select_related("initiative__province", "entry", "review")
        .order_by(Coalesce("initiative__title", "entry__title"), "pk")
    )
    if status:
        assignments = assignments.filter(done=status == "done")
    rows = defaultdict(list)
    for assignment in assignments:
        rows[assignment.evaluation_id].append(assignment)
    # Every evaluation is listed with its count, even when the filter leaves none of its initiatives.
    evaluations = (
        Evaluation.objects.filter(assignments__in=my_assignments(request.user))
        .annotate(
            total=Count("assignments", distinct=True),
            done=Count(
                "assignments", distinct=True, filter=Q(assignments__review__submitted_at__isnull=False)
            ),
        )
        .select_related("call__locale")
        .order_by("-scoring_closes", "pk")
    )
    groups = [
        {
            "evaluation": evaluation,
            "window": reviews.ScoringWindow.of(evaluation),
            "assignments": rows[evaluation.pk],
        }
        for evaluation in evaluations
    ]
    return TemplateResponse(request, "jury/scoring/my_reviews.html", {"groups": groups, "status": status})


def _reachable(request, assignment_id: int) -> tuple[Assignment, bool]:
    """The assignment and whether the user scores it (else they only read it); 404 for anyone else."""
    assignment = get_object_or_404(
        Assignment.objects.select_related("evaluation__call__locale", "initiative", "entry"), pk=assignment_id
    )
    user = request.user
    subject = assignment.subject
    if assignment.juror_id == user.pk:
        standing = standing_assignment(user, assignment.evaluation, subject.pk)
        if standing is not None and standing.pk == assignment.pk:
            return assignment, True
    if is_secretariat(user):
        return assignment, False
    if is_chair(user, assignment.evaluation) and not declared_conflict(user, subject, assignment.evaluation):
        return assignment, False
    raise Http404


def score(request, assignment_id: int):
    assignment, scores = _reachable(request, assignment_id)
    evaluation = assignment.evaluation
    criteria = list(evaluation.criteria.all())
    review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
    unlocked = scores and not (review and review.is_submitted)
    window = reviews.ScoringWindow.of(evaluation, review)
    if request.method == "POST" and not scores:
        raise PermissionDenied
    if request.method == "POST" and not unlocked:
        messages.error(
            request, _("This review is submitted and cannot be changed; only a chair can reopen it.")
        )
        return redirect("jury_scoring:score", assignment.pk)
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data, evaluation=evaluation, criteria=criteria, review=review)
    # Outside the window the page is read-only; a form sent anyway comes back as it was typed.
    editable = unlocked and (data is not None or window.refusal() is None)
    if data is not None and (refusal := window.refusal()):
        form.is_valid()  # cleans what was typed, which add_error needs
        form.add_error(None, refusal)
        messages.error(request, refusal)
    elif data is not None:
        submitting = data.get("action") == "submit"
        if form.check(complete=submitting):
            try:
                if submitting:
                    reviews.submit(assignment, request.user, form.entries(), *_comments(form))
                else:
                    reviews.save_draft(assignment, form.entries(), *_comments(form))
            except reviews.ReviewRefused as refusal:
                form.show_errors(refusal)
                messages.error(request, refusal.message)
            else:
                if submitting:
                    messages.success(request, _("Your review is submitted. Thank you."))
                    return redirect("jury_scoring:index")
                messages.success(request, _("Your draft is saved."))
                return redirect("jury_scoring:score", assignment.pk)
        else:
            messages.error(request, _("The review could not be saved. Correct the errors below."))
    return _scoring_page(request, assignment, review, form, editable=editable, scores=scores, window=window)


def _scoring_page(request, assignment, review, form, *, editable, scores, window, conflict_form=None):
    initiative = assignment.initiative
    evaluation = assignment.evaluation
    reopenable = review is not None and review.is_submitted and sees_every_score(request.user, evaluation)
    # The final round scores the full proposals: its jurors read the proposal above the initiative.
    proposal = None
    if evaluation.round == Evaluation.Round.FINAL:
        proposal = submitted_proposal(evaluation, initiative)
    if initiative is not None:
        subject_context = {
            "letter_readable": proposal is not None
            and may_read_private_files(request.user, initiative, evaluation.call),
            "content_sections": _content_sections(initiative),
            "gallery": initiative.gallery_images.order_by("sort_order").select_related("image"),
            "attachments": initiative.attachments.order_by("sort_order").select_related("document"),
        }
    else:
        # What else an evaluation scores (a contest's entry) is shown by the layer that owns it.
        subject_context = {
            "subject_html": mark_safe(  # noqa: S308
                "".join(
                    conditional_escape(hook(request, assignment))
                    for hook in hooks.get_hooks(SCORED_SUBJECT_HOOK)
                )
            )
        }
    return TemplateResponse(
        request,
        "jury/scoring/score.html",
        {
            "assignment": assignment,
            "evaluation": evaluation,
            "subject": assignment.subject,
            "initiative": initiative,
            "proposal": proposal,
            **subject_context,
            "review": review,
            "form": form,
            "editable": editable,
            "scores": scores,
            "window": window,
            "conflict_form": (conflict_form or ConflictForm()) if scores else None,
            "reopen_form": ReopenForm() if reopenable else None,
        },
    )


def _comments(form: ReviewForm) -> tuple[str, str]:
    return form.cleaned_data["overall_comment"], form.cleaned_data["authors_comment"]


def _content_sections(initiative):
    # The public text only: contact details and co-authors are never shown to jurors.
    return [
        (_("The problem"), initiative.problem),
        (_("The solution"), initiative.solution),
        (_("Results"), initiative.results),
        (_("Beneficiaries"), initiative.beneficiaries),
        (_("Replicability"), initiative.replicability),
    ]


@require_safe
def endorsement(request, assignment_id: int):
    assignment, _scores = _reachable(request, assignment_id)
    if assignment.initiative is None:
        raise Http404
    document = assignment.initiative.endorsement_document
    if document is None or not document.file or not document.file.storage.exists(document.file.name):
        raise Http404
    content_type = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
    return private_file_response(document.file.open("rb"), document.filename, content_type)


@require_POST
def conflict(request, assignment_id: int):
    assignment, scores = _reachable(request, assignment_id)
    if not scores:
        raise Http404
    form = ConflictForm(request.POST)
    if form.is_valid():
        try:
            reviews.declare_conflict(
                assignment, request.user, form.cleaned_data["kind"], form.cleaned_data["note"]
            )
        except reviews.ReviewRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("jury_scoring:index")
        messages.success(
            request,
            _("Your conflict of interest on “%(title)s” is recorded; another juror will review it.")
            % {"title": assignment.subject.title},
        )
        return redirect("jury_scoring:index")
    messages.error(
        request, _("The conflict of interest was not recorded: choose its kind, write a note and confirm.")
    )
    # The page again, with the note as typed.
    evaluation = assignment.evaluation
    review = Review.objects.filter(assignment=assignment).prefetch_related("scores").first()
    review_form = ReviewForm(evaluation=evaluation, criteria=list(evaluation.criteria.all()), review=review)
    window = reviews.ScoringWindow.of(evaluation, review)
    editable = not (review and review.is_submitted) and window.refusal() is None
    return _scoring_page(
        request,
        assignment,
        review,
        review_form,
        editable=editable,
        scores=True,
        window=window,
        conflict_form=form,
    )


@require_POST
def reopen(request, assignment_id: int):
    assignment, _scores = _reachable(request, assignment_id)
    if not sees_every_score(request.user, assignment.evaluation):
        raise PermissionDenied
    review = get_object_or_404(Review, assignment=assignment)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for reopening the review."))
    else:
        try:
            reviews.reopen(review, request.user, form.cleaned_data["reason"])
        except reviews.ReviewRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(request, _("The review is reopened: its juror can change it again."))
    return redirect("jury_scoring:score", assignment.pk)
