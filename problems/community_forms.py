"""The forms of the community around problems and initiatives: a locality's mark, a replication, an offer."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.text import folded_words, normalise_text
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


class CommuneNameField(forms.CharField):
    """A commune or ward typed by name (with or without diacritics and kind) or by code, found in the
    province chosen beside it by the form: a choice among 3,321 would not fit a list."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("label", _("Commune or ward (optional)"))
        kwargs.setdefault(
            "help_text", _("Its name, such as “Hải Châu”, or its code; leave empty for the whole province.")
        )
        super().__init__(**kwargs)


def find_commune(value: str, province: Province2025) -> Commune | None:
    """The commune of `province` named or numbered `value`; None when there is none, or more than one."""
    communes = province.communes.all()
    if value.isascii() and value.isdigit():
        return communes.filter(gso_code=int(value)).first() if len(value) <= 9 else None
    words = folded_words(Commune(name_vi=value).short_name)
    found = list(communes.filter(search_name=words)[:2]) if words else []
    return found[0] if len(found) == 1 else None


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

    province = forms.ModelChoiceField(
        Province2025.objects.order_by("name_vi"),
        label=_("Province"),
        to_field_name="code",
        error_messages={"invalid_choice": _("Choose one of the 34 provinces.")},
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
        self.fields["commune"] = CommuneNameField()
        if self.instance.commune_id and not self.is_bound:
            self.initial["commune"] = self.instance.commune.name_vi
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True
        for name in ("organisation", "contact_name", "contact_phone"):
            self.fields[name].widget.attrs.setdefault("maxlength", self.fields[name].max_length)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year > timezone.now().year:
            raise forms.ValidationError(_("The year cannot be in the future."))
        return year

    def clean(self):
        cleaned = super().clean()
        province, typed = cleaned.get("province"), cleaned.get("commune")
        cleaned["commune"] = None
        if province and typed:
            cleaned["commune"] = find_commune(typed, province)
            if cleaned["commune"] is None:
                self.add_error("commune", _("No commune or ward of this name in the province chosen."))
        return cleaned


class ExpertiseOfferForm(CleanTextMixin, forms.ModelForm):
    text_fields = ("field", "offer")

    class Meta:
        model = ExpertiseOffer
        fields = ["field", "offer"]
        widgets = {"offer": forms.Textarea(attrs={"rows": 6})}
        help_texts = {"field": _("For instance: data analysis, public procurement, user research.")}
