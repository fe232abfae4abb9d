"""Offers of expertise: e-mailed to the problem's owner, with the sender's address in the e-mail only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from problems import community
from problems.models import ExpertiseOffer
from tests.builders import make_user

from .community_world import build_world, en, messages_of

pytestmark = pytest.mark.django_db

OFFER = {"field": "Phân tích dữ liệu", "offer": "Tôi có thể giúp thiết kế bảng theo dõi hồ sơ."}


@pytest.fixture
def world(site_tree):
    return build_world(site_tree)


def offer_url(world):
    return en("problem_community:offer", world.problem.pk)


def test_an_offer_reaches_the_owner_by_e_mail_in_their_language_with_the_sender_s_address(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.submitter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(world), OFFER)
    assert response.status_code == 302 and response["Location"] == world.problem.url
    assert "sent to the problem's authors" in messages_of(response)
    offer = ExpertiseOffer.objects.get()
    assert (offer.problem_id, offer.user, offer.field) == (world.problem.pk, world.submitter, OFFER["field"])
    [message] = mailoutbox
    assert message.to == [world.owner.email]
    assert message.extra_headers["Reply-To"] == world.submitter.email
    assert world.submitter.email in message.body and "Người nộp" in message.body
    assert OFFER["offer"] in message.body
    assert "Xin chào Chủ bài toán" in message.body  # the owner prefers Vietnamese


def test_one_offer_a_day_per_person_and_problem(client, world, mailoutbox):
    client.force_login(world.submitter)
    client.post(offer_url(world), OFFER)
    response = client.post(offer_url(world), OFFER)
    assert response.status_code == 200
    assert "already offered help on this problem today" in response.content.decode()
    assert OFFER["offer"] in response.content.decode()  # nothing typed lost
    assert ExpertiseOffer.objects.count() == 1
    ExpertiseOffer.objects.update(created_at=timezone.now() - community.OFFER_INTERVAL)
    client.post(offer_url(world), OFFER)
    assert ExpertiseOffer.objects.count() == 2


@pytest.mark.parametrize(
    ("values", "error"),
    [
        ({"field": "", "offer": "Giúp"}, "This field is required."),
        ({"field": "Dữ liệu\x00", "offer": "Giúp"}, "Null characters are not allowed."),
        ({"field": "x" * 300, "offer": "Giúp"}, "at most 255 characters"),
        ({"field": "Dữ liệu", "offer": "y" * 5001}, "at most 5000 characters"),
    ],
)
def test_bad_input_gives_a_clear_error(client, world, values, error):
    client.force_login(world.submitter)
    response = client.post(offer_url(world), values)
    assert response.status_code == 200 and error in response.content.decode()
    assert not ExpertiseOffer.objects.exists()


def test_the_owner_reads_the_offers_on_a_private_page(client, world):
    community.offer_expertise(world.problem, world.submitter, **OFFER)
    client.force_login(world.owner)
    html = client.get(en("problem_community:offers_received")).content.decode()
    assert OFFER["offer"] in html and world.submitter.email in html
    client.force_login(world.agency)
    html = client.get(en("problem_community:offers_received")).content.decode()
    assert OFFER["offer"] not in html and world.submitter.email not in html


def test_the_owner_does_not_offer_help_on_their_own_problem(client, world, mailoutbox):
    client.force_login(world.owner)
    response = client.post(offer_url(world), OFFER)
    assert response.status_code == 302
    assert not ExpertiseOffer.objects.exists()


def test_unconfirmed_accounts_are_asked_to_confirm_first(client, world):
    client.force_login(make_user("chua-xac-nhan@example.org"))
    response = client.post(offer_url(world), OFFER)
    assert not ExpertiseOffer.objects.exists()
    assert response.status_code == 200 and "confirm" in response.content.decode().lower()
