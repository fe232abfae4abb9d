"""The sections of a full proposal and the progress report form.

As in the submission form, each section saves on its own and no field is required here: what a
proposal needs before it is submitted is checked by `jury.proposals.proposal_problems`. What can
be checked at once (whole numbers, the grant range, at most 24 months) is, so that a mistake shows
next to the field where it was typed.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import normalise_text
from submissions.uploads import MB, FileKind, UploadPolicy, ValidatedFileField

from .models import MAX_GRANT_MONTHS, FullProposal

LONG_TEXT = 10_000
# Above any grant, far below the database column's limit: a typed 10^30 is an error, not an overflow.
MAX_AMOUNT = 10**12
MAX_MILESTONES = 48

SIGNED_PDF = UploadPolicy(
    kinds=(FileKind.PDF,),
    max_size=10 * MB,
    wrong_kind_message=_("“%(name)s” is not a PDF file. Please scan or save the signed document as PDF."),
)
MONTHS_MESSAGE = _("Give a whole number of months from 1 to %(limit)s.")


def amount_range_message(call) -> str:
    return _("Ask for a whole number of %(currency)s from %(min)s to %(max)s.") % {
        "currency": call.grant_currency or "USD",
        "min": call.grant_min,
        "max": call.grant_max,
    }


def amount_error(amount: int, call) -> str | None:
    """Why an amount is refused under the call's grant range, or None."""
    too_low = call.grant_min is not None and amount < call.grant_min
    too_high = call.grant_max is not None and amount > call.grant_max
    if too_low or too_high:
        if call.grant_min is not None and call.grant_max is not None:
            return amount_range_message(call)
        if too_low:
            return _("Ask for at least %(min)s %(currency)s.") % {
                "min": call.grant_min,
                "currency": call.grant_currency or "USD",
            }
        return _("Ask for at most %(max)s %(currency)s.") % {
            "max": call.grant_max,
            "currency": call.grant_currency or "USD",
        }
    return None


def normalised(data):
    """A copy of posted values in NFC without control characters (NUL bytes included)."""
    data = data.copy()
    for name in data:
        data.setlist(name, [normalise_text(value) for value in data.getlist(name)])
    return data


class ProposalSection(forms.Form):
    """A section of the full proposal: reads its initial values from, and writes back to, the draft."""

    slug: str
    heading: str
    # The templates read the class's slug and heading; they must not try to make a form of it.
    do_not_call_in_templates = True

    def __init__(self, data=None, files=None, *, proposal: FullProposal, **kwargs):
        self.proposal = proposal
        self.call = proposal.evaluation.call
        if "initial" not in kwargs:
            kwargs["initial"] = {name: proposal.data.get(name) for name in self.stored_field_names()}
        super().__init__(normalised(data) if data is not None else None, files, **kwargs)

    @classmethod
    def stored_field_names(cls) -> list[str]:
        return list(cls.base_fields)

    def data_to_store(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.stored_field_names()}

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) of each error, for the summary at the top of the form."""
        links = [
            (field.id_for_label, str(field.label), str(error)) for field in self for error in field.errors
        ]
        return links + [("", "", str(error)) for error in self.non_field_errors()]


class BudgetForm(ProposalSection):
    slug = "budget"
    heading = _("Amount and duration")

    amount_requested = forms.IntegerField(
        label=_("Amount requested"),
        required=False,
        min_value=1,
        max_value=MAX_AMOUNT,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    duration_months = forms.IntegerField(
        label=_("Duration in months"),
        required=False,
        min_value=1,
        max_value=MAX_GRANT_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("At most 24 months."),
        error_messages={
            "invalid": MONTHS_MESSAGE % {"limit": MAX_GRANT_MONTHS},
            "min_value": MONTHS_MESSAGE % {"limit": MAX_GRANT_MONTHS},
            "max_value": MONTHS_MESSAGE % {"limit": MAX_GRANT_MONTHS},
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["amount_requested"]
        currency = self.call.grant_currency or "USD"
        field.label = _("Amount requested (%(currency)s)") % {"currency": currency}
        if self.call.grant_min is not None and self.call.grant_max is not None:
            field.help_text = amount_range_message(self.call)
            message = amount_range_message(self.call)
        else:
            message = _("Give a whole number of %(currency)s, without dots or spaces.") % {
                "currency": currency
            }
        field.error_messages.update(invalid=message, min_value=message, max_value=message)

    def clean_amount_requested(self):
        amount = self.cleaned_data["amount_requested"]
        if amount is not None and (error := amount_error(amount, self.call)):
            raise forms.ValidationError(error)
        return amount


class MilestoneForm(forms.Form):
    month = forms.IntegerField(
        label=_("Month"),
        required=False,
        min_value=1,
        max_value=MAX_GRANT_MONTHS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": MONTHS_MESSAGE % {"limit": MAX_GRANT_MONTHS},
            "min_value": MONTHS_MESSAGE % {"limit": MAX_GRANT_MONTHS},
            "max_value": MONTHS_MESSAGE % {"limit": MAX_GRANT_MONTHS},
        },
    )
    deliverable = forms.CharField(
        label=_("Deliverable"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        cleaned = super().clean()
        month, deliverable = cleaned.get("month"), cleaned.get("deliverable")
        if month is not None and not deliverable and "deliverable" not in self.errors:
            self.add_error("deliverable", _("Say what will be delivered in that month."))
        if deliverable and month is None and "month" not in self.errors:
            self.add_error("month", _("Give the month in which it will be delivered."))
        return cleaned


class BaseMilestoneFormSet(forms.BaseFormSet):
    def __init__(self, *args, duration: int | None = None, **kwargs):
        self.duration = duration
        super().__init__(*args, **kwargs)

    def clean(self):
        if any(self.errors) or not self.duration:
            return
        for form in self.forms:
            month = form.cleaned_data.get("month")
            if month and month > self.duration and not self._should_delete_form(form):
                form.add_error(
                    "month",
                    _("Month %(month)s is after the end of the grant (%(duration)s months).")
                    % {"month": month, "duration": self.duration},
                )


class WorkPlanForm(ProposalSection):
    """The milestones, one row each; empty rows are left out and ticked ones removed."""

    slug = "work-plan"
    heading = _("Work plan")

    def __init__(self, data=None, files=None, *, proposal: FullProposal, extra_rows: int = 1, **kwargs):
        super().__init__(data, files, proposal=proposal, **kwargs)
        FormSet = forms.formset_factory(
            MilestoneForm,
            formset=BaseMilestoneFormSet,
            extra=extra_rows,
            can_delete=True,
            max_num=MAX_MILESTONES,
            validate_max=True,
            absolute_max=MAX_MILESTONES,
        )
        stored = proposal.data.get("milestones") or []
        self.formset = FormSet(
            self.data if data is not None else None,
            prefix="milestones",
            initial=stored,
            duration=proposal.data.get("duration_months"),
        )

    @classmethod
    def stored_field_names(cls) -> list[str]:
        return ["milestones"]

    def is_valid(self) -> bool:
        return super().is_valid() and self.formset.is_valid()

    def data_to_store(self) -> dict:
        rows = [
            {"month": form.cleaned_data["month"], "deliverable": form.cleaned_data["deliverable"]}
            for form in self.formset.forms
            if form.cleaned_data.get("month") is not None
            and form.cleaned_data.get("deliverable")
            and not self.formset._should_delete_form(form)
        ]
        return {"milestones": sorted(rows, key=lambda row: row["month"])}

    def error_links(self) -> list[tuple[str, str, str]]:
        links = super().error_links()
        for number, form in enumerate(self.formset.forms, start=1):
            for field in form:
                for error in field.errors:
                    label = _("Milestone %(number)s, %(field)s") % {"number": number, "field": field.label}
                    links.append((field.id_for_label, str(label), str(error)))
        return links + [("", "", str(error)) for error in self.formset.non_form_errors()]


class TeamForm(ProposalSection):
    slug = "team"
    heading = _("Team and local contribution")

    team = forms.CharField(
        label=_("Team"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who will carry out the work, their roles and experience."),
    )
    local_contribution = forms.CharField(
        label=_("The locality's own contribution"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Staff, premises, equipment or budget the locality contributes."),
    )


class RisksForm(ProposalSection):
    slug = "risks"
    heading = _("Risks")

    risks = forms.CharField(
        label=_("Risks and how you will handle them"),
        required=False,
        max_length=LONG_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class LetterForm(ProposalSection):
    slug = "letter"
    heading = _("Letter of commitment")

    commitment_letter = ValidatedFileField(
        policy=SIGNED_PDF,
        label=_("Signed letter of commitment"),
        required=False,
        help_text=_("The letter signed and stamped by the local leadership, scanned as PDF, at most 10 MB."),
    )

    @classmethod
    def stored_field_names(cls) -> list[str]:
        return []  # the letter is a file of its own, not part of the draft's data

    def __init__(self, data=None, files=None, *, proposal: FullProposal, **kwargs):
        super().__init__(data, files, proposal=proposal, initial={}, **kwargs)


SECTIONS: tuple[type[ProposalSection], ...] = (BudgetForm, WorkPlanForm, TeamForm, RisksForm, LetterForm)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}


class SubmitProposalForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information is true and that the local leadership has signed the letter "
            "of commitment."
        ),
        error_messages={"required": _("Tick the declaration to submit.")},
    )


class ProgressReportForm(forms.Form):
    title = forms.CharField(label=_("Title of the report"), max_length=255)
    file = ValidatedFileField(
        policy=SIGNED_PDF, label=_("Report (PDF)"), help_text=_("A PDF file, at most 10 MB.")
    )

    def __init__(self, data=None, files=None, **kwargs):
        super().__init__(normalised(data) if data is not None else None, files, **kwargs)
