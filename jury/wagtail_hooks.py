from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from submissions.links import InitiativeLink

from . import chairs, scoring
from .access import chaired_evaluations, is_author, is_juror, is_secretariat
from .grants import grant_urls, manages_grants
from .models import Evaluation, FullProposal, Grant
from .proposals import published_entry
from .public import call_sections, initiative_badges
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


# Chairs
# The ranking, the reminders and the exports of each round of a call, and the first round's shortlist, for
# that round's chairs and the secretariat (jury.chairs decides who reaches each page).


class RankingsMenuItem(MenuItem):
    def is_shown(self, request):
        return chaired_evaluations(request.user, round=None).exists()


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


# Scoring
# The jurors' reviews: "My reviews", the scoring page of an assignment, its scan, conflicts and reopening
# (jury.scoring decides who reaches each page).


class JurorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_juror(request.user) or is_secretariat(request.user)


@hooks.register("register_admin_urls")
def register_scoring_pages():
    urls = [
        path("", scoring.my_reviews, name="index"),
        path("<int:assignment_id>/", scoring.score, name="score"),
        path("<int:assignment_id>/endorsement/", scoring.endorsement, name="endorsement"),
        path("<int:assignment_id>/conflict/", scoring.conflict, name="conflict"),
        path("<int:assignment_id>/reopen/", scoring.reopen, name="reopen"),
    ]
    return [path("evaluation/reviews/", include((urls, "jury_scoring"), namespace="jury_scoring"))]


@hooks.register("register_admin_menu_item")
def register_my_reviews_menu_item():
    return JurorsMenuItem(
        _("My reviews"), reverse_lazy("jury_scoring:index"), name="my-reviews", icon_name="tasks", order=411
    )


# Grants and public pages


class GrantsMenuItem(MenuItem):
    def is_shown(self, request):
        return manages_grants(request.user)


@hooks.register("register_admin_urls")
def register_grant_urls():
    return [path("evaluation/grants/", include((grant_urls(), "jury_grants"), namespace="jury_grants"))]


@hooks.register("register_admin_menu_item")
def register_grants_menu_item():
    return GrantsMenuItem(_("Grants"), reverse_lazy("jury_grants:index"), icon_name="pick", order=413)


hooks.register("call_page_sections", call_sections)
hooks.register("initiative_page_badges", initiative_badges)


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
    index = reverse_lazy("jury_evaluations:index")
    return SecretariatMenuItem(_("Evaluations"), index, name="evaluations", icon_name="tasks", order=410)


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
