from django.template.loader import render_to_string
from wagtail import hooks

from . import community
from .admin_replications import ReplicationViewSet


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
