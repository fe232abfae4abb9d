"""Where a page sits (breadcrumbs), when an initiative was published, and the language switcher's query."""

import datetime
import json
import re

import pytest
from django.template import Context, Template
from django.utils import timezone

from core.text import cut_at_word
from tests.builders import add_english_tree, make_call, make_initiative


def json_ld_of_type(html: str, kind: str) -> dict:
    for text in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
        data = json.loads(text)
        if data.get("@type") == kind:
            return data
    raise AssertionError(f"no {kind} JSON-LD")


def breadcrumb_nav(html: str) -> str:
    match = re.search(r'<nav class="breadcrumbs container"[^>]*>(.*?)</nav>', html, re.S)
    assert match, "no breadcrumbs"
    return match.group(0)


def test_an_initiative_shows_home_and_its_hall_above_it(client, site_tree):
    initiative = make_initiative(site_tree.community, "Một cửa điện tử xã Hòa Phong")
    html = client.get(initiative.url).content.decode()
    nav = breadcrumb_nav(html)
    assert 'aria-label="Vị trí của trang"' in nav
    assert f'<a href="{site_tree.home.url}">Trang chủ</a>' in nav
    assert f'<a href="{site_tree.community.url}">Gian Cộng đồng</a>' in nav
    assert '<span aria-current="page" lang="vi">Một cửa điện tử xã Hòa Phong</span>' in nav
    assert nav.index("Trang chủ") < nav.index("Gian Cộng đồng") < nav.index("Hòa Phong")
    items = json_ld_of_type(html, "BreadcrumbList")["itemListElement"]
    assert [(item["position"], item["name"]) for item in items] == [
        (1, "Trang chủ"),
        (2, "Gian Cộng đồng"),
        (3, "Một cửa điện tử xã Hòa Phong"),
    ]
    assert items[1]["item"].startswith("http") and items[1]["item"].endswith(site_tree.community.url)


def test_a_call_shows_the_calls_index_above_it(client, site_tree):
    call = make_call(site_tree.calls)
    nav = breadcrumb_nav(client.get(call.url).content.decode())
    assert f'<a href="{site_tree.calls.url}">Đợt tiếp nhận</a>' in nav


def test_the_home_page_has_no_breadcrumbs(client, site_tree):
    html = client.get(site_tree.home.url).content.decode()
    assert "breadcrumbs" not in html
    assert "BreadcrumbList" not in html


def test_an_initiative_shows_when_it_was_published_and_updated_in_each_language(client, site_tree):
    initiative = make_initiative(site_tree.community, "Một cửa điện tử")
    published = timezone.make_aware(datetime.datetime(2026, 3, 5, 9, 0))
    type(initiative).objects.filter(pk=initiative.pk).update(
        first_published_at=published, last_published_at=published
    )
    html = client.get(initiative.url).content.decode()
    assert 'Đăng <time datetime="2026-03-05">ngày 5 tháng 3 năm 2026</time>' in html
    assert "Cập nhật" not in html

    type(initiative).objects.filter(pk=initiative.pk).update(
        last_published_at=published + datetime.timedelta(days=40)
    )
    html = client.get(initiative.url).content.decode()
    assert 'Cập nhật <time datetime="2026-04-14">ngày 14 tháng 4 năm 2026</time>' in html

    english = add_english_tree(site_tree)
    written_in_english = make_initiative(english.community, "Village kiosk", language="en")
    html = client.get(written_in_english.url).content.decode()
    today = timezone.localdate()
    assert f'Published <time datetime="{today:%Y-%m-%d}">{today.day} {today:%B %Y}</time>' in html


def test_switching_language_on_a_hall_keeps_its_filters_and_sort_but_not_its_page(client, site_tree):
    english = add_english_tree(site_tree)
    html = client.get(
        f"{site_tree.community.url}?province=48&sort=title&page=2&q=m%E1%BB%99t"
    ).content.decode()
    assert (
        f'href="{english.community.url}?province=48&amp;sort=title&amp;q=m%E1%BB%99t" hreflang="en"' in html
    )
    # The address search engines are given is the translation itself, without the query.
    assert re.search(rf'<link rel="alternate" hreflang="en" href="http[^"?]*{english.community.url}">', html)


def test_switching_language_without_a_query_adds_none(client, site_tree):
    english = add_english_tree(site_tree)
    html = client.get(site_tree.community.url).content.decode()
    assert f'href="{english.community.url}" hreflang="en"' in html


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("một hai ba", 20, "một hai ba"),
        ("một hai ba bốn", 9, "một hai…"),
        ("một hai, ba bốn", 8, "một hai…"),
        ("mộthaibabốn", 5, "mộtha…"),
    ],
)
def test_text_is_cut_at_a_word_with_an_ellipsis(text, limit, expected):
    assert cut_at_word(text, limit) == expected


def test_cards_cut_summaries_at_a_word(client, site_tree):
    summary = "Người dân gửi phản ánh hiện trường " * 10
    make_initiative(site_tree.community, "Phản ánh", summary=summary.strip())
    html = client.get(site_tree.community.url).content.decode()
    shown = re.search(r'<p class="card__summary"[^>]*>(.*?)</p>', html, re.S).group(1)
    assert shown.endswith("…") and len(shown) <= 181
    assert summary.startswith(shown[:-1])
    assert shown[:-1].split()[-1] in summary.split()  # the last word is whole


def test_the_cut_at_word_filter_joins_lines():
    rendered = Template("{% load expo_tags %}{{ text|cut_at_word:12 }}").render(
        Context({"text": "dòng một\ndòng hai"})
    )
    assert rendered == "dòng một…"
