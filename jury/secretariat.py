"""The secretariat's admin: evaluations (criteria, scale, jurors) and who reviews what.

Only the secretariat (superusers) reaches these pages. Every juror assigned here or by balancing hears of
it in one e-mail per action, in their language, listing what they were given.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks import task
from wagtail.admin import messages
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import Button
from wagtail.log_actions import log
from wagtail.permission_policies import BasePermissionPolicy

from screening.notifications import send_in_language

from .access import is_secretariat
from .assignments import balance, evaluated_initiatives, possible_conflict
from .links import my_reviews_url
from .models import GRANT_ROUNDS, Assignment, Evaluation, Review
from .secretariat_forms import AddJurorForm, evaluation_panels


def named_in_its_language(evaluation: Evaluation) -> str:
    """The call's title marked with its language, which may not be the admin's."""
    return render_to_string("jury/includes/evaluation_name.html", {"evaluation": evaluation})


class SecretariatOnlyPolicy(BasePermissionPolicy):
    """Evaluations are configured by the secretariat alone, whatever permissions a group holds."""

    def user_has_permission(self, user, action):
        return is_secretariat(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)

    def user_has_permission_for_instance(self, user, action, instance):
        # Deleting an evaluation would delete the jurors' reviews with it.
        if action == "delete" and Review.objects.filter(assignment__evaluation=instance).exists():
            return False
        return self.user_has_permission(user, action)


class EvaluationCreateView(generic.CreateView):
    def get_initial_form_instance(self):
        evaluation = Evaluation()
        evaluation.add_default_criteria()
        return evaluation


class EvaluationEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        assignments = Button(
            _("Assignments"), url=assignments_url(self.object), icon_name="group", priority=5
        )
        return [assignments, *super().header_more_buttons]


class EvaluationDeleteView(generic.DeleteView):
    def dispatch(self, request, *args, **kwargs):
        if is_secretariat(request.user) and not self.user_has_permission_for_instance("delete", self.object):
            messages.error(
                request, _("Jurors have started reviewing for this evaluation: it cannot be deleted.")
            )
            return redirect(self.edit_url_name, self.object.pk)
        return super().dispatch(request, *args, **kwargs)


class EvaluationViewSet(ModelViewSet):
    model = Evaluation
    icon = "tasks"
    url_prefix = "evaluation/evaluations"
    add_view_class = EvaluationCreateView
    edit_view_class = EvaluationEditView
    delete_view_class = EvaluationDeleteView
    # A copy would carry the same call and round, which one evaluation per round forbids.
    copy_view_enabled = False
    list_filter = ["round"]
    list_display = [
        TitleColumn(
            "call",
            label=gettext_lazy("Call"),
            accessor=named_in_its_language,
            url_name="jury_evaluations:edit",
        ),
        Column("scoring_closes", label=gettext_lazy("Scoring closes")),
        Column("jurors_per_initiative", label=gettext_lazy("Jurors per initiative")),
        TitleColumn(
            "assignments",
            label=gettext_lazy("Assignments"),
            accessor=lambda evaluation: _("Assignments"),
            url_name="jury_evaluations:assignments",
        ),
    ]

    def get_queryset(self, request):
        # A contest's committee is set up by its organisers, on the contest's own pages.
        return (
            Evaluation.objects.filter(round__in=GRANT_ROUNDS)
            .select_related("call__locale")
            .order_by("-scoring_opens", "pk")
        )

    def get_edit_handler(self):
        return ObjectList(evaluation_panels()).bind_to_model(Evaluation)

    def get_permissions_to_register(self):
        # Group permissions would grant nothing: the policy asks for the secretariat.
        return super().get_permissions_to_register().none()

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/assignments/", assignments, name="assignments"),
            path("<int:pk>/assignments/balance/", balance_assignments, name="balance"),
            path("<int:pk>/assignments/add/", add_assignment, name="assign"),
            path("<int:pk>/assignments/<int:assignment_id>/remove/", remove_assignment, name="unassign"),
        ]


def secretariat_evaluation(request, pk: int) -> Evaluation:
    if not is_secretariat(request.user):
        raise PermissionDenied
    return get_object_or_404(Evaluation.objects.select_related("call__locale"), pk=pk)


def assignments_url(evaluation: Evaluation) -> str:
    return reverse("jury_evaluations:assignments", args=[evaluation.pk])


def assignments(request, pk: int):
    """The evaluated initiatives with their jurors, each juror's load, conflicts declared or foreseen."""
    evaluation = secretariat_evaluation(request, pk)
    initiatives = evaluated_initiatives(evaluation)
    members = list(evaluation.members.select_related("user").order_by("sort_order", "pk"))
    by_initiative = defaultdict(list)
    load = Counter()
    for assignment in (
        Assignment.objects.filter(evaluation=evaluation)
        .select_related("juror", "initiative", "review")
        .order_by("assigned_at", "pk")
    ):
        by_initiative[assignment.initiative_id].append(assignment)
        if assignment.stands:
            load[assignment.juror_id] += 1
    rows = []
    for initiative in initiatives:
        assigned = by_initiative[initiative.pk]
        on_it = {assignment.juror_id for assignment in assigned}
        rows.append(
            {
                "initiative": initiative,
                "assignments": assigned,
                "missing": max(0, evaluation.jurors_per_initiative - sum(a.stands for a in assigned)),
                "addable": [member.user for member in members if member.user_id not in on_it],
            }
        )
    evaluated = {initiative.pk for initiative in initiatives}
    return TemplateResponse(
        request,
        "jury/secretariat/assignments.html",
        {
            "evaluation": evaluation,
            "rows": rows,
            # Initiatives that left the Expo Hall (or the shortlist) keep their assignments until removed.
            "no_longer_evaluated": [
                assignment
                for initiative_id, assigned in by_initiative.items()
                if initiative_id not in evaluated
                for assignment in assigned
            ],
            "jurors": [(member, load[member.user_id]) for member in members],
            "short_count": sum(1 for row in rows if row["missing"]),
        },
    )


def balance_assignments(request, pk: int):
    """GET: what balancing would add, to confirm. POST: adds it, tells the jurors, reports what is short."""
    evaluation = secretariat_evaluation(request, pk)
    if request.method != "POST":
        # Balancing once and undoing it shows exactly what the button will do.
        with transaction.atomic():
            preview = balance(evaluation, by=request.user)
            transaction.set_rollback(True)
        return TemplateResponse(
            request,
            "jury/secretariat/confirm_balance.html",
            {"evaluation": evaluation, "added": preview.added, "short": preview.short.items()},
        )
    with transaction.atomic():
        result = balance(evaluation, by=request.user)
        notify_on_commit(result.added)
    added = len(result.added)
    messages.success(
        request,
        ngettext("Balancing added %(count)s assignment.", "Balancing added %(count)s assignments.", added)
        % {"count": added},
    )
    if result.short:
        short = "; ".join(
            _("%(title)s: %(missing)s missing") % {"title": page.title, "missing": missing}
            for page, missing in result.short.items()
        )
        messages.warning(request, _("Too few jurors without a conflict for: %(short)s.") % {"short": short})
    return redirect(assignments_url(evaluation))


def add_assignment(request, pk: int):
    """Assigns a juror chosen by hand; a conflict seen in advance does not stop it but is kept and shown."""
    evaluation = secretariat_evaluation(request, pk)
    if request.method != "POST":
        return redirect(assignments_url(evaluation))
    initiatives = evaluated_initiatives(evaluation)
    form = AddJurorForm(request.POST, evaluation=evaluation, initiatives=initiatives)
    if not form.is_valid():
        messages.error(request, _("Choose one of the evaluation's jurors for one of its initiatives."))
        return redirect(assignments_url(evaluation))
    juror = form.cleaned_data["juror"]
    initiative = next(page for page in initiatives if page.pk == form.cleaned_data["initiative"])
    with transaction.atomic():
        if Assignment.objects.filter(evaluation=evaluation, juror=juror, initiative=initiative).exists():
            messages.error(
                request,
                _("%(juror)s is already assigned to “%(title)s”.")
                % {"juror": juror, "title": initiative.title},
            )
            return redirect(assignments_url(evaluation))
        assignment = Assignment.objects.create(
            evaluation=evaluation,
            juror=juror,
            initiative=initiative,
            assigned_by=request.user,
            possible_conflict=possible_conflict(juror, initiative),
        )
        log(
            assignment,
            "jury.assign",
            user=request.user,
            data={"initiative": initiative.pk, "juror": juror.pk},
        )
        notify_on_commit([assignment])
    done = _("%(juror)s is assigned to “%(title)s”.") % {"juror": juror, "title": initiative.title}
    if assignment.possible_conflict:
        messages.warning(request, f"{done} {_('Possible conflict:')} {assignment.possible_conflict}")
    else:
        messages.success(request, done)
    return redirect(assignments_url(evaluation))


def remove_assignment(request, pk: int, assignment_id: int):
    """GET: asks to confirm. POST: removes the assignment, unless its review was submitted."""
    evaluation = secretariat_evaluation(request, pk)
    assignment = get_object_or_404(
        Assignment.objects.select_related("juror", "initiative", "review"),
        pk=assignment_id,
        evaluation=evaluation,
    )
    review = getattr(assignment, "review", None)
    refusal = None
    if review is not None and review.is_submitted:
        refusal = _("%(juror)s has submitted their review of “%(title)s”: the assignment stays.")
    elif not assignment.stands:
        # The declared conflict is what keeps balancing from giving the juror this initiative again.
        refusal = _("%(juror)s declared a conflict of interest on “%(title)s”: the assignment stays.")
    if refusal:
        messages.error(request, refusal % {"juror": assignment.juror, "title": assignment.initiative.title})
        return redirect(assignments_url(evaluation))
    if request.method != "POST":
        return TemplateResponse(
            request,
            "jury/secretariat/confirm_remove.html",
            {"evaluation": evaluation, "assignment": assignment, "draft": review},
        )
    with transaction.atomic():
        log(
            assignment,
            "jury.unassign",
            user=request.user,
            data={"initiative": assignment.initiative_id, "juror": assignment.juror_id},
        )
        assignment.delete()
    messages.success(
        request,
        _("%(juror)s no longer reviews “%(title)s”.")
        % {"juror": assignment.juror, "title": assignment.initiative.title},
    )
    return redirect(assignments_url(evaluation))


def notify_on_commit(added: list[Assignment]) -> None:
    """One e-mail to each juror for everything this action gave them, once it is saved."""
    by_juror = defaultdict(list)
    for assignment in added:
        by_juror[assignment.juror_id].append(assignment.pk)
    for juror_id, assignment_ids in by_juror.items():
        transaction.on_commit(
            lambda juror_id=juror_id, ids=assignment_ids: notify_assigned.enqueue(juror_id, ids)
        )


@task()
def notify_assigned(juror_id: int, assignment_ids: list[int]) -> None:
    juror = get_user_model().objects.get(pk=juror_id)
    given = list(
        Assignment.objects.filter(pk__in=assignment_ids, juror=juror, conflict_declared_at__isnull=True)
        .select_related("evaluation__call", "initiative")
        .order_by("initiative__title")
    )
    if not given or not (juror.is_active and juror.email):
        return
    context = {
        "evaluation": given[0].evaluation,
        "initiatives": [assignment.initiative for assignment in given],
        "reviews_url": my_reviews_url(),
    }
    send_in_language(juror, "jury/secretariat/email/assigned", context)
