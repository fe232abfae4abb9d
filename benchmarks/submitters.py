"""The load test of the submission form, for `benchmark_pages --submitters N` (README, "Benchmark of pages").

N synthetic submitters, each with a browser of its own, log in through the site's form and open a new
initiative; then all of them at once (a barrier) save every section with values of their own, and all at
once again submit, while visitors browse the public pages. Afterwards the database must hold each draft and
submission exactly as sent, once, and the worker must have delivered every e-mail the run queued.

The accounts are kept under DOMAIN and reused by the next run, which first removes what the previous one
submitted; the run submits to a call of its own (CALL_SLUG), open from the day it is made.
"""

from __future__ import annotations

import re
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import cycle

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult
from wagtail.models import Page, WorkflowState

from calls.models import CallIndexPage, CallPage
from initiatives.models import (
    AdministrativeLevel,
    AuthorityKind,
    Goal,
    InnovationType,
    ProposerType,
    Province,
    Stage,
)
from outbox.delivery import deliver
from outbox.models import OutgoingEmail
from search.benchmark import percentile
from submissions.models import Submission

from .browser import Browser, StepFailed

DOMAIN = "benchmark.expo.local"
PASSWORD = "benchmark-submitter-2026"  # noqa: S105 - synthetic accounts of a benchmark database
CALL_SLUG = "benchmark-submissions"
BARRIER_SECONDS = 300  # the slowest submitter's log-in or sections, on a busy machine
SUBMISSION_ID = re.compile(r"/initiatives/(\d+)/")
SECTION_VERSION = re.compile(r'name="section_version" value="([^"]+)"')
SECTION_ORDER = ["classification", "content", "endorsement", "media", "contact"]
# What each submitter does, in order, everyone waiting for everyone after each step.
STEPS = ["log-in", "section saves", "submissions"]


class NotReady(Exception):
    """The database lacks what the run needs (a calls index, the terms of the form)."""


@dataclass(frozen=True)
class Plan:
    """What one submitter sends, section by section, and what the draft must then hold."""

    number: int
    email: str
    co_author: str
    sections: dict[str, list[tuple[str, str]]]  # slug -> the form's fields as sent, basics first
    expected: dict[str, object]  # name -> the value the draft stores

    @property
    def address(self) -> str:
        """A private address of its own, which the rate limits count it by, as nginx would pass it on."""
        return f"10.{self.number // 65536 % 256}.{self.number // 256 % 256}.{self.number % 256}"


def prepare(count: int) -> list[Plan]:
    """The accounts and the call, the previous run's submissions removed; a plan per submitter."""
    remove_previous_submissions()
    call = benchmark_call()
    terms = Terms.read()
    run = secrets.token_hex(3)
    # Hashed once (half a second each), with production's hasher whatever this process prefers (tests: MD5).
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(PASSWORD, hasher.salt())
    plans = []
    for number in range(1, count + 1):
        email = f"submitter-{number:02d}@{DOMAIN}"
        user, _created = get_user_model().objects.update_or_create(
            email=email,
            defaults={"password": password, "full_name": f"Người nộp thử {number:02d}", "is_active": True},
        )
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        plans.append(plan(number, email, run, call, terms))
    return plans


def remove_previous_submissions() -> None:
    submissions = Submission.objects.filter(owner__email__endswith=f"@{DOMAIN}")
    page_ids = list(submissions.exclude(page=None).values_list("page_id", flat=True))
    with transaction.atomic():
        submissions.delete()
        for page in Page.objects.filter(pk__in=page_ids):
            page.delete()


def benchmark_call() -> CallPage:
    """The run's call, open today: made once under the Vietnamese calls index, its window moved when over."""
    today = timezone.localdate()
    call = CallPage.objects.filter(slug=CALL_SLUG).first()
    if call is not None and call.live and call.is_open(today):
        return call
    if call is None:
        index = CallIndexPage.objects.filter(locale__language_code="vi").first()
        if index is None:
            raise NotReady("No calls index in the Vietnamese tree: run load_demo_content first.")
        call = index.add_child(
            instance=CallPage(
                title="Đợt thử tải (benchmark)",
                slug=CALL_SLUG,
                organiser="benchmark_pages",
                intake_opens=today,
                intake_closes=today + timedelta(days=365),
            )
        )
    call.intake_opens, call.intake_closes = today, today + timedelta(days=365)
    call.save_revision().publish()
    return CallPage.objects.get(pk=call.pk)


@dataclass(frozen=True)
class Terms:
    """The choices of the form's classification, read from the database, so that every value is valid."""

    goals: list[str]
    innovation_types: list[str]
    stages: list[str]
    proposer_types: list[str]
    provinces: list[str]

    @classmethod
    def read(cls) -> Terms:
        def codes(terms, name: str = "code") -> list[str]:
            return list(terms.order_by(name).values_list(name, flat=True))

        terms = cls(
            goals=codes(Goal.objects),
            innovation_types=codes(InnovationType.objects),
            stages=codes(Stage.objects),
            proposer_types=codes(ProposerType.objects),
            provinces=codes(Province.objects.exclude(merged_into=None), "gso_code"),
        )
        if not all(vars(terms).values()):
            raise NotReady("The form's terms (goals, stages, provinces …) are missing: run migrate first.")
        return terms


def pick(values: list, number: int):
    return values[number % len(values)]


def plan(number: int, email: str, run: str, call: CallPage, terms: Terms) -> Plan:
    """Values of this submitter's own in every section: a mix-up between two drafts cannot go unseen."""
    mark = f"{run}-{number:02d}"
    goals = sorted({pick(terms.goals, number), pick(terms.goals, number + 1)})
    province = Province.objects.select_related("merged_into").get(gso_code=pick(terms.provinces, number))
    co_author = f"co-author-{number:02d}@{DOMAIN}"
    sections = {
        "basics": [
            ("title", f"Một cửa số thử tải {mark}"),
            ("call", str(call.pk)),
            ("language", "vi"),
            ("summary", f"Tiếp nhận hồ sơ trực tuyến, bản thử {mark}."),
        ],
        "classification": [
            *[("goals", goal) for goal in goals],
            ("innovation_types", pick(terms.innovation_types, number)),
            ("stage", pick(terms.stages, number)),
            ("province", province.gso_code),
            ("level", pick(AdministrativeLevel.values, number)),
            ("proposer_type", pick(terms.proposer_types, number)),
            ("organisation", f"UBND xã thử {mark}"),
        ],
        "content": [
            ("problem", f"Người dân phải đi lại nhiều lần ({mark})."),
            ("solution", f"Một cổng tiếp nhận trực tuyến {mark}.\n\nKết nối với bộ phận một cửa."),
            ("results", f"Giảm {number}% số lần đi lại."),
            ("beneficiaries", f"Người dân xã thử {mark}."),
            ("replicability", f"Các xã khác có thể áp dụng ({mark})."),
        ],
        "endorsement": [
            ("authority_name", f"UBND huyện thử {mark}"),
            ("authority_kind", pick(AuthorityKind.values, number)),
            ("authority_level", pick(AdministrativeLevel.values, number + 1)),
        ],
        "media": [("video_url", f"https://vimeo.com/{100000 + number}{run}")],
        "contact": [
            ("contact_name", f"Người liên hệ {mark}"),
            ("contact_phone", f"0905 {number:03d} {number:03d}"),
            ("contact_email", email),
            ("contact_address", f"Thôn {number}, xã thử {mark}"),
            ("co_author_emails", co_author),
        ],
    }
    expected: dict[str, object] = {}
    for fields in sections.values():
        for name, value in fields:
            if name == "goals":
                expected[name] = goals
            elif name == "call":
                expected[name] = call.pk
            else:
                expected[name] = value
    expected["innovation_types"] = [expected["innovation_types"]]
    expected["province_2025"] = province.merged_into.code
    expected["co_author_emails"] = [co_author]
    return Plan(number=number, email=email, co_author=co_author, sections=sections, expected=expected)


@dataclass
class Figures:
    # Step -> the time of each request it is measured by (log-in, each section saved, submission), in ms.
    timed: dict[str, list[float]] = field(default_factory=lambda: {name: [] for name in STEPS})
    visits: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # submitters' steps that went wrong, each named
    failed_steps: Counter = field(default_factory=Counter)  # step -> how many submitters failed it
    visit_errors: Counter = field(default_factory=Counter)
    submission_ids: dict[int, int] = field(default_factory=dict)  # plan number -> submission
    seconds: float = 0.0  # from the first save to the last submission's answer
    finished_at: datetime | None = None

    @property
    def errors(self) -> int:
        return len(self.failures) + sum(self.visit_errors.values())


def timings(values: list[float]) -> tuple[float, float]:
    """p50 and p95 in ms, 0 when nothing was timed."""
    return (percentile(values, 0.50), percentile(values, 0.95)) if values else (0.0, 0.0)


class Run:
    """The submitters and the visitors on one server, all threads of this process."""

    def __init__(self, port: int, host: str, plans: list[Plan], visitor_paths: list[str], visitors: int):
        self.port, self.host, self.plans = port, host, plans
        self.visitor_paths, self.visitors = visitor_paths, visitors
        self.figures = Figures()
        self.lock = threading.Lock()
        self.barrier = threading.Barrier(len(plans), action=self.everyone_arrived, timeout=BARRIER_SECONDS)
        self.arrivals: list[float] = []
        self.done = threading.Event()
        self.login_path = address_of("account_login")
        self.new_path = address_of("submissions:new")

    def __call__(self) -> Figures:
        visitors = [threading.Thread(target=self.visit, args=(n,)) for n in range(self.visitors)]
        submitters = [threading.Thread(target=self.submit_as, args=(plan,)) for plan in self.plans]
        for thread in visitors + submitters:
            thread.start()
        for thread in submitters:
            thread.join()
        self.figures.finished_at = timezone.now()
        self.done.set()
        for thread in visitors:
            thread.join()
        return self.figures

    def submit_as(self, plan: Plan) -> None:
        """Logs in and opens the form; with everyone, saves every section; with everyone, submits."""
        browser = Browser(self.port, self.host, address=plan.address)
        failed = False
        try:
            for name, step in zip(STEPS, (self.log_in, self.save_sections, self.submit), strict=True):
                if not failed:
                    try:
                        step(browser, plan)
                    except Exception as error:  # counted and shown, whatever it is, and the others go on
                        failed = True
                        described = (
                            error if isinstance(error, StepFailed) else f"{type(error).__name__}: {error}"
                        )
                        with self.lock:
                            self.figures.failed_steps[name] += 1
                            self.figures.failures.append(f"submitter {plan.number}, {name}: {described}")
                # Everyone waits for everyone, failed or not, so that the next step starts for all at once.
                try:
                    self.barrier.wait()
                except threading.BrokenBarrierError:
                    with self.lock:
                        self.figures.failures.append(f"submitter {plan.number}: the others never came")
        finally:
            browser.close()

    def everyone_arrived(self) -> None:
        """The barrier's action, once per step: the saves start at the first, the run ends at the last."""
        self.arrivals.append(time.perf_counter())
        if len(self.arrivals) == 3:
            self.figures.seconds = self.arrivals[2] - self.arrivals[0]

    def log_in(self, browser: Browser, plan: Plan) -> None:
        browser.get(self.login_path)
        answer = browser.post(self.login_path, [("login", plan.email), ("password", PASSWORD)])
        browser.get(self.new_path)  # the form, with the token of the session just opened
        with self.lock:
            self.figures.timed["log-in"].append(answer.milliseconds)

    def save_sections(self, browser: Browser, plan: Plan) -> None:
        answer = browser.post(self.new_path, plan.sections["basics"])
        saves = [answer.milliseconds]
        found = SUBMISSION_ID.search(answer.location)
        if found is None:
            raise StepFailed(f"the new draft sent to {answer.location!r}, not to its next section")
        submission_id = int(found.group(1))
        with self.lock:
            self.figures.submission_ids[plan.number] = submission_id
        for slug in SECTION_ORDER:
            path = address_of("submissions:section", submission_id, slug)
            form = browser.get(path)
            version = SECTION_VERSION.search(form.text)
            sent = [*plan.sections[slug], *([("section_version", version.group(1))] if version else [])]
            saves.append(browser.post(path, sent).milliseconds)
        with self.lock:
            self.figures.timed["section saves"] += saves

    def submit(self, browser: Browser, plan: Plan) -> None:
        path = address_of("submissions:review", self.figures.submission_ids[plan.number])
        browser.get(path)
        answer = browser.post(path, [("declaration", "on")])
        with self.lock:
            self.figures.timed["submissions"].append(answer.milliseconds)

    def visit(self, number: int) -> None:
        """Asks the public pages one after the other until the submitters are done."""
        browser = Browser(self.port, self.host)
        first = number % len(self.visitor_paths)  # each visitor starts on another page
        paths = cycle(self.visitor_paths[first:] + self.visitor_paths[:first])
        timed, errors = [], Counter()
        try:
            while not self.done.is_set():
                try:
                    timed.append(browser.get(next(paths)).milliseconds)
                except StepFailed as error:
                    errors[str(error)] += 1
        finally:
            browser.close()
            with self.lock:
                self.figures.visits += timed
                self.figures.visit_errors.update(errors)


def address_of(name: str, *args) -> str:
    """The page's address in the Vietnamese site, the submitters' language, whichever thread asks."""
    with translation.override("vi"):
        return reverse(name, args=args)


def losses(plans: list[Plan], submission_ids: dict[int, int]) -> list[str]:
    """What the database lacks or holds wrongly, one line each: nothing when every draft is as sent, once,
    submitted to screening with a revision of its own, and its co-author invited once."""
    found = []
    for plan in plans:
        submissions = list(Submission.objects.filter(owner__email=plan.email))
        if len(submissions) != 1:
            found.append(f"{plan.email}: {len(submissions)} drafts instead of one")
            continue
        submission = submissions[0]
        if submission.pk != submission_ids.get(plan.number):
            found.append(f"{plan.email}: draft {submission.pk}, not the one the form made")
        for name, value in plan.expected.items():
            stored = submission.data.get(name)
            if unordered(stored) != unordered(value):
                found.append(f"{plan.email}: {name} holds {stored!r} instead of {value!r}")
        invitations = submission.invitations.filter(email=plan.co_author).count()
        if invitations != 1:
            found.append(f"{plan.email}: {invitations} invitations of the co-author instead of one")
        if submission.submitted_at is None or submission.page is None:
            found.append(f"{plan.email}: not submitted")
            continue
        page = submission.page.specific
        draft = page.get_latest_revision_as_object()
        if (draft.title, draft.summary) != (plan.expected["title"], plan.expected["summary"]):
            found.append(f"{plan.email}: the page's revision holds {draft.title!r}, {draft.summary!r}")
        state = page.current_workflow_state
        if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
            found.append(f"{plan.email}: not in screening")
    return found


def unordered(value):
    """Choices ticked among several are kept in the order of their list, not the order they were sent in."""
    return sorted(value) if isinstance(value, list) else value


@dataclass
class Delivery:
    """The e-mails queued since the run began, as the worker left them."""

    queued: int = 0
    delivered: int = 0
    waiting: int = 0
    failed: int = 0
    unfinished_tasks: Counter = field(default_factory=Counter)  # task -> how many not done
    failed_tasks: Counter = field(default_factory=Counter)
    printed: int = 0  # e-mails in the worker's output (the console backend)
    missing_recipients: list[str] = field(default_factory=list)
    seconds: float = 0.0  # from the last submission's answer to the last e-mail sent

    @property
    def complete(self) -> bool:
        return (
            self.delivered == self.queued
            and not self.unfinished_tasks
            and not self.failed_tasks
            and not self.missing_recipients
        )


def wait_for_delivery(
    since: datetime, finished_at: datetime, plans: list[Plan], output: Callable[[], str], patience: float
) -> Delivery:
    """Waits (at most `patience` seconds) until every task queued since `since` has run, then reads what
    became of the e-mails; each submitter's receipt and co-author invitation must be in the worker's
    output."""
    deadline = time.monotonic() + patience
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since)
    unfinished = tasks.filter(status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING])
    while unfinished.exists() and time.monotonic() < deadline:
        time.sleep(0.25)
    delivery = Delivery()
    delivery.unfinished_tasks.update(unfinished.values_list("task_path", flat=True))
    failed = tasks.filter(status=TaskResultStatus.FAILED)
    delivery.failed_tasks.update(failed.values_list("task_path", flat=True))
    deliveries = tasks.filter(task_path=deliver.module_path)
    email_ids = {task.args_kwargs["args"][0] for task in deliveries}
    left = OutgoingEmail.objects.filter(pk__in=email_ids)
    delivery.queued = len(email_ids)
    delivery.waiting = left.filter(state=OutgoingEmail.State.WAITING).count()
    delivery.failed = left.filter(state=OutgoingEmail.State.FAILED).count()
    delivery.delivered = delivery.queued - delivery.waiting - delivery.failed
    last = max((task.finished_at for task in deliveries if task.finished_at), default=None)
    delivery.seconds = max((last - finished_at).total_seconds(), 0.0) if last else 0.0
    printed = output()
    delivery.printed = printed.count("\n" + "-" * 79)
    recipients = set(re.findall(r"^To: (.+)$", printed, re.MULTILINE))
    delivery.missing_recipients = [
        address for plan in plans for address in (plan.email, plan.co_author) if address not in recipients
    ]
    return delivery
