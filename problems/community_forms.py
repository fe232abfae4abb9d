"""The forms of the community around problems and initiatives: a locality's mark, a replication, an offer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import normalise_text
from initiatives.locality_fields import CommuneField, Province2025ChoiceField
from initiatives.models import Commune, Province2025

from .models import LONG_TEXT_LIMIT, ExpertiseOffer, Replication


class CommuneChoiceField(forms.ModelChoiceField):
    """A commune or ward of one province, chosen by its statistics office code."""

    def __init__(self, province: Province2025 | None, **kwargs):
        queryset = Commune.objects.filter(province=province)
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Commune or ward (optional)"))
        kwargs.setdefault("empty_label", _("The whole province"))
        kwargs.setdefault(
            "error_messages", {"invalid_choice": _("This commune or ward is not one of the province's.")}
        )
        super().__init__(queryset=queryset.order_by("name_vi"), to_field_name="gso_code", **kwargs)

    def label_from_instance(self, commune) -> str:
        return commune.label


class CleanTextMixin:
    """Text is stored NFC-normalised, without control characters but line breaks."""

    text_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.text_fields:
            if isinstance(cleaned.get(name), str):
                cleaned[name] = normalise_text(cleaned[name]).strip()
        return cleaned


class SharedProblemForm(forms.Form):
    def __init__(self, *args, province: Province2025 | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"] = CommuneChoiceField(province)


class ReplicationForm(CleanTextMixin, forms.ModelForm):
    text_fields = ("organisation", "adapted", "contact_name", "contact_phone")

    province = Province2025ChoiceField(
        label=_("Province"), error_messages={"invalid_choice": _("Choose one of the 34 provinces.")}
    )
    commune = CommuneField(
        label=_("Commune or ward (optional)"),
        help_text=_("Its name, such as “Hải Châu”, or its code; leave empty for the whole province."),
    )
    year = forms.IntegerField(
        label=_("Year it was applied"),
        min_value=1990,
        error_messages={"invalid": _("Enter a year, such as 2024.")},
    )
    adapted = forms.CharField(
        label=_("What was adapted"),
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What your locality changed to make it work there."),
    )

    class Meta:
        model = Replication
        fields = [
            "province",
            "commune",
            "organisation",
            "year",
            "adapted",
            "contact_name",
            "contact_phone",
            "contact_email",
        ]
        help_texts = {
            "contact_name": _("Kept private: only the screeners see the contact."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            # The choices are named by codes, not by the primary keys a model form starts from.
            self.initial.update(province=self.instance.province, commune=self.instance.commune)
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True
        for name in ("organisation", "contact_name", "contact_phone"):
            self.fields[name].widget.attrs.setdefault("maxlength", self.fields[name].max_length)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.now().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year


class ExpertiseOfferForm(CleanTextMixin, forms.ModelForm):
    text_fields = ("field", "offer")

    class Meta:
        model = ExpertiseOffer
        fields = ["field", "offer"]
        widgets = {"offer": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"field": _("For instance: data analysis, public procurement, user research.")}
