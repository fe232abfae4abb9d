from django.template.loader import render_to_string
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.kept import kept_for_page
from core.panels import DashboardPanel
from screening.permissions import is_screener
from screening.wagtail_hooks import ScreenersMenuItem
from submissions.forms import EXTRA_FIELDS_HOOK

from . import admin_views, community
from .admin_links import ProblemLinkViewSet
from .admin_replications import ReplicationViewSet
from .link_forms import submission_fields
from .links import links_of, problems_answered_by
from .models import ProblemPage
from .review import queue_summary


class ProblemQueueViewSet(PageListingViewSet):
    index_view_class = admin_views.ProblemQueueView
    model = ProblemPage
    filterset_class = admin_views.ProblemQueueFilterSet
    menu_item_class = ScreenersMenuItem
    icon = "help"
    menu_label = _("Problems to screen")
    menu_order = 141
    add_to_admin_menu = True
    url_prefix = "problems/queue"
    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            accessor="draft_title",
            get_url=lambda page: reverse("problem_screening:decide", args=[page.pk]),
        ),
        Column(
            "kind",
            label=_("Waiting for"),
            accessor=lambda page: _("Review of an update") if page.live else _("Screening of a new problem"),
        ),
        Column("province", label=_("Province")),
        Column("sector", label=_("Sector")),
        Column("language", label=_("Language"), accessor="get_language_display"),
        Column(
            "on_behalf_of",
            label=_("Posted on behalf of"),
            accessor=lambda page: getattr(getattr(page, "draft", None), "on_behalf_of", "") or "—",
        ),
        DateColumn("waiting_since", label=_("Waiting since"), sort_key="waiting_since"),
    ]


@hooks.register("register_admin_viewset")
def register_problem_queue():
    return ProblemQueueViewSet("problem_queue")


@hooks.register("register_admin_urls")
def register_problem_decision_page():
    urls = [path("<int:page_id>/", admin_views.decide, name="decide")]
    return [path("problems/screening/", include((urls, "problem_screening"), namespace="problem_screening"))]


@hooks.register("construct_homepage_panels")
def add_problem_queue_panel(request, panels):
    if is_screener(request.user):
        context = {**queue_summary(request.user), "queue_url": reverse("problem_queue:index")}
        panels.append(DashboardPanel("problem_queue", 51, "problems/admin/queue_panel.html", context))


@hooks.register("register_admin_viewset")
def register_replication_screening():
    return ReplicationViewSet("replication_screening")


@hooks.register("problem_page_actions")
def community_actions_on_problems(request, page):
    user = request.user if request else None
    context = {
        "page": page,
        "following": community.follow_of(page, user) is not None,
        "mark": community.mark_of(page, user),
        "refusal": community.why_not_agency(user) if user and user.is_authenticated else "",
    }
    return render_to_string("problems/community/problem_actions.html", context, request=request)


@hooks.register("initiative_page_badges")
def community_actions_on_initiatives(request, page):
    user = request.user if request else None
    context = {
        "page": page,
        "following": community.follow_of(page, user) is not None,
        "may_replicate": user is not None and community.is_agency(user),
    }
    return render_to_string("problems/community/initiative_actions.html", context, request=request)


@hooks.register("initiative_page_sections")
@kept_for_page("problems-initiative-replications")
def replications_on_initiatives(request, page):
    replications = community.replications_shown(page)
    if not replications:
        return ""
    context = {
        "page": page,
        "replications": replications,
        "localities": community.localities_count(replications),
    }
    return render_to_string("problems/community/initiative_replications.html", context, request=request)


# Links between problems and initiatives.


@hooks.register("register_admin_viewset")
def register_problem_link_admin():
    return ProblemLinkViewSet("problem_link_admin")


@hooks.register(EXTRA_FIELDS_HOOK)
def problems_named_in_submission(slug, language):
    return submission_fields(slug, language)


@hooks.register("initiative_page_sections")
@kept_for_page("problems-initiative-answered")
def problems_answered_section(request, page) -> str:
    linked = problems_answered_by(page)
    if not linked:
        return ""
    return render_to_string("problems/includes/initiative_problems.html", {"linked": linked}, request=request)


@hooks.register("screening_decision_sections")
def links_to_screen(request, page) -> str:
    links = links_of(page)
    if not links:
        return ""
    return render_to_string(
        "problems/admin/decision_links.html",
        {"links": links, "back": request.get_full_path()},
        request=request,
    )
