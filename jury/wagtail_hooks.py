from django.utils.translation import gettext_lazy as _
from wagtail import hooks

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
