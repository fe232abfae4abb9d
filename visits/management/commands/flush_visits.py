from django.core.management.base import BaseCommand

from visits.counter import flush


class Command(BaseCommand):
    help = "Writes the page views counted in the cache to the database (run it every few minutes)."

    def handle(self, *args, **options):
        views = flush()
        self.stdout.write(f"{views} page views written.")
