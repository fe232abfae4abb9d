"""Replication: a locality records that it applied an initiative, screeners decide, the page shows it."""

from __future__ import annotations

import random
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Province2025
from problems import community
from problems.models import Replication
from tests.builders import make_initiative
from tests.problem_builders import make_agency

from .community_world import HAI_CHAU, HOAN_KIEM, build_world, en, links_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    return build_world(site_tree)


def replication_data(**overrides) -> dict:
    data = {
        "province": "da-nang",
        "commune": str(HAI_CHAU),
        "organisation": "UBND phường Hải Châu",
        "year": "2024",
        "adapted": "Thêm kênh Zalo cho người cao tuổi.",
        "contact_name": "Trần Văn Liên Hệ",
        "contact_phone": "0905111222",
        "contact_email": "lien-he-rieng@example.org",
    }
    data.update(overrides)
    return data


def record(client, world, **overrides):
    client.force_login(world.agency)
    return client.post(en("problem_community:replicate", world.initiative.pk), replication_data(**overrides))


def decide(client, replication, state, reason="Cảm ơn"):
    return client.post(
        reverse("replication_screening:edit", args=[replication.pk]), {"state": state, "reason": reason}
    )


def test_an_agency_records_a_replication_that_waits_for_the_screeners(client, world):
    client.force_login(world.agency)
    form = client.get(en("problem_community:replicate", world.initiative.pk))
    assert form.status_code == 200
    assert 'value="da-nang" selected' in form.content.decode()  # its own province by default
    response = record(client, world)
    assert response.status_code == 302
    replication = Replication.objects.get()
    assert (replication.initiative_id, replication.state, replication.created_by) == (
        world.initiative.pk,
        Replication.State.PENDING,
        world.agency,
    )
    assert (replication.province.code, replication.commune.gso_code, replication.year) == (
        "da-nang",
        HAI_CHAU,
        2024,
    )
    assert "UBND phường Hải Châu" not in client.get(world.initiative.url).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("year", "99999999999999999999999", "The year cannot be in the future."),
        ("year", "2999", "The year cannot be in the future."),
        ("year", "1989", "greater than or equal to 1990"),
        ("year", "năm ngoái", "Enter a year, such as 2024."),
        ("year", "2²", "Enter a year, such as 2024."),
        ("province", "atlantis", "Choose one of the 34 provinces."),
        ("commune", str(HOAN_KIEM), "Hoan Kiem Ward is in Ha Noi, not in Da Nang."),
        ("commune", "Hoàn Kiếm", "There is no commune or ward called “Hoàn Kiếm” in Da Nang."),
        ("commune", "4242424242", "There is no commune or ward called “4242424242” in Da Nang."),
        ("commune", "9" * 300, "at most 255 characters"),
        ("organisation", "UBND\x00", "Null characters are not allowed."),
        ("adapted", "x" * 6000, "at most 5000 characters"),
        ("contact_email", "không phải e-mail", "Enter a valid email address."),
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_typed_is_lost(client, world, field, value, error):
    response = record(client, world, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert error in html
    assert "Trần Văn Liên Hệ" in html and replication_data(**{field: value})["adapted"] in html
    assert not Replication.objects.exists()


@pytest.mark.parametrize("typed", [str(HAI_CHAU), "Phường Hải Châu", "hai chau", "Hải Châu"])
def test_the_commune_is_found_by_its_name_without_diacritics_or_by_its_code(client, world, typed):
    assert record(client, world, commune=typed).status_code == 302
    assert Replication.objects.get().commune.gso_code == HAI_CHAU


def test_a_non_agency_cannot_record_and_sees_why(client, world):
    client.force_login(world.submitter)
    response = client.post(en("problem_community:replicate", world.initiative.pk), replication_data())
    assert response.status_code == 403
    assert "Only the accounts of government agencies" in response.content.decode()
    assert not Replication.objects.exists()


def test_publishing_tells_the_recorder_and_the_followers_and_shows_the_locality_without_contact(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    community.follow(world.initiative, world.submitter)
    assert "UBND phường Hải Châu" not in client.get(world.initiative.url).content.decode()  # and kept
    record(client, world)
    replication = Replication.objects.get()
    client.force_login(world.screener)
    queue = client.get(reverse("replication_screening:index"))
    assert queue.status_code == 200 and "UBND phường Hải Châu" in queue.content.decode()
    page = client.get(reverse("replication_screening:edit", args=[replication.pk])).content.decode()
    assert "lien-he-rieng@example.org" in page  # the screeners see the contact
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, replication, "published", "Đã kiểm tra với địa phương.")
    assert response.status_code == 302
    replication.refresh_from_db()
    assert (replication.state, replication.decided_by) == (Replication.State.PUBLISHED, world.screener)
    recorder_mail, follower_mail = sorted(mailoutbox, key=lambda message: message.to[0] != world.agency.email)
    assert recorder_mail.to == [world.agency.email]
    assert "published" in recorder_mail.subject  # the agency prefers English
    assert "Đã kiểm tra với địa phương." in recorder_mail.body
    assert follower_mail.to == [world.submitter.email]
    assert "List-Unsubscribe" in follower_mail.extra_headers

    client.logout()
    html = client.get(world.initiative.url).content.decode()
    assert "UBND phường Hải Châu" in html and "Thêm kênh Zalo cho người cao tuổi." in html
    assert "Đã nhân rộng tại 1 địa phương" in html
    for private in ("Trần Văn Liên Hệ", "0905111222", "lien-he-rieng@example.org"):
        assert private not in html


def test_changes_requested_then_edited_and_sent_again(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    record(client, world)
    replication = Replication.objects.get()
    client.force_login(world.screener)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, replication, "changes_requested", "Ghi rõ năm áp dụng.")
    assert "changes requested" in mailoutbox[0].subject
    link = next(url for url in links_in(mailoutbox[0].body) if "/community/replications/" in url)

    client.force_login(world.agency)
    mine = client.get(link).content.decode()
    assert "Ghi rõ năm áp dụng." in mine
    edit_url = en("problem_community:edit_replication", replication.pk)
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, replication_data(year="2023"))
    assert response.status_code == 302
    replication.refresh_from_db()
    assert (replication.state, replication.year) == (Replication.State.PENDING, 2023)

    client.force_login(world.screener)
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, replication, "declined", "Không phải nhân rộng.")
    client.force_login(world.agency)
    response = client.get(edit_url)
    assert response.status_code == 302
    replication.refresh_from_db()
    assert replication.state == Replication.State.DECLINED


def test_someone_else_cannot_edit_a_replication_and_a_screener_never_decides_on_their_own(client, world):
    record(client, world)
    replication = Replication.objects.get()
    client.force_login(make_agency("khac@example.org"))
    assert client.get(en("problem_community:edit_replication", replication.pk)).status_code == 404
    replication.created_by = world.screener
    replication.save()
    client.force_login(world.screener)
    decide(client, replication, "published")
    replication.refresh_from_db()
    assert replication.state == Replication.State.PENDING


def test_a_decision_needs_a_reason_and_one_of_the_three_outcomes(client, world):
    record(client, world)
    replication = Replication.objects.get()
    client.force_login(world.screener)
    for state, reason in (("published", ""), ("pending", "Lý do"), ("\x00", "Lý do")):
        response = decide(client, replication, state, reason)
        assert response.status_code == 200
    replication.refresh_from_db()
    assert replication.state == Replication.State.PENDING


def test_replications_by_province_agree_with_a_brute_force_count(world, django_assert_num_queries):
    provinces = list(Province2025.objects.order_by("pk")[:6])
    other = make_initiative(world.tree.expo, "Sáng kiến khác")
    rng = random.Random(17)  # noqa: S311 - test data, not secrets
    for number in range(40):
        Replication.objects.create(
            initiative=rng.choice([world.initiative, other]),
            province=rng.choice(provinces),
            organisation=f"UBND {number}",
            year=2020,
            adapted="…",
            state=rng.choice(Replication.State.values),
            created_by=world.agency,
        )
    with django_assert_num_queries(1):
        rows = community.replications_by_province()
    published = [r for r in Replication.objects.all() if r.state == Replication.State.PUBLISHED]
    expected = Counter(r.province.code for r in published)
    assert {row["code"]: row["replications"] for row in rows} == dict(expected)
    for row in rows:
        initiatives = {r.initiative_id for r in published if r.province.code == row["code"]}
        assert row["initiatives"] == len(initiatives)
    assert [row["replications"] for row in rows] == sorted(expected.values(), reverse=True)


def test_the_statistics_page_lists_the_provinces(client, world):
    Replication.objects.create(
        initiative=world.initiative,
        province=Province2025.objects.get(code="da-nang"),
        organisation="UBND",
        year=2021,
        adapted="…",
        contact_email="bi-mat@example.org",
        state=Replication.State.PUBLISHED,
        created_by=world.agency,
    )
    html = client.get(en("problem_community:replication_statistics")).content.decode()
    assert "Da Nang" in html and "bi-mat@example.org" not in html


def test_the_screeners_hear_of_a_replication_waiting_for_them(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record(client, world)
    replication = Replication.objects.get()
    assert [message.to for message in mailoutbox] == [[world.screener.email]]
    link = reverse("replication_screening:edit", args=[replication.pk])
    assert all(link in message.body for message in mailoutbox)
    assert all("lien-he-rieng@example.org" not in message.body for message in mailoutbox)


def test_the_initiative_page_runs_as_many_queries_whatever_the_number_of_replications(
    client, world, settings
):
    settings.KEPT_SECONDS = 0  # the section read in each request, not from the cache

    def add_replications(count):
        for number in range(count):
            Replication.objects.create(
                initiative=world.initiative,
                province=Province2025.objects.order_by("pk")[number],
                organisation=f"UBND {number}",
                year=2022,
                adapted="…",
                state=Replication.State.PUBLISHED,
                created_by=world.agency,
            )

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(world.initiative.url).status_code == 200
        return len(context.captured_queries)

    client.force_login(world.agency)
    add_replications(1)
    client.get(world.initiative.url)  # caches warmed
    with_one = queries()
    add_replications(5)
    assert queries() == with_one
