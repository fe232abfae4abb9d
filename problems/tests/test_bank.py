"""The bank's listing: newest first, 20 a page, filters with counts, cards, bad input, query count."""

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives.models import Province2025
from problems.models import PROBLEMS_PER_PAGE, LinkKind, ProblemLink, ProblemPage, SharedProblem
from tests.builders import add_english_tree, build_site_tree, fresh, fresh_tree, make_initiative, make_user
from tests.problem_builders import add_problem_bank, make_problem

VARIED = [
    ("Hồ sơ đất đai tồn đọng", "ha-noi", "administrative-procedures", ("egov",), "open"),
    ("Ngập lụt khu dân cư", "da-nang", "environment", ("feedback",), "open"),
    ("Thủ tục khai sinh chậm", "da-nang", "administrative-procedures", ("egov", "satisfaction"), "piloting"),
    ("Rác thải nông thôn", "hue", "environment", ("feedback",), "solved"),
    ("Phản ánh không được trả lời", "ha-noi", "administrative-procedures", ("feedback",), "archived"),
]


@pytest.fixture
def tree(db):
    return build_site_tree()


@pytest.fixture
def bank(tree):
    return add_problem_bank(tree.home)


@pytest.fixture(scope="module")
def varied_tree_built_once(module_transaction):
    site_tree = build_site_tree()
    bank = add_problem_bank(site_tree.home)
    for title, province, sector, goals, status in VARIED:
        make_problem(bank, title, province=province, sector=sector, goals=goals, status=status)
    make_problem(bank, "Bản nháp chưa công bố", publish=False)
    return site_tree, bank


@pytest.fixture
def varied_tree(varied_tree_built_once, db):
    """Built once for the module: its tests only read it, or change it in their own transaction."""
    return fresh_tree(varied_tree_built_once[0])


@pytest.fixture
def varied_bank(varied_tree_built_once, db):
    return fresh(varied_tree_built_once[1])


def titles(response) -> list[str]:
    return [problem.title for problem in response.context["problems"]]


def facet_counts(response, name: str) -> dict[str, int]:
    for counts in response.context["facets"]:
        if counts.name == name:
            return {option.value: option.count for option in counts.options}
    raise AssertionError(f"no facet {name}")


def test_the_banks_live_at_their_addresses_in_both_languages(client, tree, bank):
    english = add_english_tree(tree)
    add_problem_bank(english.home, title="Problem bank", slug="problems")
    assert bank.url == "/vi/bai-toan/"
    assert client.get("/vi/bai-toan/").status_code == 200
    response = client.get("/en/problems/")
    assert response.status_code == 200
    assert "Filter problems" in response.content.decode()


def test_the_bank_lists_its_live_problems_newest_first(client, varied_bank):
    response = client.get(varied_bank.url)
    assert response.status_code == 200
    assert titles(response) == [title for title, *_rest in reversed(VARIED)]
    assert response.context["total"] == len(VARIED)


def test_the_bank_shows_twenty_problems_a_page(client, bank):
    start = timezone.now() - timedelta(days=30)
    for number in range(PROBLEMS_PER_PAGE + 3):
        problem = make_problem(bank, f"Bài toán số {number}")
        ProblemPage.objects.filter(pk=problem.pk).update(first_published_at=start + timedelta(days=number))
    first = client.get(bank.url)
    assert len(titles(first)) == PROBLEMS_PER_PAGE
    assert titles(first)[0] == f"Bài toán số {PROBLEMS_PER_PAGE + 2}"
    second = client.get(f"{bank.url}?page=2")
    assert titles(second) == ["Bài toán số 2", "Bài toán số 1", "Bài toán số 0"]
    assert 'rel="next"' in first.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=da-nang", {"Ngập lụt khu dân cư", "Thủ tục khai sinh chậm"}),
        (
            "province=da-nang&province=hue",
            {"Ngập lụt khu dân cư", "Thủ tục khai sinh chậm", "Rác thải nông thôn"},
        ),
        ("goal=egov", {"Hồ sơ đất đai tồn đọng", "Thủ tục khai sinh chậm"}),
        ("sector=environment", {"Ngập lụt khu dân cư", "Rác thải nông thôn"}),
        ("status=open", {"Hồ sơ đất đai tồn đọng", "Ngập lụt khu dân cư"}),
        ("status=solved&status=archived", {"Rác thải nông thôn", "Phản ánh không được trả lời"}),
        ("sector=environment&status=open", {"Ngập lụt khu dân cư"}),
        ("province=hue&goal=egov", set()),
    ],
)
def test_filters(client, varied_bank, query, expected):
    response = client.get(f"{varied_bank.url}?{query}")
    assert set(titles(response)) == expected
    assert response.context["total"] == len(expected)


def brute_force_counts(bank, name: str, **others) -> Counter:
    """What each value of facet `name` would list given the other filters, counted in Python."""
    live = list(ProblemPage.objects.live().child_of(bank).prefetch_related("goals"))

    def values(problem, facet):
        return {
            "province": {problem.province.code},
            "goal": {goal.code for goal in problem.goals.all()},
            "sector": {problem.sector.code},
            "status": {problem.status},
        }[facet]

    counts = Counter()
    for problem in live:
        if all(values(problem, facet) & set(chosen) for facet, chosen in others.items() if facet != name):
            counts.update(values(problem, name))
    return counts


@pytest.mark.parametrize(
    "selection",
    [
        {},
        {"status": ["open", "piloting"]},
        {"sector": ["environment"], "goal": ["feedback"]},
        {"province": ["ha-noi"]},
    ],
)
def test_facet_counts_match_a_brute_force_count(client, varied_bank, selection):
    query = "&".join(f"{name}={value}" for name, values in selection.items() for value in values)
    response = client.get(f"{varied_bank.url}?{query}")
    for name in ("province", "goal", "sector", "status"):
        expected = brute_force_counts(varied_bank, name, **selection)
        shown = facet_counts(response, name)
        assert {value: count for value, count in shown.items() if count} == dict(expected), name


def test_selected_filters_show_as_removable_chips_and_a_way_to_clear_them(client, varied_bank):
    response = client.get(f"{varied_bank.url}?status=solved&sector=environment")
    html = response.content.decode()
    assert 'class="chip"' in html
    assert "Xóa bộ lọc" in html or "Clear filters" in html


def test_empty_state_offers_to_clear_the_filters(client, varied_bank):
    response = client.get(f"{varied_bank.url}?province=hue&goal=egov")
    html = response.content.decode()
    assert response.context["total"] == 0
    assert 'class="empty-state"' in html
    assert f'href="{varied_bank.url}"' in html


def test_an_empty_bank_says_so(client, bank):
    response = client.get(bank.url)
    assert response.status_code == 200
    assert 'class="empty-state"' in response.content.decode()


@pytest.mark.parametrize("name", ["province", "goal", "sector", "status", "page"])
@pytest.mark.parametrize("value", ["%00", "%00%00%1B%C2%85", "%ED%A0%80", "nonsense", "9" * 40, "²"])
def test_bad_filter_values_are_ignored_never_fatal(client, varied_bank, name, value):
    response = client.get(f"{varied_bank.url}?{name}={value}")
    assert response.status_code == 200
    assert response.context["total"] == len(VARIED)


def test_a_card_shows_the_facts_and_counts_of_its_problem(client, varied_tree, varied_bank):
    problem = ProblemPage.objects.get(title="Ngập lụt khu dân cư")
    for province in ("hue", "ha-noi"):
        SharedProblem.objects.create(
            problem=problem, province_id=_province_id(province), account=make_user(f"{province}@example.org")
        )
    for number, state in enumerate(["confirmed", "confirmed", "pending"]):
        initiative = make_initiative(varied_tree.community, f"Sáng kiến chống ngập {number}")
        ProblemLink.objects.create(
            problem=problem, initiative=initiative, kind=LinkKind.PROPOSED, state=state
        )
    unpublished = make_initiative(varied_tree.community, "Sáng kiến chưa công bố", publish=False)
    ProblemLink.objects.create(
        problem=problem, initiative=unpublished, kind=LinkKind.PILOTED, state="confirmed"
    )

    response = client.get(varied_bank.url)
    card = next(p for p in response.context["problems"] if p.pk == problem.pk)
    assert (card.shared_count, card.linked_count) == (2, 2)
    html = response.content.decode()
    assert "Vấn đề: Ngập lụt khu dân cư" in html
    assert "Đà Nẵng" in html
    assert problem.contact_email not in html and problem.contact_phone not in html


def _province_id(code: str) -> int:
    return Province2025.objects.get(code=code).pk


def listing_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def add_problems_with_marks_and_links(tree, bank, numbers: range) -> None:
    for number in numbers:
        problem = make_problem(
            bank,
            f"Bài toán đếm {number}",
            province="hue" if number % 2 else "ha-noi",
            goals=("egov", "feedback"),
        )
        account = make_user(f"danh-dau-{number}@example.org")
        SharedProblem.objects.create(problem=problem, province_id=_province_id("da-nang"), account=account)
        for kind in (LinkKind.PROPOSED, LinkKind.PILOTED):
            initiative = make_initiative(tree.community, f"Sáng kiến đếm {number} {kind}")
            ProblemLink.objects.create(problem=problem, initiative=initiative, kind=kind, state="confirmed")


def test_the_listing_runs_a_constant_number_of_queries(client, tree, bank):
    add_problems_with_marks_and_links(tree, bank, range(2))
    few = listing_queries(client, f"{bank.url}?status=open&goal=egov")
    add_problems_with_marks_and_links(tree, bank, range(2, 25))
    assert ProblemPage.objects.live().count() == 25
    many = listing_queries(client, f"{bank.url}?status=open&goal=egov")
    assert many == few


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("999", "Không có trang 999; đang hiển thị trang cuối, trang 1."),
        ("abc", "“abc” không phải là số trang; đang hiển thị trang 1."),
        ("1\x00", ""),
    ],
)
def test_a_page_of_problems_that_does_not_exist_is_reported(client, varied_bank, page, notice):
    response = client.get(varied_bank.url, {"page": page})
    assert response.status_code == 200
    assert len(titles(response)) == len(VARIED)
    assert response.context["page_notice"] == notice
    assert response.content.decode().count("notice--page") == (1 if notice else 0)
