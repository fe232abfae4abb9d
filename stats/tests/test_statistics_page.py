"""The statistics page in both languages: charts drawn on the server, tables beside them, numbers in each
language's format, and a fixed number of queries."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Locale

from stats.figures import most_viewed_initiatives
from stats.models import StatisticsPage
from tests.builders import make_initiative, make_many_initiatives
from visits.models import DailyPageViews

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(site_tree, english_tree):
    page = site_tree.home.add_child(
        instance=StatisticsPage(title="Thống kê", slug="thong-ke", intro="<p>Số liệu</p>")
    )
    english = page.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=True)
    english.title, english.slug = "Statistics", "statistics"
    english.save_revision().publish()
    return {"vi": page, "en": StatisticsPage.objects.get(pk=english.pk)}


def test_the_page_lives_at_its_address_in_both_languages(client, pages):
    assert pages["vi"].url == "/vi/thong-ke/" and pages["en"].url == "/en/statistics/"
    for language, heading in (("vi", "Sáng kiến theo tỉnh, thành phố"), ("en", "Initiatives by province")):
        response = client.get(pages[language].url)
        assert response.status_code == 200
        assert heading in response.content.decode()
    vietnamese = client.get(pages["vi"].url).content.decode()
    assert "tại một trong 34 tỉnh, thành phố hình thành từ tháng 7 năm 2025" in vietnamese
    assert "Each published" not in vietnamese
    assert "<td>ĐNg</td>" in vietnamese
    assert "<td>DNg</td>" in client.get(pages["en"].url).content.decode()  # without Vietnamese letters


def test_each_chart_is_svg_with_a_captioned_table_and_a_note(client, pages, site_tree):
    make_initiative(site_tree.expo, "Một cửa số", province="01")
    html = client.get(pages["en"].url).content.decode()
    charts = re.findall(r'<section class="chart[^"]*".*?</section>', html, flags=re.S)
    assert len(charts) >= 10
    drawn = [chart for chart in charts if "<svg" in chart]
    assert len(drawn) >= 8
    for chart in drawn:
        assert '<svg class="chart__svg' in chart and 'role="img"' in chart
        assert re.search(r"<table[^>]*>\s*<caption>[^<]+</caption>", chart)
    # Without a grant or a problem, their charts say so instead of drawing an empty picture.
    for chart in set(charts) - set(drawn):
        assert "Nothing to count here yet." in chart and "<table" not in chart
    assert any('id="grant-year-heading"' in chart for chart in set(charts) - set(drawn))
    assert html.count('class="chart__note"') >= 10
    assert " style=" not in html and "<script>" not in html
    assert "<title>Ha Noi: 1</title>" in html


def test_numbers_follow_each_language_s_format(client, pages, site_tree):
    make_many_initiatives(site_tree.expo, 1001)
    vietnamese = client.get(pages["vi"].url).content.decode()
    english = client.get(pages["en"].url).content.decode()
    assert "1.001 sáng kiến đã công bố" in vietnamese
    assert "1,001 initiatives published" in english
    assert '<td class="numeric">1.001</td>' in vietnamese and '<td class="numeric">1,001</td>' in english


def count_queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_takes_a_constant_number_of_queries(client, pages, site_tree):
    make_initiative(site_tree.expo, "Một cửa số", province="01")
    few = count_queries(client, pages["vi"].url)
    make_many_initiatives(site_tree.community, 40)
    make_initiative(site_tree.expo, "Đà Nẵng số", province="48", goals=("feedback", "satisfaction"))
    assert count_queries(client, pages["vi"].url) == few


def test_the_most_viewed_initiatives_add_up_both_languages_over_30_days(
    client, pages, site_tree, english_tree
):
    today = timezone.localdate()
    popular = make_initiative(site_tree.expo, "Một cửa số")
    alias = popular.get_translation(Locale.objects.get(language_code="en"))
    quiet = make_initiative(site_tree.community, "Phản ánh hiện trường")
    old = make_initiative(site_tree.community, "Sáng kiến cũ")
    DailyPageViews.objects.bulk_create(
        [
            DailyPageViews(day=today, page=popular, views=7),
            DailyPageViews(day=today - datetime.timedelta(days=29), page=alias, views=5),
            DailyPageViews(day=today, page=quiet, views=9),
            DailyPageViews(day=today - datetime.timedelta(days=30), page=old, views=100),
            DailyPageViews(day=today, page=pages["vi"], views=50),
        ]
    )
    assert [(page.pk, views) for page, views in most_viewed_initiatives()] == [
        (popular.pk, 12),
        (quiet.pk, 9),
    ]
    with translation.override("en"):
        assert [page.pk for page, _views in most_viewed_initiatives()] == [
            alias.pk,
            quiet.get_translation(Locale.objects.get(language_code="en")).pk,
        ]
    html = client.get(pages["vi"].url).content.decode()
    row = f'<a href="{popular.url}" lang="vi">Một cửa số</a></th><td class="numeric">12</td>'
    assert row in html
