"""Every figure of the statistics page against a count made here, row by row, straight from the database."""

import datetime
import statistics
from collections import Counter

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale, PageViewRestriction

from calls.models import CallPage
from halls.models import HallPage
from initiatives.models import InitiativePage, Province, Province2025
from jury.models import Grant
from problems.models import ProblemPage
from screening.models import ReviewTaskState, ScreeningTask
from stats.figures import PROVINCE_TILES, all_figures, first_copies, initiative_figures, screening_funnels
from submissions.services import submit
from tests.builders import (
    make_call,
    make_initiative,
    make_many_initiatives,
    make_screener,
    make_user,
    submit_initiative,
    verified,
)
from tests.decisions import accept, decline, request_changes
from tests.problem_builders import add_problem_bank, make_problem, translate

pytestmark = pytest.mark.django_db


def translated(page, locale, **fields):
    """A published translation of an initiative into `locale`, as a translator makes it from its alias."""
    return translate(page, locale, **fields)


@pytest.fixture
def world(english_tree, site_tree):
    """Initiatives of every kind the page must count once, or not at all."""
    english = Locale.objects.get(language_code="en")
    call = make_call(
        site_tree.calls, intake_opens=datetime.date(2020, 1, 1), intake_closes=datetime.date(2099, 1, 1)
    )
    one_stop = make_initiative(
        site_tree.expo, "Một cửa số", province="01", goals=("egov", "feedback"), call=call
    )
    # Shown in the English tree as an alias until translated: the same initiative again.
    assert one_stop.get_translation(english).alias_of_id == one_stop.pk
    original = make_initiative(
        site_tree.community,
        "Phản ánh hiện trường",
        province="48",
        stage="idea",
        proposer="citizen",
        types=("process", "interaction"),
    )
    translated(original, english, title="Field reports", slug="field-reports")  # the same initiative
    make_initiative(site_tree.community, "Bản nháp", province="48", publish=False)  # not published
    restricted = make_initiative(site_tree.community, "Nội bộ", province="79")
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)
    make_initiative(
        english_tree.community,
        "Citizens' budget",
        province="79",
        language="en",
        proposer="social",
        stage="scaled",
    )
    make_initiative(
        site_tree.expo, "Hà Giang số", province="02", goals=("satisfaction",)
    )  # merged into Tuyên Quang
    InitiativePage.objects.filter(slug="ha-giang-so").update(
        first_published_at=timezone.make_aware(datetime.datetime(2021, 7, 1, 12))
    )
    bank = add_problem_bank(site_tree.home)
    problem = make_problem(bank, "Hồ sơ tồn đọng", status="piloting")
    translate(problem, english, title="Backlog")
    make_problem(bank, "Ngập úng", sector="administrative-procedures", status="open")
    return {"call": call, "bank": bank}


def counted_originals(model):
    """The live pages open to all, without aliases, one per translation key (the first made): by hand."""
    restricted_paths = [r.page.path for r in PageViewRestriction.objects.select_related("page")]
    first: dict = {}
    for page in model.objects.order_by("pk"):
        if not page.live or page.alias_of_id or any(page.path.startswith(path) for path in restricted_paths):
            continue
        first.setdefault(page.translation_key, page)
    return list(first.values())


def as_counts(figure) -> dict:
    return {bar.code: bar.value for bar in figure.bars if bar.value}


def test_initiative_figures_match_a_count_made_by_hand(world):
    figures, province_map, total = initiative_figures()
    by_key = {figure.key: figure for figure in figures}
    pages = counted_originals(InitiativePage)
    assert total == len(pages) == 4
    assert {page.pk for page in first_copies(InitiativePage)} == {page.pk for page in pages}

    halls = {hall.path: hall.kind for hall in HallPage.objects.all()}
    assert as_counts(by_key["hall"]) == Counter(halls[page.path[: -page.steplen]] for page in pages)
    assert as_counts(by_key["goal"]) == Counter(goal.code for page in pages for goal in page.goals.all())
    assert as_counts(by_key["innovation-type"]) == Counter(
        kind.code for page in pages for kind in page.innovation_types.all()
    )
    assert as_counts(by_key["stage"]) == Counter(page.stage.code for page in pages)
    assert as_counts(by_key["proposer-type"]) == Counter(page.proposer_type.code for page in pages)
    assert as_counts(by_key["language"]) == Counter(page.language for page in pages) == {"vi": 3, "en": 1}
    years = Counter(str(timezone.localtime(page.first_published_at).year) for page in pages)
    assert as_counts(by_key["year"]) == years and years["2021"] == 1

    provinces = Counter(Province.objects.get(pk=page.province_id).merged_into.code for page in pages)
    assert as_counts(province_map.figure) == provinces
    assert provinces == {"ha-noi": 1, "da-nang": 1, "ho-chi-minh-city": 1, "tuyen-quang": 1}
    assert {tile.province.code: tile.value for tile in province_map.tiles if tile.value} == provinces


def test_the_tile_map_places_each_of_the_34_provinces_once():
    assert set(PROVINCE_TILES) == set(Province2025.objects.values_list("code", flat=True))
    places = [(column, row) for column, row, _letters in PROVINCE_TILES.values()]
    assert len(set(places)) == len(places) == 34


def test_problem_figures_match_a_count_made_by_hand(world):
    figures = {figure.key: figure for figure in all_figures()["problem_figures"]}
    problems = counted_originals(ProblemPage)
    assert len(problems) == 2
    assert as_counts(figures["problem-status"]) == Counter(problem.status for problem in problems)
    assert as_counts(figures["problem-sector"]) == Counter(problem.sector.code for problem in problems)


@pytest.fixture
def screened(world, client):
    """Four submissions to the call: accepted into each hall (one after changes), declined, waiting."""
    screener = verified(make_screener("sang-loc@example.org", full_name="Người Sàng Lọc"))
    client.force_login(screener)
    call = world["call"]
    submissions = [
        submit_initiative(
            verified(make_user(f"tac-gia-{n}@example.org")), title=f"Sáng kiến {n}", call=call.pk
        )
        for n in range(4)
    ]
    assert request_changes(client, submissions[0]).status_code == 302
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submissions[0], submissions[0].owner)
    assert accept(client, submissions[0], hall="expo").status_code == 302
    assert accept(client, submissions[1], hall="community", verified="").status_code == 302
    assert decline(client, submissions[2]).status_code == 302
    # Decisions a known number of days after the first sending: 10 days (with changes), 4 days, 2 days.
    start = timezone.make_aware(datetime.datetime(2025, 3, 1, 8))
    for submission, days in zip(submissions[:3], (10, 4, 2), strict=True):
        states = ReviewTaskState.objects.filter(workflow_state__object_id=str(submission.page_id))
        states.update(started_at=start)
        states.exclude(outcome="changes_requested").update(finished_at=start + datetime.timedelta(days=days))
        states.filter(outcome="changes_requested").update(finished_at=start + datetime.timedelta(days=1))
    return submissions


def test_the_screening_funnel_matches_the_decisions_recorded(screened, world):
    [funnel] = screening_funnels()
    assert funnel.call.pk == world["call"].pk
    screening_states = [
        state for state in ReviewTaskState.objects.all() if isinstance(state.task.specific, ScreeningTask)
    ]
    outcomes: dict[str, set] = {}
    for state in screening_states:
        outcomes.setdefault(state.workflow_state.object_id, set()).add(state.outcome)
    call_pages = {
        str(pk)
        for pk in InitiativePage.objects.filter(
            call__translation_key=world["call"].translation_key
        ).values_list("pk", flat=True)
    }
    received = {page for page in outcomes if page in call_pages}
    assert funnel.received == len(received) == 4
    assert (
        funnel.accepted
        == {
            "expo": sum("expo" in outcomes[page] for page in received),
            "community": sum("community" in outcomes[page] for page in received),
        }
        == {"expo": 1, "community": 1}
    )
    assert funnel.changes_requested == sum("changes_requested" in outcomes[page] for page in received) == 1
    assert funnel.declined == sum("declined" in outcomes[page] for page in received) == 1
    assert funnel.median_days == statistics.median([10, 4, 2]) == 4


def test_the_funnel_names_the_call_in_the_active_language(screened, world, english_tree):
    english_call = world["call"].copy_for_translation(
        Locale.objects.get(language_code="en"), copy_parents=True
    )
    english_call.title = "CPII 2021 (English)"
    english_call.save_revision().publish()
    with translation.override("en"):
        [funnel] = screening_funnels()
    assert funnel.call.pk == english_call.pk and isinstance(funnel.call, CallPage)


def query_count() -> int:
    with CaptureQueriesContext(connection) as queries:
        all_figures()
    return len(queries)


def award(call, initiative):
    return Grant.objects.create(
        call=call,
        initiative=initiative,
        amount=20000,
        duration_months=12,
        starts_on=datetime.date(2025, 1, 1),
    )


def test_the_figures_take_a_constant_number_of_queries(screened, world, site_tree, client):
    award(world["call"], InitiativePage.objects.get(slug="mot-cua-so", locale__language_code="vi"))
    few = query_count()
    make_many_initiatives(site_tree.expo, 30)
    for initiative in InitiativePage.objects.filter(slug__startswith="sang-kien-")[:3]:
        award(world["call"], initiative)
    for number in range(3):
        make_problem(world["bank"], f"Bài toán {number}", status="solved")
    other_call = make_call(
        site_tree.calls,
        title="CPII 2022",
        slug="cpii-2022",
        intake_opens=datetime.date(2020, 1, 1),
        intake_closes=datetime.date(2099, 1, 1),
    )
    submission = submit_initiative(verified(make_user("khac@example.org")), title="Khác", call=other_call.pk)
    assert decline(client, submission).status_code == 302
    assert len(screening_funnels()) == 2
    assert all_figures()["grant_figure"].total == 4
    assert query_count() == few


def test_grants_by_year_count_the_grants_of_published_initiatives(world):
    call = world["call"]
    for slug, year in (
        ("mot-cua-so", 2021),
        ("phan-anh-hien-truong", 2021),
        ("ha-giang-so", 2022),
        ("ban-nhap", 2022),
    ):
        Grant.objects.create(
            call=call,
            initiative=InitiativePage.objects.get(slug=slug, locale__language_code="vi"),
            amount=20000,
            duration_months=12,
            starts_on=datetime.date(year, 9, 1),
            awarded_at=timezone.make_aware(datetime.datetime(year, 8, 1, 12)),
        )
    expected = Counter(
        str(timezone.localtime(grant.awarded_at).year)
        for grant in Grant.objects.select_related("initiative")
        if grant.initiative.live
    )
    assert as_counts(all_figures()["grant_figure"]) == expected == {"2021": 2, "2022": 1}
