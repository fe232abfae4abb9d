from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    name = "opendata"
    verbose_name = _("Open data")

    def ready(self):
        from . import signal_handlers

        signal_handlers.connect()
