from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from halls.filters import InitiativeFilterSet
from halls.models import INITIATIVES_PER_PAGE
from initiatives.models import InitiativePage
from tests.builders import (
    SiteTree,
    add_english_tree,
    build_site_tree,
    fresh_tree,
    make_initiative,
    make_many_initiatives,
)


@pytest.fixture(scope="module")
def varied_tree_built_once(module_transaction) -> SiteTree:
    site_tree = build_site_tree()
    hall = site_tree.community
    make_initiative(hall, "Hà Nội một cửa", province="01", stage="pilot", goals=("egov",), start_year=2019)
    make_initiative(hall, "Đà Nẵng phản ánh", province="48", stage="scaled", goals=("feedback", "egov"))
    make_initiative(
        hall, "Quảng Nam hài lòng", province="49", stage="idea", goals=("satisfaction",), types=("process",)
    )
    make_initiative(hall, "Huế điện tử", province="46", stage="pilot", proposer="citizen", start_year=2019)
    make_initiative(site_tree.expo, "Ở gian khác", province="48")
    make_initiative(hall, "Bản nháp", province="48", publish=False)
    return site_tree


@pytest.fixture
def varied_tree(varied_tree_built_once, db) -> SiteTree:
    """A tree whose Community Hall holds varied initiatives, a draft among them, and the Expo Hall one more.

    Built once for the module: the tests that use it only read it, or change it in their own transaction.
    """
    return fresh_tree(varied_tree_built_once)


@pytest.fixture
def varied_hall(varied_tree):
    return varied_tree.community


def listed_titles(response) -> set[str]:
    return {page.title for page in response.context["initiatives"]}


def facet_counts(response, name: str) -> dict[str, int]:
    for counts in response.context["facets"]:
        if counts.name == name:
            return {option.value: option.count for option in counts.options}
    raise AssertionError(f"no facet {name}")


def test_hall_lists_only_its_published_initiatives_newest_first(client, varied_hall):
    response = client.get(varied_hall.url)
    assert response.status_code == 200
    titles = [page.title for page in response.context["initiatives"]]
    assert titles == ["Huế điện tử", "Quảng Nam hài lòng", "Đà Nẵng phản ánh", "Hà Nội một cửa"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=48", {"Đà Nẵng phản ánh"}),
        ("province=48&province=49", {"Đà Nẵng phản ánh", "Quảng Nam hài lòng"}),
        ("province_2025=da-nang", {"Đà Nẵng phản ánh", "Quảng Nam hài lòng"}),
        ("province_2025=hue", {"Huế điện tử"}),
        ("goal=egov", {"Hà Nội một cửa", "Đà Nẵng phản ánh", "Huế điện tử"}),
        ("goal=egov&stage=pilot", {"Hà Nội một cửa", "Huế điện tử"}),
        ("type=process", {"Quảng Nam hài lòng"}),
        ("proposer=citizen", {"Huế điện tử"}),
        ("year=2019", {"Hà Nội một cửa", "Huế điện tử"}),
        ("stage=idea&province=01", set()),
    ],
)
def test_hall_filters(client, varied_hall, query, expected):
    response = client.get(f"{varied_hall.url}?{query}")
    assert listed_titles(response) == expected
    assert response.context["total"] == len(expected)


def test_each_facet_counts_against_the_other_filters(client, varied_hall):
    response = client.get(f"{varied_hall.url}?stage=pilot&goal=egov")
    # The stage facet ignores the stage filter but applies the goal filter.
    assert facet_counts(response, "stage") == {"pilot": 2, "scaled": 1}
    assert facet_counts(response, "goal") == {"egov": 2}
    assert facet_counts(response, "province_2025") == {"ha-noi": 1, "hue": 1}


def test_facet_counts_match_a_brute_force_count(client, varied_hall):
    response = client.get(varied_hall.url)
    live = list(InitiativePage.objects.live().child_of(varied_hall).prefetch_related("goals"))
    assert facet_counts(response, "goal") == Counter(goal.code for page in live for goal in page.goals.all())
    assert facet_counts(response, "province") == Counter(page.province.gso_code for page in live)
    assert facet_counts(response, "year") == Counter(str(page.start_year) for page in live)


def facet_values(page, name: str) -> list[str]:
    if name == "goal":
        return [goal.code for goal in page.goals.all()]
    if name == "type":
        return [kind.code for kind in page.innovation_types.all()]
    if name == "year":
        return [str(page.start_year)] if page.start_year else []
    return [
        {"stage": page.stage.code, "province": page.province.gso_code, "proposer": page.proposer_type.code}[
            name
        ]
    ]


@pytest.mark.parametrize(
    "chosen",
    [
        {"stage": {"pilot"}, "goal": {"egov"}},
        {"goal": {"egov", "satisfaction"}, "province": {"48", "49"}, "year": {"2019"}},
        {"type": {"process"}, "proposer": {"citizen"}},
    ],
)
def test_facet_counts_and_total_with_choices_match_a_brute_force_count(client, varied_hall, chosen):
    """Each facet counts the initiatives that keep every other facet's choices; the total keeps them all."""
    query = "&".join(f"{name}={value}" for name, values in chosen.items() for value in sorted(values))
    response = client.get(f"{varied_hall.url}?{query}")
    live = list(
        InitiativePage.objects.live()
        .child_of(varied_hall)
        .select_related("province", "stage", "proposer_type")
        .prefetch_related("goals", "innovation_types")
    )

    def keeps(page, name: str) -> bool:
        return bool(chosen[name] & set(facet_values(page, name)))

    for name in ("stage", "goal", "type", "province", "proposer", "year"):
        counted = [page for page in live if all(keeps(page, other) for other in chosen if other != name)]
        expected = Counter(value for page in counted for value in facet_values(page, name))
        for value in chosen.get(name, ()):  # a chosen value stays listed, even with none left
            expected.setdefault(value, 0)
        assert facet_counts(response, name) == expected, name
    assert response.context["total"] == sum(all(keeps(page, name) for name in chosen) for page in live)


def test_unknown_filter_values_are_ignored_not_fatal(client, varied_hall):
    response = client.get(f"{varied_hall.url}?province=99&goal=nonsense&year=abc&page=zzz")
    assert response.status_code == 200
    assert response.context["total"] == 4


@pytest.mark.parametrize("name", ["province", "province_2025", "goal", "type", "stage", "proposer", "year"])
@pytest.mark.parametrize("value", ["%00", "%00%00%1B%C2%85", "%ED%A0%80"])
def test_control_characters_in_a_filter_are_ignored(client, varied_hall, name, value):
    response = client.get(f"{varied_hall.url}?{name}={value}")
    assert response.status_code == 200
    assert response.context["total"] == 4


def test_control_characters_in_a_filter_of_the_english_hall_are_ignored(client, varied_tree):
    english = add_english_tree(varied_tree)
    for name in ("province", "province_2025", "goal", "type", "stage", "proposer"):
        assert client.get(f"{english.community.url}?{name}=%00").status_code == 200


def test_a_cleaned_value_still_filters(client, varied_hall):
    response = client.get(f"{varied_hall.url}?province=4%008&stage=%1Bscaled")
    assert listed_titles(response) == {"Đà Nẵng phản ánh"}


@pytest.mark.parametrize(
    "query", ["year=%C2%B2%C2%B2%C2%B2%C2%B2", "year=%D9%A2%D9%A0%D9%A1%D9%A9", "year=1500"]
)
def test_a_year_that_is_not_four_ascii_digits_of_a_possible_start_is_ignored(client, varied_hall, query):
    response = client.get(f"{varied_hall.url}?{query}")
    assert response.status_code == 200
    assert response.context["total"] == 4


@pytest.mark.parametrize("page", ["%C2%B2", "%D9%A3", "%E0%AB%AD", "9" * 5000, "%00"])
def test_a_page_number_that_is_not_ascii_digits_shows_the_first_page(client, site_tree, page):
    make_many_initiatives(site_tree.community, INITIATIVES_PER_PAGE + 3)
    response = client.get(f"{site_tree.community.url}?page={page}")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 1


def test_selected_value_without_matches_stays_visible(client, varied_hall):
    response = client.get(f"{varied_hall.url}?stage=idea&province=01")
    assert facet_counts(response, "province")["01"] == 0


def test_pagination_keeps_twenty_a_page(client, site_tree):
    for number in range(INITIATIVES_PER_PAGE + 3):
        make_initiative(site_tree.community, f"Sáng kiến {number}")
    first = client.get(site_tree.community.url)
    second = client.get(f"{site_tree.community.url}?page=2")
    assert len(first.context["initiatives"]) == INITIATIVES_PER_PAGE
    assert len(second.context["initiatives"]) == 3


def test_filterset_ignores_unbound_data(site_tree):
    filterset = InitiativeFilterSet(None, queryset=InitiativePage.objects.all())
    assert filterset.selected_values("province") == []
    assert not filterset.has_selection()


def test_one_unknown_value_among_known_ones_does_not_hide_results(client, varied_hall):
    response = client.get(f"{varied_hall.url}?province=48&province=zz")
    assert listed_titles(response) == {"Đà Nẵng phản ánh"}


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches and create image renditions
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_hall_query_count_does_not_grow_with_initiatives(client, site_tree, settings):
    settings.KEPT_SECONDS = 0  # the facets counted in each request, not read from the cache
    hall = site_tree.community
    provinces = ["01", "48", "49", "79", "46"]
    for number in range(3):
        make_initiative(
            hall, f"Nhỏ {number}", province=provinces[number], images=2, goals=("egov", "feedback")
        )
    url = f"{hall.url}?goal=egov&goal=feedback&stage=pilot"
    small = count_queries(client, url)
    for number in range(3, 30):
        make_initiative(
            hall,
            f"Lớn {number}",
            province=provinces[number % 5],
            images=number % 3,
            goals=("egov", "feedback", "satisfaction"),
            types=("service", "process"),
            start_year=2010 + number % 7,
        )
    assert count_queries(client, url) == small


def test_a_hall_of_a_thousand_runs_as_many_queries_as_a_hall_of_ten(client, site_tree, settings):
    settings.KEPT_SECONDS = 0
    hall = site_tree.community
    make_many_initiatives(hall, 10, prefix="Nhỏ")
    make_initiative(hall, "Có ảnh", images=3, goals=("egov", "feedback", "satisfaction"))
    plain = count_queries(client, hall.url)
    filtered = (
        f"{hall.url}?province=01&province=48&goal=egov&stage=pilot&type=service&proposer=agency&year=2020"
    )
    make_many_initiatives(hall, 990, prefix="Lớn", published_at=timezone.now() - timedelta(days=1))
    assert count_queries(client, hall.url) == plain
    assert count_queries(client, filtered) == plain


def facet_statements(client, url: str) -> tuple[object, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, sum("WITH standing" in query["sql"] for query in queries)


def test_the_counts_are_kept_across_orders_and_pages_until_a_page_changes(client, site_tree):
    hall = site_tree.community
    make_initiative(hall, "Hà Nội một cửa", province="01")
    make_initiative(hall, "Đà Nẵng phản ánh", province="48")
    response, counted = facet_statements(client, hall.url)
    assert counted == 1 and facet_counts(response, "province") == {"01": 1, "48": 1}
    for url in (f"{hall.url}?sort=title", f"{hall.url}?page=2", hall.url):
        response, counted = facet_statements(client, url)
        assert counted == 0 and facet_counts(response, "province") == {"01": 1, "48": 1}, url
    _, counted = facet_statements(client, f"{hall.url}?province=01")
    assert counted == 1  # other choices, other counts

    make_initiative(hall, "Hà Nội phản ánh", province="01")
    response, counted = facet_statements(client, hall.url)
    assert counted == 1 and facet_counts(response, "province") == {"01": 2, "48": 1}
    assert response.context["total"] == 3
