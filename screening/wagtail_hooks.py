from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.panels import DashboardPanel
from initiatives.models import InitiativePage

from . import views
from .permissions import is_screener
from .queue import queue_summary


def waiting_for_label(page) -> str:
    return _("Review of an update") if page.live else _("Screening of a new submission")


class ScreenersMenuItem(MenuItem):
    def is_shown(self, request):
        return is_screener(request.user)


class EndorsementColumn(Column):
    cell_template_name = "screening/admin/endorsement_cell.html"


class ScreeningQueueViewSet(PageListingViewSet):
    index_view_class = views.ScreeningQueueView
    model = InitiativePage
    filterset_class = views.ScreeningQueueFilterSet
    menu_item_class = ScreenersMenuItem
    icon = "tasks"
    menu_label = _("Screening queue")
    menu_order = 140
    add_to_admin_menu = True
    url_prefix = "screening/queue"
    columns = [
        TitleColumn(
            "title",
            label=_("Title"),
            accessor="draft_title",
            get_url=lambda page: reverse("screening:decide", args=[page.pk]),
        ),
        Column(
            "kind",
            label=_("Waiting for"),
            accessor=lambda page: (
                _("Review of an update") if page.live else _("Screening of a new submission")
            ),
        ),
        Column("province", label=_("Province")),
        Column("call", label=_("Call")),
        Column("language", label=_("Language"), accessor="get_language_display"),
        EndorsementColumn("endorsement_document", label=_("Endorsement scan")),
        DateColumn("waiting_since", label=_("Waiting since"), sort_key="waiting_since"),
    ]


@hooks.register("insert_global_admin_css")
def screening_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("screening/admin.css"))


@hooks.register("register_admin_viewset")
def register_screening_queue():
    return ScreeningQueueViewSet("screening_queue")


@hooks.register("register_admin_urls")
def register_decision_page():
    urls = [path("<int:page_id>/", views.decide, name="decide")]
    return [path("screening/", include((urls, "screening"), namespace="screening"))]


@hooks.register("construct_homepage_panels")
def add_screening_queue_panel(request, panels):
    if is_screener(request.user):
        context = {**queue_summary(request.user), "queue_url": reverse("screening_queue:index")}
        panels.append(DashboardPanel("screening_queue", 50, "screening/admin/queue_panel.html", context))
