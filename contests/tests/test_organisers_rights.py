"""Contest organisers create, edit and publish their own contests in Wagtail's editor, and nothing else of
the calls section."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from contests.models import ContestPage
from tests.builders import make_call

from .builders import DAY, make_contest, make_organiser

pytestmark = pytest.mark.django_db


def new_contest_form(title: str) -> dict:
    today = timezone.localdate()
    data = {
        "title": title,
        "slug": "cuoc-thi-moi",
        "organiser": "UBND phường Ba Đình",
        "intake_opens": str(today),
        "intake_closes": str(today + 20 * DAY),
        "prescreening_deadline": str(today + 25 * DAY),
        "scoring_deadline": str(today + 35 * DAY),
        "results_date": str(today + 40 * DAY),
        "allows_article": "on",
        "allows_video_file": "on",
        "allows_video_link": "on",
        "grant_currency": "VND",
        "action-publish": "action-publish",
    }
    for relation, rows in {
        "contest_topics": [{"name_vi": "Chuyển đổi số", "name_en": "Digital transformation"}],
        "units": [{"name_vi": "Văn phòng", "name_en": "Office", "reviewer_emails": "van-phong@example.org"}],
        "prize_tiers": [
            {"name_vi": "Giải Nhất", "name_en": "First prize", "count": "1", "amount": "5000000"}
        ],
        "phases": [],
        "topics": [],
        "criteria": [],
    }.items():
        data.update({f"{relation}-TOTAL_FORMS": str(len(rows)), f"{relation}-INITIAL_FORMS": "0"})
        data.update({f"{relation}-MIN_NUM_FORMS": "0", f"{relation}-MAX_NUM_FORMS": "1000"})
        for number, row in enumerate(rows):
            data.update({f"{relation}-{number}-{name}": value for name, value in row.items()})
            data[f"{relation}-{number}-ORDER"] = str(number + 1)
            data[f"{relation}-{number}-id"] = ""
    return data


def test_an_organiser_creates_and_publishes_a_contest(client, site_tree):
    organiser = make_organiser()
    client.force_login(organiser)
    url = reverse("wagtailadmin_pages:add", args=["contests", "contestpage", site_tree.calls.pk])
    assert client.get(url).status_code == 200
    form = new_contest_form("Cuộc thi ý tưởng chuyển đổi số")
    response = client.post(url, form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    contest = ContestPage.objects.get(title="Cuộc thi ý tưởng chuyển đổi số")
    assert contest.owner == organiser
    assert [unit.reviewer_address_list for unit in contest.units.all()] == [["van-phong@example.org"]]
    # Wagtail publishes a new page only for those who may publish in the whole section: the organiser
    # publishes it from its editor, as its organiser.
    edit = reverse("wagtailadmin_pages:edit", args=[contest.pk])
    assert client.get(edit).status_code == 200
    form.update(
        {
            f"{relation}-{number}-id": str(row.pk)
            for relation in ("contest_topics", "units", "prize_tiers")
            for number, row in enumerate(getattr(contest, relation).all())
        }
    )
    form.update({f"{relation}-INITIAL_FORMS": "1" for relation in ("contest_topics", "units", "prize_tiers")})
    response = client.post(edit, form)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert ContestPage.objects.get(pk=contest.pk).live


def test_an_organiser_may_not_create_a_grant_call(client, site_tree):
    client.force_login(make_organiser())
    url = reverse("wagtailadmin_pages:add", args=["calls", "callpage", site_tree.calls.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("wagtailadmin_explore", args=[site_tree.calls.pk])


def test_phases_out_of_order_are_refused(client, site_tree):
    client.force_login(make_organiser())
    url = reverse("wagtailadmin_pages:add", args=["contests", "contestpage", site_tree.calls.pk])
    form = new_contest_form("Sai thứ tự")
    form["results_date"] = form["intake_opens"]
    response = client.post(url, form)
    assert response.status_code == 200
    assert response.context["form"].has_error("results_date")
    assert not ContestPage.objects.exists()


def test_organisers_edit_and_publish_only_their_own_contests(site_tree):
    mine, theirs = make_organiser("a@example.org"), make_organiser("b@example.org")
    contest = make_contest(site_tree.calls, owner=mine)
    call = make_call(site_tree.calls)
    own, others = contest.permissions_for_user(mine), contest.permissions_for_user(theirs)
    assert own.can_edit() and own.can_publish() and own.can_unpublish()
    assert not (others.can_edit() or others.can_publish() or others.can_unpublish())
    assert not call.permissions_for_user(mine).can_edit()
    assert not call.permissions_for_user(mine).can_publish()
    # The organising staff run it with its creator.
    contest.organising_staff.add(theirs)
    contest.save()
    assert ContestPage.objects.get(pk=contest.pk).permissions_for_user(theirs).can_publish()


def test_an_organiser_out_of_the_group_runs_nothing(site_tree):
    organiser = make_organiser()
    contest = make_contest(site_tree.calls, owner=organiser)
    organiser.groups.clear()
    assert not contest.is_organised_by(organiser)
    assert not contest.permissions_for_user(organiser).can_publish()
