from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = _("Screening")

    def ready(self):
        from . import decisions, models, notifications, signal_handlers

        models.review_action_requested.connect(
            decisions.carry_out_review_action, dispatch_uid="expo_carry_out_review_action"
        )
        notifications.connect_signals()
        signal_handlers.register_signal_handlers()
