from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .grants import grant_urls, manages_grants
from .public import call_sections, initiative_badges

# Every step of the selection is logged (who, when, what) and shown in the admin's history.
LOG_ACTIONS = {
    "jury.assign": _("Juror assigned"),
    "jury.unassign": _("Juror unassigned"),
    "jury.conflict": _("Conflict of interest declared"),
    "jury.submit": _("Review submitted"),
    "jury.reopen": _("Review reopened"),
    "jury.shortlist": _("Shortlist published"),
    "jury.proposal": _("Full proposal submitted"),
    "jury.award": _("Grant awarded"),
    "jury.tranche": _("Grant tranche recorded"),
    "jury.report": _("Progress report uploaded"),
    "jury.close": _("Grant closed"),
}


@hooks.register("register_log_actions")
def register_selection_actions(actions):
    for action, label in LOG_ACTIONS.items():
        actions.register_action(action, label, label)


# Grants and public pages


class GrantsMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_grants(request.user)


@hooks.register("register_admin_urls")
def register_grant_urls():
    return [path("evaluation/grants/", include((grant_urls(), "jury_grants"), namespace="jury_grants"))]


@hooks.register("register_admin_menu_item")
def register_grants_menu_item():
    return GrantsMenuItem(_("Grants"), reverse("jury_grants:index"), icon_name="pick", order=413)


hooks.register("call_page_sections", call_sections)
hooks.register("initiative_page_badges", initiative_badges)
