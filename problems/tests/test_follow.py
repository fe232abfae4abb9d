"""Following a problem or an initiative, the e-mails followers receive, and one-click unsubscribing."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from problems import community
from problems.models import Follow, ProblemPage
from problems.signals import problem_published, problem_status_changed
from tests.builders import make_user, verified
from tests.problem_builders import translate

from .community_world import build_world, en, links_in, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    return build_world(site_tree)


def test_anyone_signed_in_follows_and_unfollows_a_problem_or_an_initiative(client, world):
    client.force_login(world.submitter)
    for page in (world.problem, world.initiative):
        response = client.post(en("problem_community:follow", page.pk))
        assert response.status_code == 302 and response["Location"] == page.url
        assert "You follow it now" in messages_of(response)
        client.post(en("problem_community:follow", page.pk))
        assert Follow.objects.filter(user=world.submitter, page=page).count() == 1
        client.post(en("problem_community:unfollow", page.pk))
        assert not Follow.objects.filter(user=world.submitter, page=page).exists()


def test_the_anonymous_are_asked_to_sign_in_and_come_back_to_the_page(client, world):
    response = client.post(en("problem_community:follow", world.initiative.pk))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert (
        "next=" in response["Location"] and world.initiative.url.replace("/", "%2F") in response["Location"]
    )
    assert not Follow.objects.exists()


def test_only_problems_and_initiatives_are_followed_and_only_by_post(client, world):
    client.force_login(world.submitter)
    assert client.post(en("problem_community:follow", world.tree.home.pk)).status_code == 404
    assert client.post(en("problem_community:follow", 987654)).status_code == 404
    assert client.get(en("problem_community:follow", world.problem.pk)).status_code == 405
    assert not Follow.objects.exists()


def test_follows_point_to_the_page_in_the_language_of_its_text(client, site_tree, english_tree):
    world = build_world(site_tree)
    english = translate(world.problem, english_tree.home.locale)
    client.force_login(world.submitter)
    client.post(en("problem_community:follow", english.pk))
    assert Follow.objects.get().page_id == world.problem.pk


def test_the_initiative_page_shows_the_follow_button_and_the_replication_link(client, world):
    response = client.get(world.initiative.url.replace("/vi/", "/vi/"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("account_login") + "?next=" in html
    client.force_login(world.agency)
    html = client.get(world.initiative.url).content.decode()
    assert reverse("problem_community:follow", args=[world.initiative.pk]) in html
    assert reverse("problem_community:replicate", args=[world.initiative.pk]) in html
    community.follow(world.initiative, world.agency)
    html = client.get(world.initiative.url).content.decode()
    assert reverse("problem_community:unfollow", args=[world.initiative.pk]) in html
    client.force_login(world.submitter)
    html = client.get(world.initiative.url).content.decode()
    assert reverse("problem_community:replicate", args=[world.initiative.pk]) not in html


def change_status(problem, old, new, user, capture):
    with capture(execute=True):
        problem_status_changed.send(
            sender=ProblemPage, page=problem, old_status=old, new_status=new, user=user
        )


def test_followers_and_marking_localities_hear_of_a_status_change_in_their_language(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    follower = verified(
        make_user("theo-doi@example.org", full_name="Người theo dõi", preferred_language="vi")
    )
    community.follow(world.problem, follower)
    community.mark_shared(world.problem, world.agency)  # prefers English
    change_status(world.problem, "open", "solved", world.owner, django_capture_on_commit_callbacks)
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {follower.email, world.agency.email}
    english = by_recipient[world.agency.email]
    assert english.subject == "“Hồ sơ đất đai tồn đọng” is now: Solved"
    assert "from “Open” to “Solved”" in english.body
    vietnamese = by_recipient[follower.email]
    assert "Trạng thái của bài toán" in vietnamese.body
    for message in mailoutbox:
        follow = Follow.objects.get(user__email=message.to[0])
        assert str(follow.token) in message.extra_headers["List-Unsubscribe"]
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert world.problem.contact_email not in message.body


def test_a_problem_published_again_is_announced_but_not_its_first_publication(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    community.follow(world.problem, world.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        problem_published.send(sender=ProblemPage, page=world.problem, first_time=True)
    assert mailoutbox == []
    with django_capture_on_commit_callbacks(execute=True):
        problem_published.send(sender=ProblemPage, page=world.problem, first_time=False)
    assert [message.to for message in mailoutbox] == [[world.submitter.email]]


def test_followers_of_an_initiative_hear_of_its_published_updates(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    community.follow(world.initiative, world.submitter)
    world.initiative.summary = "Một bản cập nhật"
    with django_capture_on_commit_callbacks(execute=True):
        world.initiative.save_revision().publish()
    assert [message.to for message in mailoutbox] == [[world.submitter.email]]
    assert world.initiative.title in mailoutbox[0].subject


def test_one_click_unsubscribe_from_the_e_mail_by_get_then_follow_again(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    community.follow(world.problem, world.submitter)
    change_status(world.problem, "open", "piloting", world.owner, django_capture_on_commit_callbacks)
    link = next(url for url in links_in(mailoutbox[0].body) if "/unsubscribe/" in url)
    response = client.get(link)  # signed out
    assert response.status_code == 200
    assert not Follow.objects.exists()
    html = response.content.decode()
    assert reverse("problem_community:follow", args=[world.problem.pk]) in html
    again = client.get(link)
    assert again.status_code == 404
    client.force_login(world.submitter)
    client.post(reverse("problem_community:follow", args=[world.problem.pk]))
    assert Follow.objects.filter(user=world.submitter).exists()


def test_one_click_unsubscribe_by_post_as_mail_clients_do(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    from django.test import Client

    community.follow(world.problem, world.submitter)
    change_status(world.problem, "open", "piloting", world.owner, django_capture_on_commit_callbacks)
    link = mailoutbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    response = Client(enforce_csrf_checks=True).post(link, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.exists()


def test_unknown_or_malformed_tokens_get_a_friendly_page(client, world):
    response = client.get(en("problems_follow:unsubscribe", uuid.uuid4()))
    assert response.status_code == 404
    assert "This link no longer works" in response.content.decode()
    assert client.get("/en/community/follow/unsubscribe/not-a-token/").status_code == 404
    assert client.get("/en/community/follow/unsubscribe/%00/").status_code == 404
