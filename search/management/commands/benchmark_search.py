"""`python manage.py benchmark_search [--count 10000] [--reference CHECKOUT --reference-database URL]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from search import benchmark
from search.backends import get_search_backend
from search.benchmark_reference import Reference, ReferenceUnavailable


class Command(BaseCommand):
    help = (
        "Loads synthetic initiatives into the configured database (kept for later runs) and prints the "
        "p50 and p95 latency of representative searches through the view layer and in raw SQL; with "
        "--reference, beside those of another checkout of the site on its own database, timed turn about."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--count", type=int, default=10_000, help="initiatives to search (default 10,000)"
        )
        parser.add_argument("--repeats", type=int, default=30, help="timed runs of each search (default 30)")
        parser.add_argument("--remove", action="store_true", help="delete the synthetic initiatives and stop")
        parser.add_argument(
            "--reference",
            type=Path,
            help="another checkout (say, the code before a change) to time beside this one; its database "
            "must hold the same initiatives (run this command there first)",
        )
        parser.add_argument("--reference-database", help="the reference checkout's DATABASE_URL")

    def handle(self, *args, count: int, repeats: int, remove: bool, reference: Path | None, **options):
        if remove:
            self.stdout.write(f"Removed {benchmark.remove()} synthetic initiatives.")
            return
        if count < 1 or repeats < 2:
            raise CommandError("--count must be at least 1 and --repeats at least 2.")
        if (reference is None) != (options["reference_database"] is None):
            raise CommandError("--reference and --reference-database go together.")
        try:
            added = benchmark.load(count, self.progress)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if added:
            self.stderr.write("")
        backend = get_search_backend().__class__.__name__
        self.stdout.write(
            f"{connection.vendor}, {backend}: {benchmark.synthetic_count()} synthetic initiatives "
            f"(+{added} now), {repeats} runs each; times in ms"
        )
        try:
            other = Reference(reference, options["reference_database"]) if reference else None
        except ReferenceUnavailable as error:
            raise CommandError(str(error)) from error
        try:
            self.report(repeats, other)
        except ReferenceUnavailable as error:
            raise CommandError(str(error)) from error
        finally:
            if other:
                other.close()

    def report(self, repeats: int, reference: Reference | None) -> None:
        columns = [("found", 7), ("view p50", 9), ("view p95", 9), ("SQL p50", 8), ("SQL p95", 8)]
        columns.append(("×SQL", 5))
        if reference:
            self.stdout.write(f"reference: {reference.checkout}, in turn with each run here")
            columns += [("ref view p50", 13), ("ref view p95", 13), ("ref SQL p50", 12), ("ref SQL p95", 12)]
        self.stdout.write(f"{'search':34} " + " ".join(f"{name:>{width}}" for name, width in columns))
        with translation.override("vi"):
            url = reverse("search:solutions")
        for scenario in benchmark.SCENARIOS:
            timing = benchmark.measure(scenario, repeats, url, reference)
            ratio = timing.view.p95 / timing.sql.p95 if timing.sql.p95 else 0
            line = (
                f"{scenario.name:34} {timing.found:>7} {timing.view.p50:>9.1f} {timing.view.p95:>9.1f} "
                f"{timing.sql.p50:>8.1f} {timing.sql.p95:>8.1f} {ratio:>5.1f}"
            )
            if timing.reference_view and timing.reference_sql:
                line += (
                    f" {timing.reference_view.p50:>13.1f} {timing.reference_view.p95:>13.1f}"
                    f" {timing.reference_sql.p50:>12.1f} {timing.reference_sql.p95:>12.1f}"
                )
            self.stdout.write(line)

    def progress(self, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.stderr.write(f"\rLoading [{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending="")
        self.stderr.flush()
