from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from submissions.links import InitiativeLink

from . import chairs
from .access import is_author, is_secretariat
from .models import FullProposal, Grant, JuryMember
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


# Chairs
# The ranking, the exports and the shortlist of a call's first-round evaluation, for its chairs and the
# secretariat (jury.chairs decides who reaches each page).


class RankingsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return is_secretariat(user) or JuryMember.objects.filter(user=user, is_chair=True).exists()


@hooks.register("register_admin_urls")
def register_chairs_pages():
    urls = [
        path("", chairs.index, name="index"),
        path("<int:call_page_id>/ranking/", chairs.ranking, name="ranking"),
        path("<int:call_page_id>/ranking/reminders/", chairs.reminders, name="reminders"),
        path("<int:call_page_id>/ranking.csv", chairs.ranking_csv, name="ranking_csv"),
        path("<int:call_page_id>/scores.csv", chairs.scores_csv, name="scores_csv"),
        path("<int:call_page_id>/shortlist/", chairs.shortlist, name="shortlist"),
    ]
    return [path("evaluation/calls/", include((urls, "jury_chairs"), namespace="jury_chairs"))]


@hooks.register("register_admin_menu_item")
def register_rankings_menu_item():
    return RankingsMenuItem(_("Rankings"), reverse_lazy("jury_chairs:index"), icon_name="list-ol", order=412)


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
