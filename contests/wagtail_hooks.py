"""The contests in Wagtail's admin: organisers create contests only, never plain calls; their pages for each
contest; a contest's entry on the committee's scoring page."""

from django.contrib import messages
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from calls.models import CallPage
from jury.models import Evaluation
from jury.scoring import SCORED_SUBJECT_HOOK

from . import organisers
from .models import ORGANISERS_GROUP_NAME, ContestPage


def chairs_a_committee(user) -> bool:
    return Evaluation.objects.filter(
        round=Evaluation.Round.CONTEST, members__user=user, members__is_chair=True
    ).exists()


@hooks.register("before_create_page")
def organisers_create_contests_only(request, parent_page, page_class):
    user = request.user
    if user.is_superuser or issubclass(page_class, ContestPage) or not issubclass(page_class, CallPage):
        return None
    if not user.groups.filter(name=ORGANISERS_GROUP_NAME).exists():
        return None
    messages.error(
        request, _("Contest organisers create contests; a grant call is created by an administrator.")
    )
    return redirect("wagtailadmin_explore", parent_page.pk)


# The organisers' pages (contests.organisers decides who reaches each).


class ContestsMenuItem(MenuItem):
    def is_shown(self, request):
        user = request.user
        return (
            user.is_superuser
            or user.groups.filter(name=ORGANISERS_GROUP_NAME).exists()
            or chairs_a_committee(user)
        )


@hooks.register("register_admin_urls")
def register_organisers_pages():
    urls = [
        path("", organisers.index, name="index"),
        path("<int:contest_id>/participation/", organisers.tracker, name="tracker"),
        path("<int:contest_id>/participation/remind/", organisers.remind, name="remind"),
        path("<int:contest_id>/committee/", organisers.committee_setup, name="committee"),
        path("<int:contest_id>/ranking/", organisers.ranking, name="ranking"),
        path("<int:contest_id>/ranking.csv", organisers.ranking_csv, name="ranking_csv"),
        path("<int:contest_id>/scores.csv", organisers.scores_csv, name="scores_csv"),
        path("<int:contest_id>/results/", organisers.results_page, name="results"),
        path("<int:contest_id>/results/publish/", organisers.publish_results, name="publish_results"),
        path(
            "<int:contest_id>/results/<int:entry_id>/publish/", organisers.publish_entry, name="publish_entry"
        ),
    ]
    return [path("contests/", include((urls, "contests_admin"), namespace="contests_admin"))]


@hooks.register("register_admin_menu_item")
def register_contests_menu_item():
    return ContestsMenuItem(
        gettext_lazy("Contests"), reverse_lazy("contests_admin:index"), icon_name="trophy", order=414
    )


@hooks.register(SCORED_SUBJECT_HOOK)
def entry_for_the_committee(request, assignment):
    """A contest's entry on the committee's scoring page: what was sent, never the authors' contact."""
    if assignment.entry_id is None:
        return ""
    return render_to_string(
        "contests/admin/scored_entry.html",
        {"entry": assignment.entry, "assignment": assignment},
        request=request,
    )
