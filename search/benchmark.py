"""Synthetic initiatives in bulk and timings of representative searches, for `benchmark_search`.

The text is realistic Vietnamese (and some English): titles composed from the vocabulary of
administrative reform, bodies made of sentences from the demo content. Synthetic pages carry a
`source_ref` starting with "benchmark-", so that a later run reuses them and `--remove` finds them.
"""

from __future__ import annotations

import json
import random
import re
import statistics
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import timezone
from wagtail.models import Page

from core.kept import forget_kept
from core.text import ascii_slug
from halls.models import HallPage
from initiatives.models import Goal, InitiativePage, InnovationType, ProposerType, Province, Stage
from initiatives.search_words import initiative_search_words

from .backends import get_search_backend
from .benchmark_reference import Reference
from .request import SearchRequest

REF_PREFIX = "benchmark-"
BATCH = 1000
DEMO_TEXTS = Path(__file__).resolve().parent.parent / "home" / "demo_data" / "initiatives.json"

ACTIONS = [
    "Số hoá", "Tra cứu", "Phản ánh", "Cải cách", "Ứng dụng công nghệ trong", "Nâng cao chất lượng",
    "Đơn giản hoá", "Công khai", "Rút ngắn thời gian", "Hỗ trợ người dân", "Liên thông", "Đổi mới",
]  # fmt: skip
SUBJECTS = [
    "hồ sơ đất đai", "thủ tục hành chính", "dịch vụ công trực tuyến", "bộ phận một cửa", "đăng ký hộ tịch",
    "cấp phép xây dựng", "đăng ký kinh doanh", "phản ánh hiện trường", "khám chữa bệnh", "thu gom rác thải",
    "chi trả an sinh xã hội", "chuyển đổi số cấp xã", "tiếp công dân", "giải quyết khiếu nại",
    "cấp căn cước", "bảo hiểm y tế", "đo lường sự hài lòng", "quản lý trật tự đô thị",
]  # fmt: skip
MEANS = [
    "bằng mã QR", "qua Zalo", "trên điện thoại di động", "bằng trí tuệ nhân tạo", "tại nhà", "lưu động",
    "qua tổng đài", "với chữ ký số", "bằng kiosk tự phục vụ", "qua cổng thông tin điện tử",
]  # fmt: skip
ENGLISH_TITLES = [
    "Online land records lookup", "Mobile one-stop shop for remote villages",
    "Citizen feedback by smartphone", "Digital signatures for business registration",
    "QR codes on appointment slips", "AI chatbot for procedures",
]  # fmt: skip


@dataclass(frozen=True)
class Scenario:
    name: str
    params: dict[str, str | list[str]]


SCENARIOS = [
    Scenario("one word, no diacritics", {"q": "dat"}),
    Scenario("one word, diacritics", {"q": "đất"}),
    Scenario("several words, no diacritics", {"q": "cai cach thu tuc hanh chinh"}),
    Scenario("several words, diacritics", {"q": "cải cách thủ tục hành chính"}),
    # Eight words, none a glossary term: a quarter of them may miss (`UnderstoodQuery.required`).
    Scenario("long query, no glossary term", {"q": "phan mem quan ly van ban dien tu"}),
    Scenario("words + facets", {"q": "dich vu cong", "hall": "expo", "goal": ["egov", "feedback"]}),
    Scenario("one word + province", {"q": "mot cua", "province": ["01", "79"]}),
    Scenario("facets only", {"stage": "pilot", "proposer": "agency"}),
    Scenario("no query (browse)", {}),
    Scenario("English words", {"q": "online records"}),
    Scenario("rare word, sort by title", {"q": "kiosk", "sort": "title"}),
]


def sentences() -> list[str]:
    records = json.loads(DEMO_TEXTS.read_text(encoding="utf-8"))
    found = []
    for record in records:
        for paragraph in record["problem"] + record["solution"] + record["results"]:
            found += [s.strip() for s in re.split(r"(?<=[.!?])\s+", paragraph) if len(s.strip()) > 20]
    return found


def synthetic_initiatives(count: int, seed: int = 2026) -> Iterator[dict]:
    """Field values of `count` initiatives, the same for the same seed."""
    chance = random.Random(seed)  # noqa: S311 - synthetic data, not security
    bank = sentences()
    provinces = list(Province.objects.select_related("merged_into"))
    stages, proposers = list(Stage.objects.all()), list(ProposerType.objects.all())
    goals, kinds = list(Goal.objects.all()), list(InnovationType.objects.all())
    for number in range(count):
        province = chance.choice(provinces)
        english = chance.random() < 0.15
        if english:
            title = f"{chance.choice(ENGLISH_TITLES)} in {province.name_en}"
        else:
            parts = (chance.choice(ACTIONS), chance.choice(SUBJECTS), chance.choice(MEANS), province.name_vi)
            title = "{} {} {} tại {}".format(*parts)

        def paragraph(size: int) -> str:
            return "<p>" + " ".join(chance.choice(bank) for _ in range(size)) + "</p>"

        yield {
            "number": number,
            "title": title,
            "summary": " ".join(chance.choice(bank) for _ in range(2)),
            "problem": paragraph(3),
            "solution": paragraph(4),
            "results": paragraph(3),
            "province": province,
            "stage": chance.choice(stages),
            "proposer_type": chance.choice(proposers),
            "goals": chance.sample(goals, chance.randint(1, len(goals))),
            "kinds": chance.sample(kinds, chance.randint(1, 2)),
            "start_year": chance.randint(2015, 2026),
            "language": "en" if english else "vi",
            "hall": chance.random() < 0.4,
        }


def synthetic_count() -> int:
    return InitiativePage.objects.filter(source_ref__startswith=REF_PREFIX).count()


def load(count: int, progress: Callable[[int, int], None]) -> int:
    """Adds synthetic initiatives until `count` exist in the Vietnamese halls; returns how many were added.

    Rows go straight into the tables in batches, as a data migration would: no revisions, no signals. On
    PostgreSQL the tables are analysed afterwards, for fresh statistics, as autovacuum would give a live site.
    """
    halls = {hall.kind: hall for hall in HallPage.objects.filter(locale__language_code="vi")}
    if set(halls) != {"expo", "community"}:
        raise LookupError("The Vietnamese tree needs its two halls: run load_demo_content first.")
    existing = synthetic_count()
    wanted = list(synthetic_initiatives(count))[existing:]
    content_type = ContentType.objects.get_for_model(InitiativePage)
    now = timezone.now()
    for start in range(0, len(wanted), BATCH):
        with transaction.atomic():
            for hall in halls.values():
                hall.refresh_from_db(fields=["numchild"])
            _insert_batch(wanted[start : start + BATCH], halls, content_type, now)
        progress(existing + min(start + BATCH, len(wanted)), count)
    if wanted and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return len(wanted)


def _insert_batch(records: list[dict], halls: dict, content_type, now) -> None:
    pages, details = [], []
    added = dict.fromkeys(halls, 0)
    for record in records:
        kind = "expo" if record["hall"] else "community"
        hall = halls[kind]
        added[kind] += 1
        position = hall.numchild + added[kind]
        slug = f"{ascii_slug(record['title'])[:60]}-{record['number']}"
        published = now - timezone.timedelta(minutes=record["number"])
        pages.append(
            Page(
                title=record["title"],
                draft_title=record["title"],
                slug=slug,
                path=InitiativePage._get_path(hall.path, hall.depth + 1, position),
                depth=hall.depth + 1,
                numchild=0,
                url_path=f"{hall.url_path}{slug}/",
                content_type=content_type,
                locale_id=hall.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                first_published_at=published,
                last_published_at=published,
            )
        )
        page = InitiativePage(
            summary=record["summary"],
            problem=record["problem"],
            solution=record["solution"],
            results=record["results"],
            stage=record["stage"],
            province=record["province"],
            proposer_type=record["proposer_type"],
            level="province",
            start_year=record["start_year"],
            language=record["language"],
            source_ref=f"{REF_PREFIX}{record['number']}",
            organisation=f"UBND {record['province'].name_vi}",
        )
        page.title = record["title"]
        for name, words in initiative_search_words(page, record["province"], []).as_fields().items():
            setattr(page, name, words)
        details.append(page)
    Page.objects.bulk_create(pages)
    fields = [field for field in InitiativePage._meta.local_concrete_fields]
    rows = []
    for base, page in zip(pages, details, strict=True):
        page.page_ptr_id = base.pk
        rows.append([field.get_db_prep_save(getattr(page, field.attname), connection) for field in fields])
    table = connection.ops.quote_name(InitiativePage._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)  # noqa: S608
    InitiativePage.goals.through.objects.bulk_create(
        InitiativePage.goals.through(initiativepage_id=base.pk, goal=goal)
        for base, record in zip(pages, records, strict=True)
        for goal in record["goals"]
    )
    InitiativePage.innovation_types.through.objects.bulk_create(
        InitiativePage.innovation_types.through(initiativepage_id=base.pk, innovationtype=kind)
        for base, record in zip(pages, records, strict=True)
        for kind in record["kinds"]
    )
    for kind, hall in halls.items():
        Page.objects.filter(pk=hall.pk).update(numchild=hall.numchild + added[kind])
    forget_kept()  # the rows were written without the signals that say so


def remove() -> int:
    """Deletes the synthetic initiatives, whichever run made them."""
    ids = list(InitiativePage.objects.filter(source_ref__startswith=REF_PREFIX).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        Page.objects.filter(pk__in=ids[start : start + BATCH]).delete()
    for hall in HallPage.objects.all():
        Page.objects.filter(pk=hall.pk).update(numchild=hall.get_children().count())
    return len(ids)


@dataclass
class Figures:
    """The p50 and p95 of a set of runs, in ms."""

    p50: float
    p95: float

    @classmethod
    def of(cls, milliseconds: list[float]) -> Figures:
        return cls(p50=statistics.median(milliseconds), p95=percentile(milliseconds, 0.95))


@dataclass
class Timing:
    scenario: Scenario
    found: int
    view: Figures
    sql: Figures
    queries: int
    # The reference checkout's, timed turn about with these (`search.benchmark_reference`).
    reference_view: Figures | None = None
    reference_sql: Figures | None = None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(scenario: Scenario, repeats: int, url: str, reference: Reference | None = None) -> Timing:
    """The scenario through the view layer (request, backend, template), then its SQL alone.

    The SQL is what the backend ran for the search (captured once), executed again directly: the
    gap between the two is the cost of the ORM, Python and the template. With a `reference`, each
    run here is paired with one there, in turn first and second.
    """
    client = Client(HTTP_HOST="localhost")
    client.get(url, scenario.params)  # warm caches (templates, site root paths) as a live server has
    request = SearchRequest(
        query=str(scenario.params.get("q", "")),
        filters={
            name: tuple(value if isinstance(value, list) else [value])
            for name, value in scenario.params.items()
            if name not in ("q", "sort")
        },
        sort=str(scenario.params.get("sort", "relevance")),
    )
    with CaptureQueriesContext(connection) as captured:
        found = get_search_backend().search(request).count
    statements = [query["sql"] for query in captured.captured_queries]

    def view() -> float:
        started = time.perf_counter()
        # Every request makes the page: the anonymous page cache would answer all but the first.
        with override_settings(PAGE_CACHE_SECONDS=0):
            response = client.get(url, scenario.params)
        if response.status_code != 200:
            raise RuntimeError(f"{scenario.name}: the search page answered {response.status_code}")
        return (time.perf_counter() - started) * 1000

    def sql() -> float:
        started = time.perf_counter()
        # In a transaction, as the backend runs them: a setting made for it (work_mem) lasts to its end.
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                if cursor.description:  # not for the transaction's BEGIN, SET and COMMIT
                    cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    runs = {"view": ([], []), "sql": ([], [])}
    for kind, run in (("view", view), ("sql", sql)):
        here, there = runs[kind]
        for number in range(repeats):
            if reference is None:
                here.append(run())
            elif number % 2:
                here.append(run())
                there.append(reference.time(kind, scenario.params))
            else:
                there.append(reference.time(kind, scenario.params))
                here.append(run())
    return Timing(
        scenario=scenario,
        found=found,
        view=Figures.of(runs["view"][0]),
        sql=Figures.of(runs["sql"][0]),
        queries=len(statements),
        reference_view=Figures.of(runs["view"][1]) if reference else None,
        reference_sql=Figures.of(runs["sql"][1]) if reference else None,
    )
