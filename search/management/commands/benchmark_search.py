"""`python manage.py benchmark_search [--count 10000]`: latency of the solutions bank on this database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from search import benchmark
from search.backends import get_search_backend


class Command(BaseCommand):
    help = (
        "Loads synthetic initiatives into the configured database (kept for later runs) and prints the "
        "p50 and p95 latency of representative searches through the view layer and in raw SQL."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=10_000, help="initiatives to search (default 10,000)"
        )
        parser.add_argument("--repeats", type=int, default=30, help="timed runs of each search (default 30)")
        parser.add_argument("--remove", action="store_true", help="delete the synthetic initiatives and stop")

    def handle(self, *args, count: int, repeats: int, remove: bool, **options):
        if remove:
            self.stdout.write(f"Removed {benchmark.remove()} synthetic initiatives.")
            return
        if count < 1 or repeats < 2:
            raise CommandError("--count must be at least 1 and --repeats at least 2.")
        try:
            added = benchmark.load(count, self.progress)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if added:
            self.stderr.write("")
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would give a live site
        backend = get_search_backend().__class__.__name__
        self.stdout.write(
            f"{connection.vendor}, {backend}: {benchmark.synthetic_count()} synthetic initiatives "
            f"(+{added} now), {repeats} runs each; times in ms"
        )
        columns = ("found", 7), ("view p50", 9), ("view p95", 9), ("SQL p50", 8), ("SQL p95", 8), ("×SQL", 5)
        self.stdout.write(f"{'search':34} " + " ".join(f"{name:>{width}}" for name, width in columns))
        with translation.override("vi"):
            url = reverse("search:solutions")
        for scenario in benchmark.SCENARIOS:
            timing = benchmark.measure(scenario, repeats, url)
            ratio = timing.view_p95 / timing.sql_p95 if timing.sql_p95 else 0
            self.stdout.write(
                f"{scenario.name:34} {timing.found:>7} {timing.view_p50:>9.1f} {timing.view_p95:>9.1f} "
                f"{timing.sql_p50:>8.1f} {timing.sql_p95:>8.1f} {ratio:>5.1f}"
            )

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stderr.write(f"\rLoading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()
