"""The sign-up fields we add to django-allauth's form, and the profile form.

allauth builds its own sign-up form on top of ``SignupForm`` (settings.ACCOUNT_SIGNUP_FORM_CLASS), so this
module must not import ``allauth.account.forms``: the forms that relabel allauth's own fields live in
``accounts.allauth_forms``.
"""

from __future__ import annotations

import unicodedata

from django import forms
from django.conf import settings
from django.forms.models import ModelChoiceIterator
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.i18n import current_language
from core.text import single_line, vietnamese_sort_key
from initiatives.locality_fields import Province2025ChoiceField
from initiatives.models import ProposerType, Province

from .models import User
from .validators import normalize_phone, validate_phone

CITIZEN = "citizen"


class SortedModelChoiceIterator(ModelChoiceIterator):
    """Choices sorted by the field's ``sort_key`` of their label in the active language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = sorted(
            self.queryset, key=lambda obj: self.field.sort_key(self.field.label_from_instance(obj))
        )
        for obj in objects:
            yield self.choice(obj)


class ProvinceChoiceField(forms.ModelChoiceField):
    """Provinces in alphabetical order of their name in the page's language (Vietnamese alphabet)."""

    iterator = SortedModelChoiceIterator

    def label_from_instance(self, obj: Province) -> str:
        return obj.label

    @staticmethod
    def sort_key(label: str):
        # "Thành phố Hồ Chí Minh" is looked for under H.
        return vietnamese_sort_key(label.removeprefix("Thành phố "))


class ProposerTypeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ProposerType) -> str:
        return obj.label


def full_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name", "autocapitalize": "words"}),
    )


def organisation_field() -> forms.CharField:
    return forms.CharField(
        label=_("Organisation"),
        max_length=255,
        required=False,
        help_text=_(
            "The business, organisation or agency you represent. Leave it empty if you are a citizen."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


def proposer_type_field() -> ProposerTypeChoiceField:
    return ProposerTypeChoiceField(
        label=_("You take part as"),
        queryset=ProposerType.objects.order_by("sort_order", "code"),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how you take part.")},
    )


def province_field() -> Province2025ChoiceField:
    """One of the 34 provinces of July 2025: new details use the units of 2025."""
    return Province2025ChoiceField(
        required=True, help_text=_("Where you, your organisation or your agency are based.")
    )


def phone_field() -> forms.CharField:
    return forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        validators=[validate_phone],
        help_text=_("Optional. For example 0912 345 678 or +84 912 345 678."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel"}),
    )


class ProfileFieldsMixin:
    """Cleaning shared by the sign-up and profile forms."""

    organisation_required_message = _(
        "Enter the name of your business, organisation or agency. Only citizens may leave it empty."
    )

    def clean_full_name(self) -> str:
        return single_line(self.cleaned_data.get("full_name"))

    def clean_organisation(self) -> str:
        return single_line(self.cleaned_data.get("organisation"))

    def clean_phone(self) -> str:
        return normalize_phone(self.cleaned_data.get("phone"))

    def clean(self):
        cleaned_data = super().clean()
        proposer_type = cleaned_data.get("proposer_type")
        if proposer_type and proposer_type.code != CITIZEN and not cleaned_data.get("organisation"):
            self.add_error(
                "organisation", forms.ValidationError(self.organisation_required_message, code="required")
            )
        return cleaned_data


class SignupForm(ProfileFieldsMixin, forms.Form):
    """Our fields on allauth's sign-up form (settings.ACCOUNT_SIGNUP_FORM_CLASS).

    allauth adds e-mail, the two passwords and the honeypot; ``field_order`` puts everything in place.
    """

    full_name = full_name_field()
    organisation = organisation_field()
    proposer_type = proposer_type_field()
    province_2025 = province_field()
    phone = phone_field()

    field_order = [
        "email",
        "full_name",
        "organisation",
        "proposer_type",
        "province_2025",
        "phone",
        "password1",
        "password2",
    ]

    def signup(self, request, user: User) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.organisation = self.cleaned_data["organisation"]
        user.proposer_type = self.cleaned_data["proposer_type"]
        user.province_2025 = self.cleaned_data["province_2025"]
        user.phone = self.cleaned_data["phone"]
        user.preferred_language = current_language()
        user.save()


class ProfileForm(ProfileFieldsMixin, forms.ModelForm):
    """The account's details. An account made before July 2025 keeps its 2021 province (shown beside the
    form, `province_before_2025`) and is offered the 2025 province it merged into."""

    full_name = full_name_field()
    organisation = organisation_field()
    proposer_type = proposer_type_field()
    province_2025 = province_field()
    phone = phone_field()
    preferred_language = forms.ChoiceField(
        label=_("Language of e-mails"),
        # Each language in its own name, marked as such, as language pickers do: "Tiếng Việt",
        # "English". (Django's "Tiếng Việt" is decomposed: ê and a combining accent.)
        choices=[
            (
                code,
                format_html(
                    '<span lang="{}">{}</span>',
                    code,
                    unicodedata.normalize("NFC", translation.get_language_info(code)["name_local"]),
                ),
            )
            for code, _name in settings.LANGUAGES
        ],
        widget=forms.RadioSelect,
        help_text=_("The Digital Expo writes to you in this language."),
    )

    class Meta:
        model = User
        fields = [
            "full_name",
            "organisation",
            "proposer_type",
            "province_2025",
            "phone",
            "preferred_language",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old = self.instance.province if self.instance.province_id else None
        if old is not None and self.instance.province_2025_id is None:
            self.initial["province_2025"] = old.merged_into.code

    @property
    def province_before_2025(self) -> Province | None:
        return self.instance.province if self.instance.province_id else None
