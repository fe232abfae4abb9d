from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from .access import is_secretariat
from .models import Evaluation
from .secretariat import EvaluationViewSet, SecretariatOnlyPolicy

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


# Secretariat
# The policy is registered before any viewset asks for Evaluation's: Wagtail would make a fallback one.
register_permission_policy(Evaluation, SecretariatOnlyPolicy(Evaluation))


class SecretariatMenuItem(MenuItem):
    def is_shown(self, request):
        return is_secretariat(request.user)


@hooks.register("register_admin_viewset")
def register_evaluations():
    return EvaluationViewSet("jury_evaluations")


@hooks.register("register_admin_menu_item")
def register_evaluations_menu_item():
    return SecretariatMenuItem(
        _("Evaluations"), reverse("jury_evaluations:index"), name="evaluations", icon_name="tasks", order=410
    )
