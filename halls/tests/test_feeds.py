"""The RSS and Atom feeds of new initiatives, per language and per hall: valid XML, newest first, at most
30, live and public initiatives only, absolute addresses on the configured site, a fixed number of queries."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, Site

from halls.feeds import FEED_LENGTH
from tests.builders import add_english_tree, make_initiative, make_many_initiatives
from tests.problem_builders import translate

ATOM = "{http://www.w3.org/2005/Atom}"
SITE = "https://expo.example.org"


@pytest.fixture
def halls(site_tree):
    english = add_english_tree(site_tree)
    Site.objects.filter(is_default_site=True).update(hostname="expo.example.org", port=443)
    # As Site.save() would: the page cache's purges have read the site's address while publishing.
    Site.clear_site_root_paths_cache()
    return site_tree, english


def published(page: Page, days_ago: int) -> Page:
    when = timezone.now() - timezone.timedelta(days=days_ago)
    Page.objects.filter(translation_key=page.translation_key).update(first_published_at=when)
    return page


def rss_items(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(response.content).find("channel")  # noqa: S314 - our own response
    return [
        {
            "title": item.findtext("title"),
            "link": item.findtext("link"),
            "date": parsedate_to_datetime(item.findtext("pubDate")),
            "description": item.findtext("description"),
        }
        for item in channel.findall("item")
    ]


def atom_entries(client, url: str) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314 - our own response
    return [
        {"title": entry.findtext(f"{ATOM}title"), "link": entry.find(f"{ATOM}link").get("href")}
        for entry in feed.findall(f"{ATOM}entry")
    ]


def test_language_feed_lists_both_halls_newest_first_without_drafts_or_private_pages(client, halls):
    vi, _en = halls
    published(make_initiative(vi.expo, "Cũ nhất"), 30)
    published(make_initiative(vi.community, "Mới nhất"), 1)
    published(make_initiative(vi.expo, "Ở giữa"), 10)
    make_initiative(vi.community, "Bản nháp", publish=False)
    hidden = published(make_initiative(vi.community, "Chỉ cho thành viên"), 0)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    items = rss_items(client, "/vi/feeds/initiatives.rss")
    assert [item["title"] for item in items] == ["Mới nhất", "Ở giữa", "Cũ nhất"]
    assert [item["date"] for item in items] == sorted((item["date"] for item in items), reverse=True)
    assert all(item["link"].startswith(f"{SITE}/vi/") for item in items)
    assert items[0]["description"] == "Tóm tắt: Mới nhất"
    assert [entry["title"] for entry in atom_entries(client, "/vi/feeds/initiatives.atom")] == [
        "Mới nhất",
        "Ở giữa",
        "Cũ nhất",
    ]


def test_each_language_has_its_feed_and_an_alias_of_a_private_page_stays_out(client, halls):
    vi, en = halls
    original = published(make_initiative(vi.expo, "Một cửa số"), 5)
    translate(original, en.home.locale, title="Digital one-stop shop", slug="one-stop", language="en")
    hidden = published(make_initiative(vi.community, "Chỉ cho thành viên"), 0)
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)

    english = rss_items(client, "/en/feeds/initiatives.rss")
    assert "Digital one-stop shop" in [item["title"] for item in english]
    assert all(item["link"].startswith(f"{SITE}/en/") for item in english)
    assert "Chỉ cho thành viên" not in [item["title"] for item in english]
    vietnamese = rss_items(client, "/vi/feeds/initiatives.rss")
    assert [item["title"] for item in vietnamese] == ["Một cửa số"]
    channel = ET.fromstring(client.get("/en/feeds/initiatives.rss").content).find("channel")  # noqa: S314
    assert channel.findtext("language") == "en" and channel.findtext("link") == f"{SITE}/en/"


def test_hall_feed_lists_only_that_halls_initiatives(client, halls):
    vi, en = halls
    published(make_initiative(vi.expo, "Ở Gian Triển lãm"), 2)
    published(make_initiative(vi.community, "Ở Gian Cộng đồng"), 1)
    expo = rss_items(client, f"/vi/feeds/halls/{vi.expo.slug}.rss")
    assert [item["title"] for item in expo] == ["Ở Gian Triển lãm"]
    community = atom_entries(client, f"/vi/feeds/halls/{vi.community.slug}.atom")
    assert [entry["title"] for entry in community] == ["Ở Gian Cộng đồng"]
    assert client.get(f"/en/feeds/halls/{vi.expo.slug}.rss").status_code == 404  # the Vietnamese hall's slug
    assert client.get(f"/en/feeds/halls/{en.expo.slug}.rss").status_code == 200
    assert client.get("/vi/feeds/halls/khong-co.rss").status_code == 404
    assert client.get(f"/vi/feeds/halls/{vi.intake.slug}.rss").status_code == 404


def test_feed_keeps_the_newest_thirty_in_a_fixed_number_of_queries(client, halls):
    vi, _en = halls
    make_many_initiatives(vi.community, 3, prefix="Lô đầu")
    client.get("/vi/feeds/initiatives.rss")
    with CaptureQueriesContext(connection) as few:
        assert len(rss_items(client, "/vi/feeds/initiatives.rss")) == 3
    make_many_initiatives(vi.expo, FEED_LENGTH + 5, prefix="Lô sau")
    with CaptureQueriesContext(connection) as many:
        assert len(rss_items(client, "/vi/feeds/initiatives.rss")) == FEED_LENGTH
    assert len(many) == len(few)
