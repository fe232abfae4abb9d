"""Forms of the links between problems and initiatives: the submission form's extra fields, and the
form with which a problem's authors link an initiative they found."""

from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.text import normalise_text
from initiatives.query import LARGEST_WHOLE_NUMBER

from .links import open_problems
from .models import LinkKind

PROBLEMS_FIELD = "problems"
PROBLEM_LINK_KIND_FIELD = "problem_link_kind"


class CheckboxesInLanguage(forms.CheckboxSelectMultiple):
    """Checkboxes whose labels are user content in `language`, marked so (`lang`) for screen readers."""

    option_template_name = "problems/widgets/option_in_language.html"

    def __init__(self, language: str | None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.language = language

    def create_option(self, *args, **kwargs) -> dict:
        return {**super().create_option(*args, **kwargs), "language": self.language}


def submission_fields(slug: str, language: str | None) -> dict[str, forms.Field]:
    """The classification section asks which open problems of the draft's language tree it answers."""
    if slug != "classification":
        return {}
    if language is not None and not open_problems(language).exists():
        return {}

    def choices():
        # Written in the draft's language, the province's name too, whatever the interface's.
        with translation.override(language):
            return [
                (str(problem.pk), f"{problem.title} ({problem.province.label})")
                for problem in open_problems(language)
            ]

    return {
        PROBLEMS_FIELD: forms.MultipleChoiceField(
            label=_("Problems of the problem bank this initiative answers"),
            choices=choices if language else [],
            widget=CheckboxesInLanguage(language),
            required=False,
            help_text=_("Optional. The screeners confirm each link before it is shown."),
        ),
        PROBLEM_LINK_KIND_FIELD: forms.ChoiceField(
            label=_("How the initiative relates to the problem"),
            choices=LinkKind.choices,
            widget=forms.RadioSelect,
            required=False,
            initial=LinkKind.PROPOSED,
        ),
    }


class FindInitiativeForm(forms.Form):
    q = forms.CharField(label=_("Words of the initiative's title"), max_length=200, required=False)

    def clean_q(self) -> str:
        return normalise_text(self.cleaned_data["q"]).replace("\x00", "")


class LinkInitiativeForm(forms.Form):
    initiative = forms.IntegerField(min_value=1, max_value=LARGEST_WHOLE_NUMBER, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label=_("How the initiative relates to the problem"),
        choices=LinkKind.choices,
        widget=forms.RadioSelect,
    )
