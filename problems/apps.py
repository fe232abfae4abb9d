from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "problems"
    verbose_name = _("Problem bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import search_kind

        search_kind.register()
