from django.core.management.base import BaseCommand

from opendata.export import export_open_data


class Command(BaseCommand):
    help = (
        "Writes the open data files (initiatives, calls, problems, the data dictionary) and their manifest."
    )

    def handle(self, *args, **options):
        manifest = export_open_data()
        for name, entry in manifest["files"].items():
            self.stdout.write(
                f"{name}: {entry['rows']} rows, {entry['bytes']} bytes, sha256 {entry['sha256']}"
            )
