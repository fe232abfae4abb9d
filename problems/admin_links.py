"""The screeners' listing of the links between problems and initiatives: confirm the pending ones in one
click, or remove a link (Wagtail's delete view asks for confirmation)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from initiatives.models import SCREENERS_GROUP_NAME
from screening.permissions import is_screener

from .links import confirm
from .models import ProblemLink


class ScreenersPermissionPolicy(BasePermissionPolicy):
    """Screeners and administrators see, confirm and remove links; nobody adds or edits one here (a link
    of another kind is another link, named as such)."""

    ACTIONS = {"view", "delete"}

    def user_has_permission(self, user, action) -> bool:
        return action in self.ACTIONS and is_screener(user)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not self.ACTIONS & set(actions):
            return users.none()
        return users.filter(is_superuser=True) | users.filter(groups__name=SCREENERS_GROUP_NAME)


register_permission_policy(ProblemLink, ScreenersPermissionPolicy(ProblemLink))


class ConfirmColumn(Column):
    cell_template_name = "problems/admin/confirm_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(parent_context["request"])
        return context


@require_POST
def confirm_link(request, pk: int):
    if not is_screener(request.user):
        raise PermissionDenied
    link = get_object_or_404(ProblemLink, pk=pk)
    confirm(link, request.user)
    messages.success(request, gettext("The link is confirmed: “%(link)s”.") % {"link": link})
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return redirect("problem_link_admin:index")


class ProblemLinkIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("problem", "initiative")


class ProblemLinkViewSet(ModelViewSet):
    model = ProblemLink
    index_view_class = ProblemLinkIndexView
    icon = "link"
    menu_label = _("Problem links")
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "problem-links"
    url_namespace = "problem_link_admin"
    form_fields = ["kind"]
    copy_view_enabled = False
    list_filter = ["state", "kind"]
    list_display = [
        Column("initiative", label=_("Initiative")),
        Column("problem", label=_("Problem")),
        Column("kind", label=_("Kind of link"), accessor="get_kind_display"),
        Column("state", label=_("State"), accessor="get_state_display"),
        DateColumn("created_at", label=_("Named on")),
        ConfirmColumn("confirm", label=_("Confirm")),
    ]

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("confirm/<int:pk>/", confirm_link, name="confirm")]
