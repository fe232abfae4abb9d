from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

WAGTAIL_DEFAULT_USER_VIEWSET = "wagtail.users.views.users.UserViewSet"


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Wagtail's admin builds its user forms from the viewset its app config names; ours adds the profile
        # fields. Wagtail reads the attribute when the admin URLs are loaded, after every app is ready.
        # (Equivalent to Wagtail's documented way, a WagtailUsersAppConfig subclass in INSTALLED_APPS.)
        users_config = apps.get_app_config("wagtailusers")
        if users_config.user_viewset == WAGTAIL_DEFAULT_USER_VIEWSET:
            users_config.user_viewset = "accounts.wagtail_users.UserViewSet"
