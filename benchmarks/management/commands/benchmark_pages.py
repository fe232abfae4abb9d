"""`python manage.py benchmark_pages [--count 10000] [--concurrency 8] [--seconds 10]` (README, "Benchmark of
pages")."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from benchmarks.load import Result, Target, drive, fetch
from benchmarks.server import HOST, ProductionServer, ServerFailed
from halls.models import HallPage
from initiatives.models import InitiativePage
from search import benchmark

STYLESHEET = re.compile(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"')
# The targets (README, "Benchmark of pages").
CACHED_SHARE_OF_STATIC = 0.5
UNCACHED_P95_MS = 60.0
WARM_UP_REQUESTS = 3


class Command(BaseCommand):
    help = (
        "Starts the production server (gunicorn, the production settings) on this database and a free local "
        "port, twice (page cache on, then off), drives the home page, a hall, a filtered hall, an "
        "initiative, a search, the pages API and a static file at a fixed concurrency, and prints requests "
        "per second, p50 and p95 and each target's share of the static file's rate in the same run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=0, help="synthetic initiatives to load first (kept)")
        parser.add_argument("--concurrency", type=int, default=8, help="clients at once (default 8)")
        parser.add_argument("--seconds", type=float, default=10, help="time per target (default 10)")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
        parser.add_argument(
            "--redis-url",
            default="redis://127.0.0.1:6379/14",
            help="the server's REDIS_URL (default redis://127.0.0.1:6379/14); empty: the database cache",
        )

    def handle(self, *args, count: int, concurrency: int, seconds: float, workers: int, redis_url: str, **_):
        if concurrency < 1 or seconds <= 0 or workers < 1 or count < 0:
            raise CommandError(
                "--concurrency and --workers must be at least 1, --seconds and --count positive."
            )
        if count:
            self.load(count)
        pages = self.page_targets()
        self.stdout.write(
            f"{connection.vendor}, {'Redis' if redis_url else 'database cache'}, {workers} gunicorn workers, "
            f"{InitiativePage.objects.live().count()} live initiatives; {concurrency} clients for "
            f"{seconds:g} s per target, on this machine; times in ms"
        )
        self.stdout.write(
            f"{'run':9} {'target':16} {'requests':>8} {'errors':>6} {'req/s':>8} {'p50':>7} {'p95':>7} "
            f"{'×static':>7} {'cached':>6} {'KB':>5}"
        )
        runs = {}
        errors = 0
        for run, page_cache_seconds in (("cached", 300), ("uncached", 0)):
            try:
                with ProductionServer(
                    workers=workers,
                    redis_url=redis_url,
                    page_cache_seconds=page_cache_seconds,
                    prepare=run == "cached",  # the first start collects static files and migrates
                ) as server:
                    results = self.run(server, pages, concurrency, seconds)
                    failed = sum(result.error_count for result in results)
                    if failed:
                        self.stderr.write(f"The server's last lines:\n{server.output()}")
                    errors += failed
            except ServerFailed as error:
                raise CommandError(str(error)) from error
            runs[run] = results
            self.print_run(run, results)
        self.print_verdict(runs)
        if errors:
            raise CommandError(f"{errors} requests failed (any answer but 200 is a failure).")

    def load(self, count: int) -> None:
        try:
            added = benchmark.load(count, self.progress)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if added:
            self.stderr.write("")

    def page_targets(self) -> list[Target]:
        """Addresses in the Vietnamese tree: an initiative (the newest), its hall, that hall filtered by the
        initiative's province, the solutions bank with a query, the home page, the pages API."""
        initiative = (
            InitiativePage.objects.live().public().filter(locale__language_code="vi").order_by("-pk").first()
        )
        hall = HallPage.objects.filter(pk=initiative.get_parent().pk).first() if initiative else None
        if hall is None:
            raise CommandError("No published initiative in a Vietnamese hall: run load_demo_content first.")
        with translation.override("vi"):
            search = reverse("search:solutions")
        return [
            Target("home", "/vi/"),
            Target("hall", path_of(hall)),
            Target("filtered hall", f"{path_of(hall)}?province={initiative.province.gso_code}"),
            Target("initiative", path_of(initiative)),
            Target("search", f"{search}?q=dich+vu+cong"),
            Target("pages API", "/api/v2/pages/?type=initiatives.InitiativePage&limit=20", cacheable=False),
        ]

    def run(
        self, server: ProductionServer, pages: list[Target], concurrency: int, seconds: float
    ) -> list[Result]:
        status, _, body = fetch(server.port, "/vi/", HOST)
        stylesheet = STYLESHEET.search(body.decode(errors="replace")) if status == 200 else None
        if stylesheet is None:
            raise CommandError(f"The home page answered {status} without a stylesheet:\n{server.output()}")
        targets = [Target("static file", stylesheet.group(1), cacheable=False), *pages]
        results = []
        for target in targets:
            # Unmeasured: the page cache keeps the page (when on), both workers have made it once.
            for _ in range(WARM_UP_REQUESTS):
                fetch(server.port, target.path, HOST)
            results.append(drive(server.port, HOST, target, concurrency, seconds))
        return results

    def print_run(self, run: str, results: list[Result]) -> None:
        static = results[0].per_second
        for result in results:
            share = result.per_second / static if static else 0
            cached = f"{result.hit_share:>6.0%}" if result.target.cacheable else f"{'–':>6}"
            self.stdout.write(
                f"{run:9} {result.target.name:16} {result.requests:>8} {result.error_count:>6} "
                f"{result.per_second:>8.1f} {result.p50:>7.1f} {result.p95:>7.1f} {share:>7.2f} {cached} "
                f"{result.average_kilobytes:>5.1f}"
            )
            for error, times in sorted(result.errors.items()):
                self.stdout.write(f"{'':9}   error {error}: {times} times")

    def print_verdict(self, runs: dict[str, list[Result]]) -> None:
        cached = runs["cached"]
        static = cached[0].per_second
        cached_pages = [r for r in cached if r.target.cacheable]
        lowest = min(cached_pages, key=lambda r: r.per_second)
        share = lowest.per_second / static if static else 0
        uncached = {r.target.name: r for r in runs["uncached"]}
        slowest = max((uncached["hall"], uncached["initiative"]), key=lambda r: r.p95)
        failed = sum(r.error_count for results in runs.values() for r in results)
        self.stdout.write(
            f"targets: cached pages ≥ {CACHED_SHARE_OF_STATIC:.0%} of the static file's req/s: "
            f"{verdict(share >= CACHED_SHARE_OF_STATIC)} (lowest {lowest.target.name}, {share:.0%}); "
            f"uncached hall and initiative p95 ≤ {UNCACHED_P95_MS:g} ms: "
            f"{verdict(slowest.p95 <= UNCACHED_P95_MS)} ({slowest.target.name}, {slowest.p95:.1f} ms); "
            f"zero errors: {verdict(not failed)}"
        )

    def progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\rLoading {done}/{total}", ending="")
        self.stderr.flush()


def path_of(page) -> str:
    """The page's address on its site, without scheme and host."""
    return page.get_url_parts()[2]


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"
