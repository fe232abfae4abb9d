"""Settings › Outgoing e-mails: the e-mails waiting for another attempt and those that failed."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from .models import OutgoingEmail


class AdministratorsReadOnly(BasePermissionPolicy):
    """Administrators read the list; the e-mails themselves come and go with the task queue only."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True, is_superuser=True)
        return users if "view" in actions else users.none()


register_permission_policy(OutgoingEmail, AdministratorsReadOnly(OutgoingEmail))


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


class OutgoingEmailViewSet(ModelViewSet):
    model = OutgoingEmail
    menu_item_class = AdministratorsMenuItem
    add_to_settings_menu = True
    menu_label = _("Outgoing e-mails")
    icon = "mail"
    url_prefix = "outgoing-emails"
    list_display = [
        Column("recipients", label=_("Recipient")),
        Column("subject", label=_("Subject")),
        Column("get_state_display", label=_("State"), sort_key="state"),
        Column("attempts", label=_("Failed attempts"), sort_key="attempts"),
        Column("last_error", label=_("Last error")),
        DateColumn("next_attempt_at", label=_("Next attempt"), sort_key="next_attempt_at"),
        DateColumn("created_at", label=_("Written at"), sort_key="created_at"),
    ]
    list_filter = ["state"]
    copy_view_enabled = False
    # Nobody may add or change one (AdministratorsReadOnly); Wagtail still builds the form of its views.
    form_fields = []
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_outgoing_emails():
    return OutgoingEmailViewSet("outgoing_emails")
