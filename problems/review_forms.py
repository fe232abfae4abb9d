"""What a screener fills in for each decision on a problem; the same forms serve Wagtail's workflow dialogs.

Every decision needs a written reason: the author receives it. (Kept apart from `models`, whose task
returns these forms, so that neither imports the other's dependants.)
"""

from django import forms
from django.utils.translation import gettext_lazy as _


def reason_field(label, help_text) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the reason for your decision: the author receives it.")},
    )


class PublishForm(forms.Form):
    comment = reason_field(
        _("Comment to the author"),
        _("Why the problem is published as it is. The author receives it by e-mail."),
    )


class RequestChangesForm(forms.Form):
    comment = reason_field(
        _("What should the author change?"),
        _("The author receives it by e-mail with a link to edit the problem."),
    )


class DeclineForm(forms.Form):
    comment = reason_field(
        _("Reason for declining"),
        _("Declining is final. The author receives this reason by e-mail."),
    )
    confirm = forms.BooleanField(
        label=_("I understand that declining is final: the author cannot send this problem again."),
        error_messages={"required": _("Tick this box to confirm that you decline for good.")},
    )


FORMS_BY_ACTION = {"approve": PublishForm, "reject": RequestChangesForm, "decline": DeclineForm}
