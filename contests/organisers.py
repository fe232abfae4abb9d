"""The organisers' admin pages of a contest: the participation tracker and its reminders, the committee (its
criteria, weights and members), the ranking with the prizes, and the results.

A contest's organisers (`ContestPage.is_organised_by`) and the administrators reach every page of their
contests; the committee's chairs reach the ranking and the prizes. Everyone else gets a 404, whether the
contest exists or not.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.models import Locale

from initiatives.locality_fields import Province2025ChoiceField
from initiatives.models import AdministrativeLevel, Goal, InnovationType, ProposerType, Stage
from jury.exports import csv_response, ranking_rows, score_rows
from jury.models import Evaluation
from jury.ranking import criteria_of
from jury.secretariat_forms import CheckedInlinePanel, CriteriaFormSet, JurorsFormSet
from submissions.forms import TermChoiceField

from . import committee, results
from .entries import EntryError
from .models import ORGANISERS_GROUP_NAME, ContestPage, ContestUnit, Entry
from .notifications import remind_units


def organised_contests(user):
    """The contests the user runs, as `ContestPage.is_organised_by` has them, in one query."""
    contests = ContestPage.objects.filter(locale=Locale.get_default()).order_by("-intake_opens", "pk")
    if user.is_superuser:
        return list(contests)
    if not user.groups.filter(name=ORGANISERS_GROUP_NAME).exists():
        return []
    return list(contests.filter(Q(owner=user) | Q(organising_staff=user)).distinct())


def organised_contest(request, contest_id: int) -> ContestPage:
    contest = get_object_or_404(ContestPage, pk=contest_id).original
    if not contest.is_organised_by(request.user):
        raise Http404
    return contest


def ranked_contest(request, contest_id: int) -> tuple[ContestPage, Evaluation]:
    """The contest and its committee, for its organisers and the committee's chairs."""
    contest = get_object_or_404(ContestPage, pk=contest_id).original
    evaluation = committee.evaluation_of(contest)
    chair = evaluation is not None and evaluation.is_chair(request.user)
    if not (contest.is_organised_by(request.user) or chair):
        raise Http404
    if evaluation is None:
        evaluation = committee.committee_of(contest)
    return contest, evaluation


def index(request):
    contests = organised_contests(request.user)
    chaired = ContestPage.objects.filter(
        evaluations__round=Evaluation.Round.CONTEST,
        evaluations__members__user=request.user,
        evaluations__members__is_chair=True,
    ).exclude(pk__in=[contest.pk for contest in contests])
    return TemplateResponse(
        request, "contests/admin/index.html", {"contests": contests, "chaired": list(chaired.distinct())}
    )


# Participation ------------------------------------------------------------------------------------------


@dataclass
class UnitParticipation:
    unit: ContestUnit
    drafts: int
    submitted: int
    forwarded: int
    returned: int

    @property
    def awaiting(self) -> int:
        return self.submitted - self.forwarded - self.returned

    @property
    def has_entered(self) -> bool:
        return self.submitted > 0


def participation(contest: ContestPage) -> list[UnitParticipation]:
    """Per participating unit, its entries by stage: one query."""
    submitted = Q(entries__submitted_at__isnull=False)
    units = contest.original.units.annotate(
        drafts=Count("entries", filter=Q(entries__submitted_at__isnull=True)),
        submitted=Count("entries", filter=submitted),
        forwarded=Count("entries", filter=submitted & Q(entries__unit_decision=Entry.UnitDecision.FORWARDED)),
        returned=Count("entries", filter=submitted & Q(entries__unit_decision=Entry.UnitDecision.RETURNED)),
    ).order_by("sort_order", "pk")
    return [
        UnitParticipation(unit, unit.drafts, unit.submitted, unit.forwarded, unit.returned) for unit in units
    ]


def tracker(request, contest_id: int):
    contest = organised_contest(request, contest_id)
    rows = participation(contest)
    missing = [row for row in rows if not row.has_entered]
    return TemplateResponse(
        request,
        "contests/admin/tracker.html",
        {
            "contest": contest,
            "rows": rows,
            "missing": missing,
            "entered_share": round(100 * (len(rows) - len(missing)) / len(rows)) if rows else 0,
            "totals": {
                name: sum(getattr(row, name) for row in rows)
                for name in ("drafts", "submitted", "forwarded", "returned", "awaiting")
            },
        },
    )


def remind(request, contest_id: int):
    """Asks for confirmation, then e-mails the reviewers of every unit that has not entered."""
    contest = organised_contest(request, contest_id)
    missing = [row.unit for row in participation(contest) if not row.has_entered]
    if request.method == "POST":
        if not missing:
            messages.info(request, _("Every unit has entered: nobody needs a reminder."))
        elif not contest.accepts_entries():
            messages.error(request, _("Entries are closed: a reminder would come too late."))
        else:
            remind_units.enqueue(contest.pk, [unit.pk for unit in missing])
            messages.success(
                request,
                ngettext(
                    "A reminder is on its way to %(count)s unit.",
                    "Reminders are on their way to %(count)s units.",
                    len(missing),
                )
                % {"count": len(missing)},
            )
        return redirect("contests_admin:tracker", contest.pk)
    return TemplateResponse(
        request, "contests/admin/confirm_reminder.html", {"contest": contest, "units": missing}
    )


# The committee ------------------------------------------------------------------------------------------

COMMITTEE_PANELS = ObjectList(
    [
        FieldRowPanel([FieldPanel("scale_min"), FieldPanel("scale_max")], heading=gettext_lazy("Scale")),
        CheckedInlinePanel.replacing(
            InlinePanel("criteria", label=gettext_lazy("Criteria"), min_num=1), CriteriaFormSet
        ),
        CheckedInlinePanel.replacing(
            InlinePanel("members", label=gettext_lazy("Committee members")), JurorsFormSet
        ),
    ]
).bind_to_model(Evaluation)


def committee_setup(request, contest_id: int):
    contest = organised_contest(request, contest_id)
    evaluation = committee.committee_of(contest)
    form_class = COMMITTEE_PANELS.get_form_class()
    form = form_class(request.POST or None, instance=evaluation, for_user=request.user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            committee.sync_assignments(contest)
            messages.success(request, _("The committee is saved."))
            return redirect("contests_admin:committee", contest.pk)
        messages.validation_error(
            request, _("The committee could not be saved. Correct the errors below."), form
        )
    panel = COMMITTEE_PANELS.get_bound_panel(instance=evaluation, request=request, form=form)
    return TemplateResponse(
        request,
        "contests/admin/committee.html",
        {
            "contest": contest,
            "evaluation": evaluation,
            "form": form,
            "panel": panel,
            "media": form.media + panel.media,
        },
    )


# The ranking and the prizes -----------------------------------------------------------------------------


def ranking(request, contest_id: int):
    contest, evaluation = ranked_contest(request, contest_id)
    ranked = committee.ranking(contest)
    tiers = list(contest.prize_tiers.all())
    awards = {award.entry_id: award.tier_id for award in committee.awards_of(contest)}
    errors: list[str] = []
    if request.method == "POST":
        choices = {}
        for entry in ranked:
            value = request.POST.get(f"prize-{entry.subject.pk}", "")
            choices[entry.subject.pk] = int(value) if value.isdigit() else None
        try:
            results.give_prizes(contest, request.user, choices)
        except EntryError as refusal:
            errors = [str(refusal)]
            awards = choices
            messages.error(request, str(refusal))
        else:
            messages.success(request, _("The prizes are saved."))
            return redirect("contests_admin:ranking", contest.pk)
    return TemplateResponse(
        request,
        "contests/admin/ranking.html",
        {
            "contest": contest,
            "evaluation": evaluation,
            "criteria": criteria_of(evaluation),
            "rows": [(entry, awards.get(entry.subject.pk)) for entry in ranked],
            "tiers": tiers,
            "errors": errors,
            "published": contest.results_published_at is not None,
        },
    )


def ranking_csv(request, contest_id: int):
    contest, evaluation = ranked_contest(request, contest_id)
    return csv_response(f"contest-{contest.pk}-ranking.csv", ranking_rows(evaluation))


def scores_csv(request, contest_id: int):
    contest, evaluation = ranked_contest(request, contest_id)
    return csv_response(f"contest-{contest.pk}-scores.csv", score_rows(evaluation))


# The results --------------------------------------------------------------------------------------------


class PublishEntryForm(forms.Form):
    """What an initiative needs that an entry does not say."""

    stage = forms.ModelChoiceField(
        label=gettext_lazy("Stage"),
        queryset=Stage.objects.filter(code__in=["idea", "pilot"]),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
    )
    goals = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Goals"), queryset=Goal.objects.all(), widget=forms.CheckboxSelectMultiple
    )
    innovation_types = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Type of innovation"),
        queryset=InnovationType.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    province_2025 = Province2025ChoiceField()
    level = forms.ChoiceField(label=gettext_lazy("Administrative level"), choices=AdministrativeLevel.choices)
    proposer_type = TermChoiceField(label=gettext_lazy("Proposed by"), queryset=ProposerType.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("stage", "goals", "innovation_types"):
            self.fields[name].label_from_instance = lambda term: term.label

    def clean(self):
        cleaned = super().clean()
        province = cleaned.get("province_2025")
        if province is not None:
            cleaned["province"] = province.namesake_2021()
        return cleaned


def results_page(request, contest_id: int):
    contest = organised_contest(request, contest_id)
    return TemplateResponse(
        request,
        "contests/admin/results.html",
        {
            "contest": contest,
            "tiers": results.tiers_with_winners(contest),
            "published": contest.results_published_at is not None,
            "may_publish": contest.results_may_be_published(),
            "publish_form": PublishEntryForm(prefix="publish"),
        },
    )


@require_POST
def publish_results(request, contest_id: int):
    contest = organised_contest(request, contest_id)
    try:
        results.publish_results(contest, request.user)
    except EntryError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("The results are published; the authors are being told by e-mail."))
    return redirect("contests_admin:results", contest.pk)


def publish_entry(request, contest_id: int, entry_id: int):
    contest = organised_contest(request, contest_id)
    entry = get_object_or_404(
        Entry.objects.select_related("award__tier"), pk=entry_id, contest=contest, award__isnull=False
    )
    form = PublishEntryForm(request.POST or None, prefix="publish")
    if request.method == "POST" and form.is_valid():
        try:
            page = results.publish_as_initiative(entry, request.user, form.cleaned_data)
        except EntryError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, _("“%(title)s” is published in the Community Hall.") % {"title": page.title}
            )
            return redirect("contests_admin:results", contest.pk)
    return TemplateResponse(
        request, "contests/admin/publish_entry.html", {"contest": contest, "entry": entry, "form": form}
    )
