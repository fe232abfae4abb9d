"""The screeners' queue of replications in the admin: read one, then publish it, send it back or decline it,
always with a reason the person who recorded it receives by e-mail (see `notifications_community`)."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from initiatives.models import SCREENERS_GROUP_NAME
from screening.permissions import is_screener

from . import community
from .models import LONG_TEXT_LIMIT, Replication


class ScreenersPermissionPolicy(BasePermissionPolicy):
    """Screeners (and administrators) read and decide on replications; nobody adds or deletes them here."""

    def user_has_permission(self, user, action):
        return action in ("view", "change") and is_screener(user)

    def users_with_any_permission(self, actions):
        if not {"view", "change"} & set(actions):
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=SCREENERS_GROUP_NAME), is_active=True)
            .distinct()
        )


register_permission_policy(Replication, ScreenersPermissionPolicy(Replication))


class ScreenersMenuItem(MenuItem):
    def is_shown(self, request):
        return is_screener(request.user)


class ReplicationDecisionForm(WagtailAdminModelForm):
    state = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (Replication.State.PUBLISHED, _("Publish")),
            (Replication.State.CHANGES_REQUESTED, _("Request changes")),
            (Replication.State.DECLINED, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason, sent to the person who recorded it"),
        max_length=LONG_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class DecisionView(generic.EditView):
    success_message = _("Decision recorded; the person who recorded the replication was told by e-mail.")

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = self.get_object()

    def dispatch(self, request, *args, **kwargs):
        if not community.may_decide_replication(self.object, request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        data = self.form.cleaned_data
        return community.decide_replication(self.object, self.request.user, data["state"], data["reason"])


class ReplicationViewSet(ModelViewSet):
    model = Replication
    edit_view_class = DecisionView
    menu_item_class = ScreenersMenuItem
    add_to_admin_menu = True
    menu_label = _("Replications")
    menu_order = 145
    icon = "resubmit"
    url_prefix = "screening/replications"
    list_display = ["initiative", "province", "commune", "organisation", "year", "state", "created_at"]
    list_filter = ["state"]
    copy_view_enabled = False
    inspect_view_enabled = False
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("initiative", read_only=True),
                    FieldRowPanel(
                        [FieldPanel("province", read_only=True), FieldPanel("commune", read_only=True)]
                    ),
                    FieldRowPanel(
                        [FieldPanel("organisation", read_only=True), FieldPanel("year", read_only=True)]
                    ),
                    FieldPanel("adapted", read_only=True),
                    FieldRowPanel(
                        [
                            FieldPanel("contact_name", read_only=True),
                            FieldPanel("contact_phone", read_only=True),
                            FieldPanel("contact_email", read_only=True),
                        ]
                    ),
                    FieldPanel("created_by", read_only=True),
                ],
                heading=_("The replication"),
            ),
            FieldPanel("state"),
            FieldPanel("reason"),
        ],
        base_form_class=ReplicationDecisionForm,
    )

    def get_queryset(self, request):
        return Replication.objects.select_related("initiative", "province", "commune", "created_by")
