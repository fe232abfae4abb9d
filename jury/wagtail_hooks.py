from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from submissions.links import InitiativeLink

from .access import is_author
from .models import FullProposal, Grant
from .proposals import published_entry

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


# Proposals
# "My initiatives" (a lower layer) shows these links through its extension point, `submissions.links`.


@hooks.register("my_initiative_links")
def proposal_and_report_links(page, user):
    if not is_author(user, page):
        return []
    links = []
    entry = published_entry(page.pk)
    if entry is not None:
        proposal = FullProposal.objects.filter(evaluation=entry.shortlist.evaluation, initiative=page).first()
        if proposal is None:
            state = _("not started")
        elif proposal.is_submitted:
            state = _("submitted")
        else:
            state = _("draft")
        url = reverse("jury:proposal", args=[page.pk])
        links.append(InitiativeLink(str(_("Full proposal")), url, str(state)))
    for grant in Grant.objects.filter(initiative=page):
        links.append(InitiativeLink(str(_("Progress reports")), reverse("jury:reports", args=[grant.pk])))
    return links
