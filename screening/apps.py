from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self):
        from . import notifications, signal_handlers

        notifications.connect_signals()
        signal_handlers.register_signal_handlers()
