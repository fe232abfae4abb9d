"""The secretariat's forms: an evaluation's criteria and jurors checked as a whole; a juror added by hand.

The rules that concern the rows of an inline panel together (weights adding up to 100 %, a code or a juror
used once) live in the formsets, so that every row typed is shown again with the error above them.
"""

from __future__ import annotations

from collections import Counter

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Locale

from calls.models import CallPage

from .models import Evaluation, weights_error


class CheckedFormSet(BaseChildFormSet):
    def kept_rows(self) -> list[dict] | None:
        """What the rows that stay hold; None when a row has errors of its own (shown on the row)."""
        if any(form.errors for form in self.forms if not self._should_delete_form(form)):
            return None
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() or form.instance.pk
            if not self._should_delete_form(form)
        ]

    def rules(self, rows: list[dict]) -> list[str]:
        """What is wrong with the rows taken together."""
        return []

    def clean(self):
        rows = self.kept_rows()
        if rows is not None and (errors := self.rules(rows)):
            raise ValidationError(errors)
        super().clean()


def repeated(values) -> list:
    return [value for value, count in Counter(values).items() if count > 1]


class CriteriaFormSet(CheckedFormSet):
    def rules(self, rows):
        errors = [
            _("Two criteria have the code “%(code)s”: each criterion needs its own.") % {"code": code}
            for code in repeated(row["code"] for row in rows if row.get("code"))
        ]
        if rows and (refused := weights_error([row["weight"] for row in rows if row.get("weight")])):
            errors.append(refused)
        return errors


class JurorsFormSet(CheckedFormSet):
    def rules(self, rows):
        return [
            _("%(juror)s is listed twice among the jurors.") % {"juror": juror}
            for juror in repeated(row["user"] for row in rows if row.get("user"))
        ]


class CheckedInlinePanel(InlinePanel):
    """An inline panel whose rows are also checked together by `formset_class`."""

    def __init__(self, *args, formset_class: type[CheckedFormSet], **kwargs):
        super().__init__(*args, **kwargs)
        self.formset_class = formset_class

    @classmethod
    def replacing(cls, panel: InlinePanel, formset_class) -> CheckedInlinePanel:
        return cls(**panel.clone_kwargs(), formset_class=formset_class)

    def clone_kwargs(self):
        return {**super().clone_kwargs(), "formset_class": self.formset_class}

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["formset"] = self.formset_class
        return options


FORMSETS = {"criteria": CriteriaFormSet, "members": JurorsFormSet}


class CallChooser(AdminPageChooser):
    """Wagtail's page chooser, which keeps to the reader's language.

    The chooser joins "Choose a page" and the page type's name as it is built, in the language of
    that request; the viewset builds its form once per process, so each admin language would see
    the first one's words.
    """

    def __init__(self, **kwargs):
        super().__init__(target_models=[CallPage], **kwargs)
        self.choose_one_text = format_lazy(
            "{} ({})", gettext_lazy("Choose a page"), CallPage._meta.verbose_name
        )

    def get_display_title(self, instance):
        """The chosen call's title in the reader's language, where it is translated."""
        translated = instance.get_translation_or_none(Locale.get_active())
        return (translated or instance).get_admin_display_title()


def evaluation_panels() -> list:
    """The evaluation's panels as declared on the model, with its criteria and jurors checked as a
    whole, and its call chosen in the reader's language."""
    panels = []
    for panel in Evaluation.panels:
        if isinstance(panel, InlinePanel) and panel.relation_name in FORMSETS:
            panel = CheckedInlinePanel.replacing(panel, FORMSETS[panel.relation_name])
        elif isinstance(panel, FieldPanel) and panel.field_name == "call":
            panel = FieldPanel("call", widget=CallChooser())
        panels.append(panel)
    return panels


class AddJurorForm(forms.Form):
    """Assigns one of the evaluation's jurors to one of its initiatives."""

    initiative = forms.TypedChoiceField(label=gettext_lazy("Initiative"), coerce=int)
    juror = forms.ModelChoiceField(label=gettext_lazy("Juror"), queryset=get_user_model().objects.none())

    def __init__(self, *args, evaluation: Evaluation, initiatives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["initiative"].choices = [(page.pk, page.title) for page in initiatives]
        self.fields["juror"].queryset = (
            get_user_model().objects.filter(jury_memberships__evaluation=evaluation).order_by("email")
        )
