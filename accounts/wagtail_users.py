"""The user forms of Wagtail's admin (Settings → Users), with our profile fields.

Wagtail 8 takes its user forms from the user viewset (``UserViewSet.get_form_class``); the viewset is named
by the ``user_viewset`` attribute of the ``wagtailusers`` app config, which ``AccountsConfig.ready`` points
here. The templates are Wagtail's per-model overrides: templates/wagtailusers/users/accounts/user/*.html.
"""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from core.text import single_line
from initiatives.locality_fields import Province2025ChoiceField
from initiatives.models import ProposerType, Province

from .forms import ProposerTypeChoiceField, ProvinceChoiceField

PROFILE_FIELDS = {
    "full_name",
    "organisation",
    "proposer_type",
    "province_2025",
    "province",
    "phone",
    "preferred_language",
}


class ProfileFieldsAdminMixin(forms.ModelForm):
    # Wagtail's forms require a first and a last name; people here give one full name instead.
    first_name = None
    last_name = None
    proposer_type = ProposerTypeChoiceField(
        label=capfirst(_("proposer type")), queryset=ProposerType.objects.all(), required=False
    )
    province_2025 = Province2025ChoiceField(label=capfirst(_("province")), required=False)
    province = ProvinceChoiceField(
        label=capfirst(_("province before July 2025")), queryset=Province.objects.all(), required=False
    )

    def clean_full_name(self) -> str:
        return single_line(self.cleaned_data.get("full_name"))


class ExpoUserCreationForm(ProfileFieldsAdminMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields - {"first_name", "last_name"} | PROFILE_FIELDS


class ExpoUserEditForm(ProfileFieldsAdminMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields - {"first_name", "last_name"} | PROFILE_FIELDS


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return ExpoUserEditForm if for_update else ExpoUserCreationForm
