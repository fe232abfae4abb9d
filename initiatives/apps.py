from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        from wagtail.signals import page_published

        from .models import InitiativePage

        page_published.connect(show_in_every_language, sender=InitiativePage)


def show_in_every_language(sender, instance, **kwargs) -> None:
    instance.ensure_shown_in_every_language()
