from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .call_initiatives import call_initiatives_section
from .models import GlossaryTerm


class GlossaryTermViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Search glossary")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["vietnamese", "english"]
    list_per_page = 50


register_snippet(GlossaryTermViewSet)
hooks.register("call_page_sections", call_initiatives_section)
