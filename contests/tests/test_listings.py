"""The contests' listings read the same number of queries however many entries they list, and the public
page shows the contest as its phase has it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contests import committee, entries
from jury.models import JURY_GROUP_NAME
from tests.builders import make_user, verified

from .builders import DAY, make_contest, make_entry, make_organiser, make_reviewer, score_entry

pytestmark = pytest.mark.django_db


def count_queries(client, url: str) -> int:
    client.get(url)  # what is read once and kept (menus, the site) is not counted
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.fixture
def organiser(db):
    return make_organiser()


@pytest.fixture
def contest(site_tree, organiser):
    return make_contest(site_tree.calls, owner=organiser)


def add_entries(contest, author, count: int, *, forward_by=None) -> list:
    made = []
    for number in range(count):
        unit = contest.units.all()[number % 2]
        entry = make_entry(
            contest, author, unit=unit, title=f"Bài {number}", topic=contest.contest_topics.all()[number % 3]
        )
        if forward_by is not None:
            entries.decide(entry, forward_by[unit.pk], "forwarded", "")
        made.append(entry)
    return made


def test_the_contest_page_counts_entries_per_topic_in_constant_queries(client, contest):
    author = make_user("a@example.org")
    add_entries(contest, author, 2)
    few = count_queries(client, contest.url)
    add_entries(contest, author, 12)
    make_entry(contest, author, submitted=False, title="Bản nháp")
    assert count_queries(client, contest.url) == few
    response = client.get(contest.url)
    counts = {topic.pk: received for topic, received in response.context["topics"]}
    assert sum(counts.values()) == 14  # the draft is not counted
    html = response.content.decode()
    assert "Bài 0" not in html and "Bản nháp" not in html
    assert response.context["days_left"] == 11


def test_my_entries_and_a_unit_s_entries_take_constant_queries(client, contest):
    author = verified(make_user("a@example.org"))
    unit = contest.units.first()
    reviewer = make_reviewer(unit)
    add_entries(contest, author, 2)
    client.force_login(author)
    mine = count_queries(client, reverse("contests:my_entries"))
    client.force_login(reviewer)
    theirs = count_queries(client, reverse("contests:unit_entries", args=[unit.pk]))
    add_entries(contest, author, 10)
    client.force_login(author)
    assert count_queries(client, reverse("contests:my_entries")) == mine
    client.force_login(reviewer)
    assert count_queries(client, reverse("contests:unit_entries", args=[unit.pk])) == theirs


def test_the_tracker_and_the_ranking_take_constant_queries(client, contest, organiser):
    member = verified(make_user("giam-khao@example.org"))
    member.groups.add(Group.objects.get(name=JURY_GROUP_NAME))
    evaluation = committee.committee_of(contest)
    committee.add_member(evaluation, member, is_chair=True)
    reviewers = {unit.pk: make_reviewer(unit) for unit in contest.units.all()[:2]}
    author = make_user("a@example.org")
    first = add_entries(contest, author, 2, forward_by=reviewers)
    client.force_login(organiser)
    tracker_url = reverse("contests_admin:tracker", args=[contest.pk])
    ranking_url = reverse("contests_admin:ranking", args=[contest.pk])
    for entry in first:
        score_entry(evaluation, member, entry, 7)
    tracker, ranking = count_queries(client, tracker_url), count_queries(client, ranking_url)
    for entry in add_entries(contest, author, 8, forward_by=reviewers):
        score_entry(evaluation, member, entry, 6)
    assert count_queries(client, tracker_url) == tracker
    assert count_queries(client, ranking_url) == ranking


def test_the_page_says_when_entries_open_and_hides_the_button_after_they_close(client, site_tree):
    today = timezone.localdate()
    upcoming = make_contest(
        site_tree.calls, slug="sap-mo", intake_opens=today + 2 * DAY, intake_closes=today + 9 * DAY
    )
    response = client.get(upcoming.url)
    assert response.context["phase"] == "upcoming"
    assert reverse("contests:enter", args=[upcoming.pk]) not in response.content.decode()
    closed = make_contest(site_tree.calls, slug="da-dong", entries_open=False)
    response = client.get(closed.url)
    assert response.context["phase"] == "prescreening"
    assert reverse("contests:enter", args=[closed.pk]) not in response.content.decode()
    current = [step for step in response.context["timeline"] if step.is_current]
    assert [step.phase for step in current] == ["prescreening"]
