"""What a screener fills in for each decision; the same forms serve Wagtail's workflow dialogs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from halls.models import HallPage


def endorsement_confirmation(help_text) -> forms.BooleanField:
    return forms.BooleanField(
        label=_(
            "I have checked the endorsement scan: it bears the stamp and signature of the endorsing "
            "authority."
        ),
        help_text=help_text,
        required=False,
    )


def comment_field(label, help_text, *, required=True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AcceptForm(forms.Form):
    hall = forms.ChoiceField(label=_("Hall"), choices=HallPage.Kind.choices, widget=forms.RadioSelect)
    endorsement_verified = endorsement_confirmation(
        _("Needed for the Expo Hall, unless the call waives the endorsement.")
    )
    comment = comment_field(
        _("Comment to the authors"),
        _("The authors receive it by e-mail and see it on their dashboard."),
    )


class RequestChangesForm(forms.Form):
    comment = comment_field(
        _("What should the authors change?"),
        _("The authors receive it by e-mail with a link to edit their initiative."),
    )


class DeclineForm(forms.Form):
    comment = comment_field(
        _("Reason for declining"),
        _("Declining is final. The authors receive this reason by e-mail."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that declining is final: the authors cannot resubmit this initiative."),
        error_messages={"required": _("Tick this box to confirm that you decline for good.")},
    )


class ApproveUpdateForm(forms.Form):
    endorsement_verified = endorsement_confirmation(
        _("Needed in the Expo Hall when the update replaces the endorsement scan.")
    )
    comment = comment_field(
        _("Comment to the authors"),
        _("Optional. The authors receive it by e-mail."),
        required=False,
    )


FORMS_BY_ACTION = {
    ("ScreeningTask", "approve"): AcceptForm,
    ("ScreeningTask", "reject"): RequestChangesForm,
    ("ScreeningTask", "decline"): DeclineForm,
    ("UpdateReviewTask", "approve"): ApproveUpdateForm,
    ("UpdateReviewTask", "reject"): RequestChangesForm,
}
