"""The chairs' shortlist form: initiatives picked from the ranking, and the rationale."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .shortlist import size_error


class ShortlistForm(forms.Form):
    initiatives = forms.TypedMultipleChoiceField(
        label=_("Shortlisted initiatives"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Why these initiatives: it is kept with the shortlist."),
    )

    def __init__(self, *args, evaluation, ranked, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.fields["initiatives"].choices = [
            (entry.initiative.pk, entry.initiative.title) for entry in ranked
        ]
        self.fields["initiatives"].required = False

    def clean_initiatives(self):
        picked = self.cleaned_data["initiatives"]
        if error := size_error(self.evaluation, len(picked)):
            raise forms.ValidationError(error)
        return picked
