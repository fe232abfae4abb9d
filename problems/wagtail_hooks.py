from django.template.loader import render_to_string
from wagtail import hooks

from submissions.forms import EXTRA_FIELDS_HOOK

from .admin_links import ProblemLinkViewSet
from .link_forms import submission_fields
from .links import links_of, problems_answered_by

# Links between problems and initiatives.


@hooks.register("register_admin_viewset")
def register_problem_link_admin():
    return ProblemLinkViewSet("problem_link_admin")


@hooks.register(EXTRA_FIELDS_HOOK)
def problems_named_in_submission(slug, language):
    return submission_fields(slug, language)


@hooks.register("initiative_page_sections")
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
