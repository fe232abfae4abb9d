from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_style_guide_menu_item():
    """The public site's style guide (home.views.style_guide), for those who build and edit the site."""
    return AdministratorsMenuItem(
        _("Site style guide"), reverse_lazy("style_guide"), icon_name="doc-full", order=900
    )
