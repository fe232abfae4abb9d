from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class HallsConfig(AppConfig):
    name = "halls"
    verbose_name = _("Halls")

    def ready(self):
        from .sorting import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="halls-sqlite-collation")
