"""The visitor counter: browsers counted, robots not, nothing written per view, no address kept."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from tests.builders import make_initiative
from visits import counter
from visits.models import DailyPageViews, DailyVisits

pytestmark = pytest.mark.django_db

BROWSER = (
    "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36"
)
OTHER_BROWSER = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
ROBOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1",
    "curl/8.5.0",
    "python-requests/2.32.3",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/130.0",
    "",
]
ADDRESS = "203.0.113.77"


def view(client, page=None, *, agent=BROWSER, address=ADDRESS):
    query = {"page": page.pk} if page is not None else {}
    response = client.get(reverse("visits:beacon"), query, HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    assert "no-store" in response["Cache-Control"]
    assert "Set-Cookie" not in response
    return response


def waiting_views() -> int:
    return counter.cache().get(counter.views_key(timezone.localdate())) or 0


@pytest.fixture
def initiative(site_tree):
    return make_initiative(site_tree.expo, "Một cửa số")


@pytest.mark.parametrize("agent", ROBOTS)
def test_robots_are_not_counted(client, initiative, agent):
    view(client, initiative, agent=agent)
    counter.flush()
    assert waiting_views() == 0
    assert not DailyVisits.objects.exists() and not DailyPageViews.objects.exists()


def test_a_counted_view_writes_nothing_to_the_database(client, initiative):
    view(client, initiative)  # the first view of the minute may start a flush
    before = waiting_views()
    with CaptureQueriesContext(connection) as queries:
        view(client, initiative)
        view(client, initiative, agent=OTHER_BROWSER, address="198.51.100.5")
    writes = [
        q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    assert waiting_views() == before + 2


def test_flushing_writes_the_views_per_day_and_per_page_and_the_visitors(client, initiative, site_tree):
    counter.flush_due()  # a flush has just run: the views below wait in the cache
    for _ in range(3):
        view(client, initiative)
    view(client, initiative, agent=OTHER_BROWSER)  # another browser at the same address: another visitor
    view(client, site_tree.expo, address="198.51.100.5")
    view(client)  # a page that is not one of Wagtail's
    assert not DailyVisits.objects.exists()

    assert counter.flush() == 6
    today = timezone.localdate()
    assert DailyVisits.objects.get(day=today).views == 6
    assert DailyVisits.objects.get(day=today).visitors == 3
    assert dict(DailyPageViews.objects.values_list("page_id", "views")) == {
        initiative.pk: 4,
        site_tree.expo.pk: 1,
    }

    view(client, initiative)  # counted after the flush: added to the same rows by the next one
    output = io.StringIO()
    call_command("flush_visits", stdout=output)
    assert output.getvalue() == "1 page views written.\n"
    assert DailyVisits.objects.get(day=today).views == 7 and DailyVisits.objects.get(day=today).visitors == 3
    assert DailyPageViews.objects.get(page=initiative).views == 5
    assert counter.flush() == 0


def test_views_of_yesterday_waiting_in_the_cache_are_written_to_yesterday(client, initiative):
    counter.flush_due()
    view(client, initiative)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    assert counter.flush(today=tomorrow) == 1
    assert DailyVisits.objects.get().day == timezone.localdate()


def test_a_page_that_is_not_published_and_public_gets_no_row(client, site_tree):
    draft = make_initiative(site_tree.expo, "Bản nháp", publish=False)
    counter.flush_due()
    view(client, draft)
    counter.flush()
    assert DailyVisits.objects.get().views == 1
    assert not DailyPageViews.objects.exists()


@pytest.mark.parametrize("value", ["abc", "-1", "9" * 40, "1\x00", "١٢"])
def test_a_bad_page_number_is_counted_as_a_view_of_no_page(client, site_tree, value):
    response = client.get(reverse("visits:beacon"), {"page": value}, HTTP_USER_AGENT=BROWSER)
    assert response.status_code == 200
    counter.flush()
    assert not DailyPageViews.objects.exists()


def test_no_address_is_stored_anywhere(client, initiative, site_tree):
    for number in range(3):
        view(client, initiative, address=f"{ADDRESS[:-2]}{70 + number}")
    client.get(initiative.url, HTTP_USER_AGENT=BROWSER, REMOTE_ADDR=ADDRESS)
    counter.flush()
    assert DailyVisits.objects.get().visitors == 3
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                found += [
                    (table, value) for value in row if "203.0.113." in str(value) or BROWSER in str(value)
                ]
    assert found == []


def test_every_published_page_carries_the_beacon_and_the_footer_the_counts(client, initiative):
    counter.flush_due()
    DailyVisits.objects.create(day=timezone.localdate() - datetime.timedelta(days=3), views=1200)
    DailyVisits.objects.create(day=timezone.localdate(), views=10)
    counter.flush()  # as the first view after a restart does: the footer reads the totals in the cache
    for _ in range(2):
        view(client, initiative)
    html = client.get(initiative.url).content.decode()
    assert f'src="/visits/seen.gif?page={initiative.pk}"' in html
    assert "Hôm nay: 12 · Đã truy cập: 1.212" in html
    english = client.get("/en/").content.decode()
    assert "Today: 12 · Total: 1,212" in english


def test_a_preview_carries_no_beacon(admin_client, initiative):
    response = admin_client.get(f"/admin/pages/{initiative.pk}/edit/preview/")
    assert response.status_code == 200
    assert "/visits/seen.gif" not in response.content.decode()
    assert Page.objects.filter(pk=initiative.pk).exists()


def test_the_first_view_of_a_minute_starts_a_flush_the_others_wait(
    client, initiative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        view(client, initiative)
    assert DailyVisits.objects.get().views == 1
    with django_capture_on_commit_callbacks(execute=True):
        view(client, initiative)
    assert DailyVisits.objects.get().views == 1
    assert waiting_views() == 1
