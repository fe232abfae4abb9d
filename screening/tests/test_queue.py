"""The screeners' queue in the admin, its filters and the dashboard panel, and who may reach them."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from screening.models import ReviewTaskState
from tests.builders import make_call, make_screener, make_user, submit_initiative

QUEUE_URL = reverse("screening_queue:index")


def wait(submission, days: int) -> None:
    ReviewTaskState.objects.filter(workflow_state__object_id=str(submission.page_id)).update(
        started_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def queue(author, site_tree):
    call = make_call(site_tree.calls, intake_opens=timezone.localdate(), intake_closes=timezone.localdate())
    old = submit_initiative(author, title="Hộp thư góp ý điện tử", province="01", call=call.pk)
    recent = submit_initiative(author, title="Smart complaint box", language="en", province="48", scan=False)
    middle = submit_initiative(author, title="Một cửa liên thông", province="48")
    wait(old, 20)
    wait(middle, 5)
    return {"old": old, "middle": middle, "recent": recent, "call": call}


def titles_in(html: str, *titles: str) -> list[str]:
    """The given titles in the order the page shows them."""
    return sorted((title for title in titles if title in html), key=html.index)


ALL_TITLES = ("Hộp thư góp ý điện tử", "Một cửa liên thông", "Smart complaint box")


def test_the_queue_lists_submissions_oldest_first(screener_client, queue):
    response = screener_client.get(QUEUE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert titles_in(html, *ALL_TITLES) == list(ALL_TITLES)
    assert reverse("screening:decide", args=[queue["old"].page_id]) in html


def test_the_endorsement_scan_opens_from_the_queue(screener_client, queue):
    html = screener_client.get(QUEUE_URL).content.decode()
    scan_url = queue["old"].page.endorsement_document.url
    assert scan_url in html
    scan = screener_client.get(scan_url)
    assert scan.status_code == 200
    assert b"".join(scan.streaming_content).startswith(b"%PDF")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"language": "en"}, ["Smart complaint box"]),
        ({"language": "vi"}, ["Hộp thư góp ý điện tử", "Một cửa liên thông"]),
        ({"has_endorsement": "false"}, ["Smart complaint box"]),
        ({"has_endorsement": "true"}, ["Hộp thư góp ý điện tử", "Một cửa liên thông"]),
        ({"waiting": "3"}, ["Hộp thư góp ý điện tử", "Một cửa liên thông"]),
        ({"waiting": "14"}, ["Hộp thư góp ý điện tử"]),
        ({"waiting": "30"}, []),
    ],
)
def test_the_queue_filters(screener_client, queue, query, expected):
    html = screener_client.get(QUEUE_URL, query).content.decode()
    assert titles_in(html, *ALL_TITLES) == expected


def test_the_queue_filters_by_call_and_province(screener_client, queue):
    from initiatives.models import Province

    by_call = screener_client.get(QUEUE_URL, {"call": queue["call"].pk}).content.decode()
    assert titles_in(by_call, *ALL_TITLES) == ["Hộp thư góp ý điện tử"]
    da_nang = Province.objects.get(gso_code="48")
    by_province = screener_client.get(QUEUE_URL, {"province": da_nang.pk}).content.decode()
    assert titles_in(by_province, *ALL_TITLES) == ["Một cửa liên thông", "Smart complaint box"]


def test_the_queue_searches_titles_and_texts_without_diacritics(screener_client, queue, author):
    submit_initiative(author, title="Ngựa vằn zebra", summary="Vạch kẻ đường cho người đi bộ.")
    listed = ALL_TITLES + ("Ngựa vằn zebra",)
    for query in ("zebra", "ngua van", "NGỰA", "vach ke duong"):
        response = screener_client.get(QUEUE_URL, {"q": query})
        assert response.status_code == 200
        assert titles_in(response.content.decode(), *listed) == ["Ngựa vằn zebra"]
    html = screener_client.get(QUEUE_URL, {"q": "lien thong"}).content.decode()
    assert titles_in(html, *listed) == ["Một cửa liên thông"]


def test_a_search_keeps_the_queue_oldest_first_and_its_filters(screener_client, queue):
    html = screener_client.get(QUEUE_URL, {"q": "ho so"}).content.decode()  # in every summary
    assert titles_in(html, *ALL_TITLES) == list(ALL_TITLES)
    html = screener_client.get(
        QUEUE_URL, {"q": "ho so", "language": "vi", "ordering": "-waiting_since"}
    ).content
    assert titles_in(html.decode(), *ALL_TITLES) == ["Một cửa liên thông", "Hộp thư góp ý điện tử"]


@pytest.mark.parametrize(
    "query", ["locale=%00", "q=%00", "q=zebra%00&locale=vi%00", "p=%C2%B2", "waiting=%00"]
)
def test_control_characters_in_the_queue_s_query_are_ignored(screener_client, queue, query):
    response = screener_client.get(f"{QUEUE_URL}?{query}")
    assert response.status_code == 200


def test_decided_submissions_leave_the_queue(screener_client, queue):
    from tests.decisions import request_changes

    request_changes(screener_client, queue["old"])
    confirmation = screener_client.get(QUEUE_URL).content.decode()
    assert "Đã ghi nhận quyết định về “Hộp thư góp ý điện tử”." in confirmation
    html = screener_client.get(QUEUE_URL).content.decode()
    assert titles_in(html, *ALL_TITLES) == ["Một cửa liên thông", "Smart complaint box"]


def test_the_dashboard_panel_counts_the_waiting_and_the_oldest_wait(screener_client, queue):
    html = screener_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "3 sáng kiến đang chờ quyết định." in html
    assert "đã chờ 2" in html  # "2 tuần" or "2 weeks", by Django's own catalogue
    assert QUEUE_URL in html


def test_an_empty_queue_says_so(screener_client, site_tree):
    html = screener_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Không có gì đang chờ quyết định." in html


@pytest.fixture
def outsiders(db):
    editor = make_user("bien-tap@example.org")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return {"submitter": make_user("nguoi-nop-khac@example.org"), "editor outside the group": editor}


def test_people_outside_the_group_cannot_reach_the_queue_or_decide(outsiders, queue):
    from tests.decisions import accept

    for person in outsiders.values():
        client = Client()
        client.force_login(person)
        assert client.get(QUEUE_URL).status_code in (302, 403)
        assert "Hộp thư góp ý điện tử" not in client.get(QUEUE_URL, follow=True).content.decode()
        assert client.get(reverse("screening:decide", args=[queue["old"].page_id])).status_code in (302, 403)
        accept(client, queue["old"])
        task_state = ReviewTaskState.objects.get(
            workflow_state__object_id=str(queue["old"].page_id), status="in_progress"
        )
        wagtail_action = reverse(
            "wagtailadmin_pages:workflow_action", args=[queue["old"].page_id, "approve", task_state.pk]
        )
        client.post(wagtail_action, {"hall": "community", "comment": "Đạt."})
        task_state.refresh_from_db()
        assert task_state.status == "in_progress"
        assert not queue["old"].page.__class__.objects.get(pk=queue["old"].page_id).live
        home = client.get(reverse("wagtailadmin_home"), follow=True).content.decode()
        assert "đang chờ quyết định" not in home
    anonymous = Client()
    assert anonymous.get(QUEUE_URL)["Location"].startswith(reverse("wagtailadmin_login"))


def test_the_menu_shows_the_queue_to_screeners_only(screener_client, outsiders, site_tree):
    assert QUEUE_URL in screener_client.get(reverse("wagtailadmin_home")).content.decode()
    editor = Client()
    editor.force_login(outsiders["editor outside the group"])
    assert QUEUE_URL not in editor.get(reverse("wagtailadmin_home")).content.decode()


def test_a_screener_reaches_the_editor_of_a_submission(screener_client, queue):
    response = screener_client.get(reverse("wagtailadmin_pages:edit", args=[queue["old"].page_id]))
    assert response.status_code == 200
    second = make_screener("sang-loc-2@example.org")
    assert second.has_perm("wagtailadmin.access_admin")
