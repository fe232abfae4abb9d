from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from wagtail.signals import page_published

        from core.pages import show_published_page_in_every_language

        from . import signal_handlers
        from .models import InitiativePage

        page_published.connect(show_published_page_in_every_language, sender=InitiativePage)
        signal_handlers.connect()
