"""The sections of the form a locality posts a problem with, and the authors' status and closing forms.

Each section saves on its own, so no field is required here: what a problem needs before it can be sent
to screening is checked by `drafts.missing_fields`. Values are kept in `ProblemDraft.data` as plain JSON
(codes for reference data, ISO dates, lists of words for the expertise sought).
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import normalise_text, single_line
from initiatives.locality_fields import CommuneField, Province2025ChoiceField
from initiatives.models import Commune, Goal, TextLanguage
from submissions.forms import PhoneField, TermChoiceField, TermMultipleChoiceField

from .models import LONG_TEXT_LIMIT, ProblemDraft
from .taxonomy import CLOSED, STILL_OPEN, BudgetRange, ProblemStatus, Sector

MAX_EXPERTISE_TAGS = 10
TAG_LENGTH = 100


def long_text(label, help_text="", rows=5) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=LONG_TEXT_LIMIT,
        required=False,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "max_length": _(
                "Keep this text within %(limit_value)d characters (it has %(show_value)d): "
                "a page of text, not a report."
            )
        },
    )


class SectionForm(forms.Form):
    """A section of the problem: reads its initial values from, and writes back to, the draft's JSON."""

    slug: str
    heading: str

    def __init__(self, data=None, *, draft: ProblemDraft | None = None, **kwargs):
        self.draft = draft
        if draft is not None and "initial" not in kwargs:
            kwargs["initial"] = dict(draft.data)
        if data is not None:
            # Normalised before validation: NUL bytes and other controls go, decomposed Vietnamese
            # counts its real length.
            data = data.copy()
            for name in data:
                data.setlist(name, [normalise_text(value) for value in data.getlist(name)])
        super().__init__(data, **kwargs)

    def data_to_store(self) -> dict:
        return {name: to_json(self.cleaned_data[name]) for name in self.fields}


def to_json(value):
    if isinstance(value, Commune):
        return value.gso_code
    if hasattr(value, "code"):
        return value.code
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "__iter__") and not isinstance(value, str | dict):
        return [to_json(item) for item in value]
    return value


class ProblemForm(SectionForm):
    slug = "problem"
    heading = _("The problem")

    title = forms.CharField(
        label=_("Title of the problem"),
        max_length=255,
        required=False,
        help_text=_("A short sentence naming the problem, e.g. “Land files wait months for a decision”."),
    )
    statement = long_text(_("The problem"), _("What goes wrong, for whom, and how often."), rows=6)
    affected = long_text(_("Who is affected"), _("Who suffers from it, and how."), rows=3)
    affected_count = forms.IntegerField(
        label=_("Number of people affected"),
        min_value=0,
        max_value=200_000_000,
        required=False,
        help_text=_("An estimate is enough."),
    )

    def clean_title(self):
        title = single_line(self.cleaned_data["title"])
        if not title:
            raise forms.ValidationError(_("Give the problem a title: your draft is kept under it."))
        return title


class ContextForm(SectionForm):
    slug = "context"
    heading = _("Context and causes")

    context = long_text(
        _("Context and baseline figures"), _("The situation today, with figures if you have them.")
    )
    causes = long_text(_("Causes"))
    tried = long_text(
        _("What has been tried"), _("What your locality or others already tried, and what happened.")
    )


class ExpertiseField(forms.CharField):
    """Words naming the expertise sought, separated by commas; kept as a list."""

    def to_python(self, value) -> list[str]:
        words = []
        for part in super().to_python(value).replace("\n", ",").split(","):
            word = single_line(part)
            if word and word.lower() not in {known.lower() for known in words}:
                words.append(word)
        return words

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def validate(self, value):
        if len(value) > MAX_EXPERTISE_TAGS:
            raise forms.ValidationError(
                _("Name at most %(limit)d kinds of expertise."), params={"limit": MAX_EXPERTISE_TAGS}
            )
        for word in value:
            if len(word) > TAG_LENGTH:
                raise forms.ValidationError(
                    _("“%(word)s…” is too long for a kind of expertise (at most %(limit)d characters)."),
                    params={"word": word[:30], "limit": TAG_LENGTH},
                )


class OutcomeForm(SectionForm):
    slug = "outcome"
    heading = _("Outcome and constraints")

    outcome_wanted = long_text(_("The outcome wanted"))
    outcome_measure = long_text(_("How the outcome would be measured"), rows=3)
    budget_range = forms.ChoiceField(label=_("Budget available"), choices=BudgetRange.choices, required=False)
    time_limit_months = forms.IntegerField(
        label=_("Time available (months)"), min_value=1, max_value=120, required=False
    )
    constraints = long_text(_("Other constraints"), rows=3)
    expertise = ExpertiseField(
        label=_("Expertise sought"),
        required=False,
        max_length=2000,
        help_text=_("Separate them with commas, e.g. “data analysis, land law”."),
    )


class PlaceForm(SectionForm):
    slug = "place"
    heading = _("Where and who")

    goals = TermMultipleChoiceField(
        label=_("Goals"),
        queryset=Goal.objects.all(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Choose at least one."),
    )
    sector = TermChoiceField(
        label=_("Sector"), queryset=Sector.objects.all(), to_field_name="code", required=False
    )
    province = Province2025ChoiceField(required=False, label=_("Province or city (since July 2025)"))
    commune = CommuneField(
        province_field_name="province",
        required=False,
        help_text=_("Optional. Its name, e.g. “Hoàn Kiếm”, or its statistics office code."),
    )
    owner_body = forms.CharField(
        label=_("Body that owns the problem"),
        max_length=255,
        required=False,
        help_text=_("For example: People's Committee of Hoàn Kiếm ward."),
    )
    on_behalf_of = forms.CharField(
        label=_("Posted on behalf of"),
        max_length=255,
        required=False,
        help_text=_("The locality you post this problem for, as a screener."),
    )
    open_until = forms.DateField(
        label=_("Open for solutions until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Optional."),
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        choices=TextLanguage.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Write in Vietnamese or in English."),
    )

    def __init__(self, *args, on_behalf: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not on_behalf:
            del self.fields["on_behalf_of"]

    def clean_open_until(self):
        value = self.cleaned_data["open_until"]
        if value is not None and value < timezone.localdate():
            raise forms.ValidationError(_("Choose a date that has not passed yet."))
        return value


class ContactForm(SectionForm):
    slug = "contact"
    heading = _("Contact")

    contact_name = forms.CharField(label=_("Contact person"), max_length=255, required=False)
    contact_phone = PhoneField(label=_("Phone"), required=False)
    contact_email = forms.EmailField(
        label=_("E-mail"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class SubmitForm(forms.Form):
    declaration = forms.BooleanField(
        label=_(
            "I declare that the information is true, that my body may share it, and that the problem may "
            "be published in the problem bank (the contact stays private)."
        ),
        error_messages={"required": _("Tick the declaration to send the problem to screening.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(value, label) for value, label in ProblemStatus.choices if value in STILL_OPEN],
        widget=forms.RadioSelect,
    )


class CloseForm(forms.Form):
    status = forms.ChoiceField(
        label=_("How does the problem end?"),
        choices=[(value, label) for value, label in ProblemStatus.choices if value in CLOSED],
        widget=forms.RadioSelect,
    )
    confirm = forms.BooleanField(
        label=_("I understand that the problem will no longer ask for solutions."),
        error_messages={"required": _("Tick this box to confirm that you close the problem.")},
    )


def readable(field: forms.Field, value) -> str:
    """A stored value as people read it: choices by their labels, lists joined."""
    if value in (None, "", []):
        return ""
    items = value if isinstance(value, list) else [value]
    if isinstance(field, forms.ModelChoiceField):
        found = field.queryset.filter(**{f"{field.to_field_name}__in": items})
        return ", ".join(field.label_from_instance(item) for item in found)
    if isinstance(field, forms.ChoiceField):
        labels = {str(choice): label for choice, label in field.choices}
        return ", ".join(str(labels.get(str(item), item)) for item in items)
    return ", ".join(str(field.prepare_value(item)) for item in items)


def summary(data: dict, *, on_behalf: bool) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each section's heading with the label and readable value of each of its fields."""
    result = []
    for section in SECTIONS:
        form = section(on_behalf=on_behalf) if section is PlaceForm else section()
        rows = [(str(field.label), readable(field, data.get(name))) for name, field in form.fields.items()]
        result.append((str(section.heading), rows))
    return result


SECTIONS: tuple[type[SectionForm], ...] = (ProblemForm, ContextForm, OutcomeForm, PlaceForm, ContactForm)
SECTIONS_BY_SLUG = {section.slug: section for section in SECTIONS}
SECTION_OF_FIELD = {name: section.slug for section in SECTIONS for name in section.base_fields}
