from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.panels import DashboardPanel

from .admin_listings import InitiativeListingMixin
from .models import Commune, Goal, InitiativePage, InnovationType, ProposerType, Province, Province2025, Stage
from .translations import stale_translations


class ProvinceFilterSet(WagtailFilterSet):
    class Meta:
        model = Province
        fields = ["region", "kind", "merged_into"]


class ProvinceViewSet(SnippetViewSet):
    model = Province
    icon = "site"
    list_display = ["gso_code", "name_vi", "name_en", "region", "merged_into"]
    search_fields = ["name_vi", "name_en", "gso_code"]
    filterset_class = ProvinceFilterSet
    list_per_page = 70


class Province2025ViewSet(SnippetViewSet):
    model = Province2025
    icon = "site"
    list_display = ["code", "name_vi", "name_en", "gso_code"]


class CommuneFilterSet(WagtailFilterSet):
    class Meta:
        model = Commune
        fields = ["province", "kind"]


class CommuneViewSet(SnippetViewSet):
    """Also the chooser of an initiative's commune. Loaded by `manage.py load_localities`."""

    model = Commune
    icon = "site"
    list_display = ["gso_code", "name_vi", "kind", "province"]
    # The folded name finds "hoan kiem" typed without diacritics.
    search_fields = ["name_vi", "search_name"]
    filterset_class = CommuneFilterSet
    list_per_page = 100


def taxonomy_viewset(term_model, term_icon="tag"):
    return type(
        f"{term_model.__name__}ViewSet",
        (SnippetViewSet,),
        {
            "model": term_model,
            "icon": term_icon,
            "list_display": ["code", "name_vi", "name_en", "sort_order"],
        },
    )


class ReferenceDataGroup(SnippetViewSetGroup):
    menu_label = _("Reference data")
    menu_icon = "list-ul"
    menu_order = 300
    items = (
        ProvinceViewSet,
        Province2025ViewSet,
        CommuneViewSet,
        taxonomy_viewset(Goal),
        taxonomy_viewset(InnovationType),
        taxonomy_viewset(Stage),
        taxonomy_viewset(ProposerType),
    )


register_snippet(ReferenceDataGroup)


class InitiativeFilterSet(PageFilterSet):
    class Meta:
        model = InitiativePage
        fields = ["locale", "live", "province", "stage", "proposer_type", "goals", "language", "call"]


class InitiativeIndexView(InitiativeListingMixin, IndexView):
    """Originals only: an alias is the same initiative shown in the other language's tree."""

    def get_base_queryset(self):
        return super().get_base_queryset().filter(alias_of__isnull=True)


class InitiativeListingViewSet(PageListingViewSet):
    index_view_class = InitiativeIndexView
    model = InitiativePage
    icon = "pick"
    menu_label = _("Initiatives")
    menu_order = 150
    add_to_admin_menu = True
    name = "initiatives"
    filterset_class = InitiativeFilterSet
    columns = [
        *PageListingViewSet.columns,
        Column("province", label=_("Province"), accessor="province"),
        Column("stage", label=_("Stage"), accessor="stage"),
        Column("language", label=_("Language"), accessor="get_language_display"),
    ]


@hooks.register("register_admin_viewset")
def register_initiative_listing():
    return InitiativeListingViewSet("initiatives")


@hooks.register("construct_homepage_panels")
def add_stale_translations_panel(request, panels):
    if request.user.has_perm("wagtail_localize.submit_translation") or request.user.is_superuser:
        stale = stale_translations()
        if stale:
            template = "initiatives/admin/stale_translations_panel.html"
            panels.append(DashboardPanel("stale_translations", 60, template, {"stale": stale}))
