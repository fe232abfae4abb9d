"""`python manage.py benchmark_pages [--count 10000] [--concurrency 8] [--seconds 10] [--submitters 20]
[--only-submitters]` (README, "Benchmark of pages")."""

import re

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from benchmarks import submitters
from benchmarks.load import Result, Target, drive, fetch
from benchmarks.server import HOST, ProductionServer, ProductionWorker, ServerFailed
from halls.models import HallPage
from initiatives.models import InitiativePage
from search import benchmark

STYLESHEET = re.compile(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"')
# The targets (README, "Benchmark of pages").
CACHED_SHARE_OF_STATIC = 0.5
UNCACHED_P95_MS = 60.0
WARM_UP_REQUESTS = 3
# The uncached pages driven again by as many clients as there are workers: each request finds a free
# worker, so its time is the page's own, without the wait for the others that --concurrency adds.
PER_WORKER = "1/worker"
# Then again on a server that keeps no value worked out from the database (KEPT_SECONDS=0: menus, facets'
# terms and counts, similar initiatives), one client per worker: a page as right after a publish.
COLD = "cold"
# How long the worker may take, after the last submission, to send every e-mail the run queued.
DELIVERY_PATIENCE_SECONDS = 60


class Command(BaseCommand):
    help = (
        "Starts the production server (gunicorn, the production settings) on this database and a free local "
        "port, three times (page cache on; off; off with nothing kept), drives the home page, a hall, a "
        "filtered hall, an initiative, a search, the pages API and a static file at a fixed concurrency "
        "(uncached, also with one client per worker; with nothing kept, one client per worker), and prints "
        "requests per second, p50 and p95 and each target's share of the static file's rate in the same "
        "run. With --submitters, then has that many people save every section of the submission form and "
        "submit, all at once, while visitors browse, and checks that nothing was lost and the worker sent "
        "every e-mail."
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
        parser.add_argument(
            "--submitters",
            dest="submitter_count",
            type=int,
            default=0,
            help="people submitting at once after the pages, beside --concurrency visitors (default 0: none)",
        )
        parser.add_argument("--only-submitters", action="store_true", help="the submitters without the pages")

    def handle(
        self,
        *args,
        count: int,
        concurrency: int,
        seconds: float,
        workers: int,
        redis_url: str,
        submitter_count: int,
        only_submitters: bool,
        **_,
    ):
        if concurrency < 1 or seconds <= 0 or workers < 1 or count < 0 or submitter_count < 0:
            raise CommandError(
                "--concurrency and --workers must be at least 1; --seconds, --count, --submitters positive."
            )
        if only_submitters and not submitter_count:
            raise CommandError("--only-submitters needs --submitters.")
        if count:
            self.load(count)
        pages = self.page_targets()
        if not only_submitters:
            self.benchmark_pages(pages, concurrency, seconds, workers, redis_url)
        if submitter_count:
            self.benchmark_submitters(
                submitter_count, pages, concurrency, workers, redis_url, prepare=only_submitters
            )

    def benchmark_pages(
        self, pages: list[Target], concurrency: int, seconds: float, workers: int, redis_url: str
    ) -> None:
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
        for run, page_cache_seconds, kept_seconds in (
            ("cached", 300, None),
            ("uncached", 0, None),
            (COLD, 0, 0),
        ):
            try:
                with ProductionServer(
                    workers=workers,
                    redis_url=redis_url,
                    page_cache_seconds=page_cache_seconds,
                    kept_seconds=kept_seconds,
                    prepare=run == "cached",  # the first start collects static files and migrates
                ) as server:
                    clients = workers if run == COLD else concurrency
                    passes = {run: self.run(server, pages, clients, seconds)}
                    if run == "uncached":  # the time of a page, without waiting for a free worker
                        passes[PER_WORKER] = self.run(server, pages, workers, seconds)
                    failed = sum(result.error_count for results in passes.values() for result in results)
                    if failed:
                        self.stderr.write(f"The server's last lines:\n{server.output()}")
                    errors += failed
            except ServerFailed as error:
                raise CommandError(str(error)) from error
            for name, results in passes.items():
                runs[name] = results
                self.print_run(name, results)
        self.print_verdict(runs, concurrency)
        if errors:
            raise CommandError(f"{errors} requests failed (any answer but 200 is a failure).")

    def benchmark_submitters(
        self, count: int, pages: list[Target], visitors: int, workers: int, redis_url: str, *, prepare: bool
    ) -> None:
        """The submission form under load (benchmarks/submitters.py), on a server and a worker of its own."""
        try:
            plans = submitters.prepare(count)
        except submitters.NotReady as error:
            raise CommandError(str(error)) from error
        since = timezone.now()
        browsed = [target.path for target in pages if target.cacheable]
        try:
            # Each submitter counts as a client of its own for the log-in rate limit, as behind nginx.
            with (
                ProductionServer(
                    workers=workers,
                    redis_url=redis_url,
                    page_cache_seconds=300,
                    prepare=prepare,
                    trusted_proxies=1,
                ) as server,
                ProductionWorker(server) as worker,
            ):
                figures = submitters.Run(server.port, HOST, plans, browsed, visitors)()
                delivery = submitters.wait_for_delivery(
                    since, figures.finished_at, plans, worker.output, DELIVERY_PATIENCE_SECONDS
                )
                if figures.errors:
                    self.stderr.write(f"The server's last lines:\n{server.output()}")
                if not delivery.complete:
                    self.stderr.write(f"The worker's last lines:\n{worker.output(40)}")
        except ServerFailed as error:
            raise CommandError(str(error)) from error
        lost = submitters.losses(plans, figures.submission_ids)
        self.print_submitters(plans, figures, delivery, lost, visitors, redis_url)
        problems = [
            *figures.failures,
            *(f"visitor: {error} ({times} times)" for error, times in sorted(figures.visit_errors.items())),
            *lost,
        ]
        if not delivery.complete:
            problems.append("not every e-mail was delivered")
        if problems:
            raise CommandError("The submitters' run lost or failed something:\n" + "\n".join(problems))

    def print_submitters(
        self,
        plans: list[submitters.Plan],
        figures: submitters.Figures,
        delivery: submitters.Delivery,
        lost: list[str],
        visitors: int,
        redis_url: str,
    ) -> None:
        self.stdout.write(
            f"{connection.vendor}, {'Redis' if redis_url else 'database cache'}: {len(plans)} submitters at "
            f"once, {visitors} visitors beside them, one worker; "
            f"{figures.seconds:.1f} s from the first save to the last submission; times in ms"
        )
        self.stdout.write(f"{'step':16} {'requests':>8} {'errors':>6} {'p50':>7} {'p95':>7}")
        rows = [(name, timed, figures.failed_steps[name]) for name, timed in figures.timed.items()]
        rows.append(("visitors' pages", figures.visits, sum(figures.visit_errors.values())))
        for name, timed, errors in rows:
            p50, p95 = submitters.timings(timed)
            self.stdout.write(f"{name:16} {len(timed) + errors:>8} {errors:>6} {p50:>7.1f} {p95:>7.1f}")
        for failure in figures.failures:
            self.stdout.write(f"  error {failure}")
        for error, times in sorted(figures.visit_errors.items()):
            self.stdout.write(f"  error visitor: {error}: {times} times")
        self.stdout.write(
            f"e-mails: {delivery.queued} queued, {delivery.delivered} delivered by the worker "
            f"({delivery.printed} in its output), {delivery.waiting} waiting, {delivery.failed} failed; "
            f"the last sent {delivery.seconds:.1f} s after the last submission"
        )
        for task, times in sorted((delivery.unfinished_tasks + delivery.failed_tasks).items()):
            self.stdout.write(f"  task {task}: {times} not done")
        for address in delivery.missing_recipients:
            self.stdout.write(f"  nothing sent to {address}")
        intact = sum(not any(line.startswith(f"{plan.email}:") for line in lost) for plan in plans)
        self.stdout.write(f"drafts and submissions: {intact} of {len(plans)} intact")
        for line in lost:
            self.stdout.write(f"  lost {line}")
        self.stdout.write(
            f"targets: zero errors: {verdict(not figures.errors)}; every draft and submission intact: "
            f"{verdict(not lost)}; every e-mail delivered: {verdict(delivery.complete)}"
        )

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

    def print_verdict(self, runs: dict[str, list[Result]], concurrency: int) -> None:
        cached = runs["cached"]
        static = cached[0].per_second
        cached_pages = [r for r in cached if r.target.cacheable]
        lowest = min(cached_pages, key=lambda r: r.per_second)
        share = lowest.per_second / static if static else 0
        slowest = {}
        for run in ("uncached", PER_WORKER, COLD):
            uncached = {r.target.name: r for r in runs[run]}
            slowest[run] = max((uncached["hall"], uncached["initiative"]), key=lambda r: r.p95)
        failed = sum(r.error_count for results in runs.values() for r in results)
        self.stdout.write(
            f"targets: cached pages ≥ {CACHED_SHARE_OF_STATIC:.0%} of the static file's req/s: "
            f"{verdict(share >= CACHED_SHARE_OF_STATIC)} (lowest {lowest.target.name}, {share:.0%}); "
            f"uncached hall and initiative p95 ≤ {UNCACHED_P95_MS:g} ms: "
            + "; ".join(
                f"{verdict(result.p95 <= UNCACHED_P95_MS)} {clients} "
                f"({result.target.name}, {result.p95:.1f} ms)"
                for clients, result in (
                    (f"with {concurrency} clients", slowest["uncached"]),
                    ("with one client per worker", slowest[PER_WORKER]),
                    ("with nothing kept, one client per worker", slowest[COLD]),
                )
            )
            + f"; zero errors: {verdict(not failed)}"
        )

    def progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\rLoading {done}/{total}", ending="")
        self.stderr.flush()


def path_of(page) -> str:
    """The page's address on its site, without scheme and host."""
    return page.get_url_parts()[2]


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"
