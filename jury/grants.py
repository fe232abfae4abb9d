"""Grants in the admin, for the chairs of a call's first-round evaluation and the secretariat.

A chair awards a grant to a shortlisted initiative of a published shortlist whose full proposal was
submitted (amount within the call's grant range, 1 to 24 months, a start date); then records the
agreement, each tranche disbursed (their total may not exceed the grant) and the closing. Each step
is logged; the authors hear of the award in their language.

When the call has a final-round evaluation (the full proposals scored), its chairs and the secretariat
see each proposal's final weighted score and rank beside it, and award from that ranking.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import log

from core.links import page_url
from screening.notifications import authors_of, send_in_language

from .access import chaired_evaluations
from .models import (
    MAX_GRANT_MONTHS,
    Evaluation,
    FullProposal,
    Grant,
    ShortlistEntry,
    Tranche,
    latest_submitted_proposals,
)
from .ranking import Ranked, rank


def manages_grants(user) -> bool:
    return chaired_evaluations(user).exists()


def visible_grants(user):
    calls = chaired_evaluations(user).values("call__translation_key")
    return Grant.objects.filter(call__translation_key__in=calls)


def submitted_proposals(entries: list[ShortlistEntry]) -> dict[int, FullProposal]:
    """Each entry's latest submitted full proposal, by entry id, in one query (the entries come with
    their shortlist's evaluation and call)."""
    keys = {
        entry.pk: (entry.shortlist.evaluation.call.translation_key, entry.initiative_id) for entry in entries
    }
    latest = latest_submitted_proposals(set(keys.values()))
    return {pk: latest[key] for pk, key in keys.items() if key in latest}


def final_rankings(user, entries: list[ShortlistEntry]) -> dict[str, list[Ranked]]:
    """The final-round ranking of each entry's call that the user chairs (every one for the
    secretariat), by the call's translation key: one query, then `rank`'s few for each call."""
    calls = {entry.shortlist.evaluation.call.translation_key for entry in entries}
    return {
        evaluation.call.translation_key: rank(evaluation)
        for evaluation in chaired_evaluations(user, Evaluation.Round.FINAL)
        .filter(call__translation_key__in=calls)
        .select_related("call")
    }


def final_standings(user, entries: list[ShortlistEntry]) -> dict[int, Ranked]:
    """Each entry's place in its call's final-round ranking, by entry id, where the user reads it."""
    by_call = {
        call_key: {ranked.initiative.pk: ranked for ranked in ranking}
        for call_key, ranking in final_rankings(user, entries).items()
    }
    standings = {}
    for entry in entries:
        ranking = by_call.get(entry.shortlist.evaluation.call.translation_key, {})
        if entry.initiative_id in ranking:
            standings[entry.pk] = ranking[entry.initiative_id]
    return standings


def awaiting_award(user) -> list[tuple[ShortlistEntry, FullProposal, Ranked | None]]:
    """The published shortlists' entries with a submitted full proposal and no grant yet, with their place
    in the final round (if scored and the user reads it), in the final ranking's order within each call.
    A constant number of queries per call, whatever the number of entries."""
    entries = list(
        ShortlistEntry.objects.filter(
            shortlist__evaluation__in=chaired_evaluations(user), shortlist__published_at__isnull=False
        ).select_related("initiative", "shortlist__evaluation__call__locale")
    )
    awarded = set(Grant.objects.values_list("call_id", "initiative_id"))
    entries = [
        entry for entry in entries if (entry.shortlist.evaluation.call_id, entry.initiative_id) not in awarded
    ]
    proposals = submitted_proposals(entries)
    entries = [entry for entry in entries if entry.pk in proposals]
    standings = final_standings(user, entries)

    def order(entry: ShortlistEntry):
        standing = standings.get(entry.pk)
        # Unscored proposals after the scored ones, in the shortlist's order.
        return (
            entry.shortlist.evaluation.call_id,
            standing is None,
            standing.rank if standing else entry.rank,
        )

    return [(entry, proposals[entry.pk], standings.get(entry.pk)) for entry in sorted(entries, key=order)]


class AwardForm(forms.ModelForm):
    duration_months = forms.IntegerField(
        label=gettext_lazy("duration (months)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_GRANT_MONTHS)],
        error_messages={"max_value": gettext_lazy("A grant lasts at most %(limit_value)s months.")},
    )

    class Meta:
        model = Grant
        fields = ["amount", "duration_months", "starts_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, call, **kwargs):
        super().__init__(*args, **kwargs)
        self.call = call
        self.fields["amount"].help_text = _("In %(currency)s, from %(low)s to %(high)s.") % {
            "currency": call.grant_currency or "USD",
            "low": call.grant_min or 0,
            "high": call.grant_max or "—",
        }

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        low, high = self.call.grant_min, self.call.grant_max
        if (low and amount < low) or (high and amount > high):
            raise ValidationError(
                _("The amount must be between %(low)s and %(high)s %(currency)s.")
                % {"low": low or 0, "high": high or "—", "currency": self.call.grant_currency or "USD"}
            )
        return amount


class AgreementForm(forms.Form):
    agreement_signed_on = forms.DateField(
        label=gettext_lazy("agreement signed on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class TrancheForm(forms.ModelForm):
    class Meta:
        model = Tranche
        fields = ["paid_on", "amount"]
        widgets = {"paid_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.grant = grant

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if not amount:
            raise ValidationError(_("A tranche must be more than zero."))
        if error := self.grant.tranche_error(amount):
            raise ValidationError(error)
        return amount


class CloseForm(forms.Form):
    closed_on = forms.DateField(
        label=gettext_lazy("closed on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    closing_note = forms.CharField(
        label=gettext_lazy("closing note"), widget=forms.Textarea(attrs={"rows": 4})
    )


class GrantsMixin(WagtailAdminTemplateMixin):
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not manages_grants(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": reverse("jury_grants:index"), "label": _("Grants")}]


class GrantIndexView(GrantsMixin, TemplateView):
    template_name = "jury/grants/index.html"
    page_title = gettext_lazy("Grants")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": _("Grants")}]

    def get_context_data(self, **kwargs):
        awaiting = awaiting_award(self.request.user)
        return super().get_context_data(
            awaiting=awaiting,
            final_scored=any(standing for _entry, _proposal, standing in awaiting),
            grants=visible_grants(self.request.user)
            .select_related("initiative", "call__locale")
            .prefetch_related("tranches"),
            **kwargs,
        )


class AwardView(GrantsMixin, FormView):
    template_name = "jury/grants/award.html"
    form_class = AwardForm
    page_title = gettext_lazy("Award a grant")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.entry = get_object_or_404(
            ShortlistEntry.objects.select_related("initiative", "shortlist__evaluation__call__locale"),
            pk=kwargs["entry_id"],
            shortlist__published_at__isnull=False,
        )
        self.evaluation = self.entry.shortlist.evaluation

    def dispatch(self, request, *args, **kwargs):
        if not chaired_evaluations(request.user).filter(pk=self.evaluation.pk).exists():
            raise PermissionDenied
        self.proposal = submitted_proposals([self.entry]).get(self.entry.pk)
        if (
            self.proposal is None
            or Grant.objects.filter(call=self.evaluation.call, initiative=self.entry.initiative).exists()
        ):
            messages.error(
                request, _("This initiative has no submitted full proposal, or already has a grant.")
            )
            return redirect("jury_grants:index")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "call": self.evaluation.call}

    def get_initial(self):
        return {"amount": self.proposal.amount_requested, "duration_months": self.proposal.duration_months}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            entry=self.entry,
            proposal=self.proposal,
            # The call's whole final ranking: the award is weighed against the other proposals.
            final_ranking=final_rankings(self.request.user, [self.entry]).get(
                self.evaluation.call.translation_key, []
            ),
            **kwargs,
        )

    def form_valid(self, form):
        grant = form.instance
        grant.call = self.evaluation.call
        grant.initiative = self.entry.initiative
        grant.proposal = self.proposal
        grant.currency = self.evaluation.call.grant_currency or "USD"
        grant.awarded_by = self.request.user
        with transaction.atomic():
            grant.save()
            log(instance=grant, action="jury.award", user=self.request.user)
            transaction.on_commit(lambda: notify_award(grant))
        messages.success(self.request, _("Grant awarded."))
        return redirect("jury_grants:detail", grant.pk)


def notify_award(grant: Grant) -> None:
    initiative = grant.initiative
    context = {
        "grant": grant,
        "title": initiative.title,
        "call": grant.call.title,
        "url": page_url(initiative),
    }
    for author in authors_of(initiative):
        send_in_language(author, "jury/email/grant_awarded", context)


class GrantDetailView(GrantsMixin, TemplateView):
    """The grant, its tranches, and a form for each next step."""

    template_name = "jury/grants/detail.html"
    forms = {"agreement": AgreementForm, "tranche": TrancheForm, "close": CloseForm}

    def dispatch(self, request, *args, **kwargs):
        if not manages_grants(request.user):
            raise PermissionDenied
        self.grant = get_object_or_404(
            visible_grants(request.user).select_related("initiative", "call__locale"), pk=kwargs["grant_id"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Grant")

    def get_page_subtitle(self):
        return self.grant.initiative.title

    def make_form(self, step, data=None):
        kwargs = {"grant": self.grant} if step == "tranche" else {}
        return self.forms[step](data, prefix=step, **kwargs)

    def get_context_data(self, **kwargs):
        for step in self.forms:
            kwargs.setdefault(f"{step}_form", self.make_form(step))
        initiative = self.grant.initiative
        return super().get_context_data(
            # The header's title marked with the initiative's language, which may not be the admin's.
            marked_header_title=format_html(
                '{}: <span lang="{}">{}</span>', self.get_page_title(), initiative.language, initiative.title
            ),
            grant=self.grant,
            tranches=self.grant.tranches.all(),
            reports=self.grant.reports.order_by("uploaded_at"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        step = request.POST.get("step")
        if step not in self.forms or self.grant.closed_on:
            raise PermissionDenied
        form = self.make_form(step, request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{f"{step}_form": form}))
        with transaction.atomic():
            if step == "agreement":
                self.grant.agreement_signed_on = form.cleaned_data["agreement_signed_on"]
                self.grant.save(update_fields=["agreement_signed_on"])
                # The agreement completes the award: logged with it, the date in the entry's data.
                log(
                    instance=self.grant,
                    action="jury.award",
                    user=request.user,
                    data={"agreement_signed_on": self.grant.agreement_signed_on.isoformat()},
                )
            elif step == "tranche":
                form.instance.grant = self.grant
                form.save()
                log(
                    instance=self.grant,
                    action="jury.tranche",
                    user=request.user,
                    data={"amount": form.instance.amount},
                )
            else:
                self.grant.closed_on = form.cleaned_data["closed_on"]
                self.grant.closing_note = form.cleaned_data["closing_note"]
                self.grant.save(update_fields=["closed_on", "closing_note"])
                log(instance=self.grant, action="jury.close", user=request.user)
        messages.success(request, _("Saved."))
        return redirect("jury_grants:detail", self.grant.pk)


def grant_urls():
    return [
        path("", GrantIndexView.as_view(), name="index"),
        path("award/<int:entry_id>/", AwardView.as_view(), name="award"),
        path("<int:grant_id>/", GrantDetailView.as_view(), name="detail"),
    ]
