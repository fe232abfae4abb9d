from django.core.management import call_command
from django.core.management.base import BaseCommand

from core.kept import forget_kept


class Command(BaseCommand):
    help = (
        "Before the server starts (scripts/serve.sh): collect the static files, bring the database up to "
        "date, create the database cache's table and forget the values kept in the cache, in one process so "
        "that the site loads only once."
    )

    def handle(self, *args, **options):
        # This command's own system checks have run; collectstatic and migrate would run them again.
        call_command("collectstatic", interactive=False, verbosity=0, skip_checks=True)
        call_command("migrate", interactive=False, verbosity=options["verbosity"], skip_checks=True)
        # It does nothing when no cache is kept in the database.
        call_command("createcachetable", verbosity=options["verbosity"])
        # What the previous release kept may have another shape, and what was loaded or changed without the
        # site (a migration, a bulk load) raised no signal: the new release works it out again.
        forget_kept()
