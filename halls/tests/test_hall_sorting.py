import datetime
import re

import pytest
from django.utils import timezone

from halls.tests.test_hall_listing import count_queries
from initiatives.models import Goal
from tests.builders import make_initiative, make_many_initiatives
from visits.models import DailyPageViews


def titles(response) -> list[str]:
    return [page.title for page in response.context["initiatives"]]


@pytest.fixture
def hall(site_tree):
    return site_tree.community


def test_title_sort_ignores_case_and_tone_marks_in_the_vietnamese_alphabet_order(client, hall):
    names = ("Zalo một cửa", "đường dây nóng", "Ấp văn hóa", "ăn ở sạch", "Anh hùng", "Dương Kinh", "ba cấp")
    for title in names:
        make_initiative(hall, title)
    response = client.get(f"{hall.url}?sort=title")
    assert response.status_code == 200
    assert titles(response) == [
        "Anh hùng", "ăn ở sạch", "Ấp văn hóa", "ba cấp", "Dương Kinh", "đường dây nóng", "Zalo một cửa",
    ]  # fmt: skip
    assert response.context["sort"] == "title"


def test_most_viewed_counts_the_views_of_the_last_thirty_days_only(client, hall):
    quiet = make_initiative(hall, "Ít người xem")
    popular = make_initiative(hall, "Nhiều người xem")
    formerly = make_initiative(hall, "Từng được xem")
    make_initiative(hall, "Chưa ai xem")
    today = timezone.localdate()
    DailyPageViews.objects.create(page=quiet, day=today, views=3)
    DailyPageViews.objects.create(page=popular, day=today, views=10)
    DailyPageViews.objects.create(page=popular, day=today - datetime.timedelta(days=29), views=10)
    DailyPageViews.objects.create(page=formerly, day=today - datetime.timedelta(days=30), views=500)
    response = client.get(f"{hall.url}?sort=most_viewed")
    assert titles(response)[:2] == ["Nhiều người xem", "Ít người xem"]
    assert set(titles(response)[2:]) == {"Từng được xem", "Chưa ai xem"}


def test_newest_is_the_default_and_an_unknown_sort_is_reported(client, hall):
    make_initiative(hall, "B cũ")
    make_initiative(hall, "A mới")
    default = client.get(hall.url)
    unknown = client.get(f"{hall.url}?sort=loudest")
    assert titles(default) == titles(unknown) == ["A mới", "B cũ"]
    assert unknown.status_code == 200
    assert "“loudest”" in unknown.content.decode()
    assert "unknown-filters" not in default.content.decode()


def test_the_sort_is_kept_by_filters_and_pagination_and_the_filters_by_the_sort_links(client, hall):
    make_many_initiatives(hall, 25)
    goal = Goal.objects.all()[0].code  # every initiative made in bulk has it
    html = client.get(f"{hall.url}?sort=title&goal={goal}").content.decode()
    assert 'name="sort" value="title"' in html  # the filters form keeps it
    assert f"?sort=title&amp;goal={goal}&amp;page=2" in html
    assert f'href="{hall.url}?sort=most_viewed&amp;goal={goal}"' in html
    assert f'href="{hall.url}?sort=title&amp;goal={goal}" aria-current="true">' in html


@pytest.mark.parametrize("sort", ["title", "most_viewed"])
def test_each_sort_runs_as_many_queries_whatever_the_size_of_the_hall(client, hall, sort):
    make_many_initiatives(hall, 5, prefix="Nhỏ")
    pictured = make_initiative(hall, "Có ảnh", images=2)
    # Shown first by every sort, so that its images are read before and after the hall grows.
    DailyPageViews.objects.create(page=pictured, day=timezone.localdate(), views=5)
    url = f"{hall.url}?sort={sort}&goal=egov"
    small = count_queries(client, url)
    make_many_initiatives(hall, 40, prefix="Lớn")
    assert count_queries(client, url) == small


def test_unknown_filter_values_are_reported_in_one_notice_and_the_known_ones_kept(client, hall):
    make_initiative(hall, "Đà Nẵng phản ánh", province="48")
    make_initiative(hall, "Hà Nội một cửa", province="01")
    response = client.get(f"{hall.url}?province=zz&province=48&goal=nothing&year=abc")
    html = response.content.decode()
    assert response.status_code == 200
    assert titles(response) == ["Đà Nẵng phản ánh"]
    assert [(u.label, u.value) for u in response.context["unknown_values"]] == [
        ("Tỉnh/thành (trước 2025)", "zz"),
        ("Mục tiêu", "nothing"),
        ("Năm bắt đầu", "abc"),
    ]
    assert html.count("notice--unknown-filters") == 1
    assert "“zz”" in html and "“nothing”" in html


def test_a_known_value_without_matches_is_not_reported(client, hall):
    make_initiative(hall, "Hà Nội một cửa", province="01", start_year=2020)
    response = client.get(f"{hall.url}?province=48&year=2015")
    assert response.context["unknown_values"] == []
    assert response.context["total"] == 0


def test_clearing_the_filters_keeps_the_chosen_order(client, hall):
    make_initiative(hall, "Hà Nội một cửa", province="01")
    response = client.get(f"{hall.url}?sort=title&province=48")
    html = response.content.decode()
    assert response.context["total"] == 0
    clear_links = re.findall(r'href="([^"]*)">Xóa bộ lọc<', html)
    assert clear_links == [f"{hall.url}?sort=title"] * 2  # in the filters panel and in the empty state
    default_order = client.get(f"{hall.url}?province=48").content.decode()
    assert re.findall(r'href="([^"]*)">Xóa bộ lọc<', default_order) == [hall.url] * 2


@pytest.mark.parametrize(
    ("page", "notice"),
    [
        ("999", "Không có trang 999; đang hiển thị trang cuối, trang 1."),
        ("abc", "“abc” không phải là số trang; đang hiển thị trang 1."),
        ("-1", "“-1” không phải là số trang; đang hiển thị trang 1."),
        ("9" * 400, "Không có trang 9999999999999999999…; đang hiển thị trang cuối, trang 1."),
    ],
)
def test_a_page_that_does_not_exist_is_reported_next_to_unknown_filters(client, hall, page, notice):
    make_initiative(hall, "Hà Nội một cửa")
    response = client.get(hall.url, {"page": page})
    assert response.status_code == 200
    assert titles(response) == ["Hà Nội một cửa"]
    assert response.context["page_notice"] == notice
    assert response.content.decode().count("notice--page") == 1


def test_a_page_parameter_with_a_nul_byte_is_read_cleaned(client, hall):
    make_initiative(hall, "Hà Nội một cửa")
    response = client.get(f"{hall.url}?page=1%00")
    assert response.status_code == 200
    assert response.context["page_notice"] == ""
    assert "notice--page" not in client.get(hall.url).content.decode()
