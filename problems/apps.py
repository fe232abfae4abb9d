from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "problems"
    verbose_name = _("Problem bank")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            link_signal_handlers,
            notifications,
            notifications_community,
            search_kind,
            signal_handlers,
        )

        notifications.connect_signals()
        notifications_community.connect_signals()
        signal_handlers.register_signal_handlers()
        link_signal_handlers.connect()
        search_kind.register()
