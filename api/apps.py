from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("API for developers")

    def ready(self):
        from .initiative_fields import add_selection_and_problem_fields

        add_selection_and_problem_fields()
