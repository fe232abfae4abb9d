from django.core.management.base import BaseCommand

from outbox.delivery import try_failed_again


class Command(BaseCommand):
    help = "Tries once more to send every e-mail that failed, e.g. once the mail server works again."

    def handle(self, *args, **options):
        count = try_failed_again()
        self.stdout.write(f"{count} e-mail(s) queued again.")
