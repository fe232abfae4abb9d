"""“We face this too”: a government agency marks that its locality has the problem, once per locality."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from problems import community
from problems.models import Follow, SharedProblem
from problems.wagtail_hooks import community_actions_on_problems
from tests.builders import make_user, verified
from tests.problem_builders import add_problem_bank, make_agency, make_problem, translate

from .community_world import HAI_CHAU, HOAN_KIEM, build_world, en, make_commune, messages_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site_tree):
    return build_world(site_tree)


def face_too_url(page) -> str:
    return en("problem_community:face_too", page.pk)


def test_two_accounts_of_one_province_make_one_mark_and_a_commune_makes_another(client, world):
    first = make_agency("ubnd-1@example.org")
    second = make_agency("ubnd-2@example.org")
    client.force_login(first)
    response = client.post(face_too_url(world.problem), {"commune": ""})
    assert response.status_code == 302
    client.force_login(second)
    response = client.post(face_too_url(world.problem), {"commune": ""})
    assert "already counted" in messages_of(response)
    assert SharedProblem.objects.filter(problem=world.problem).count() == 1

    client.post(face_too_url(world.problem), {"commune": str(HOAN_KIEM)})
    marks = community.localities_facing(world.problem)
    assert [(mark.province.code, mark.commune and mark.commune.gso_code) for mark in marks] == [
        ("ha-noi", None),
        ("ha-noi", HOAN_KIEM),
    ]


def test_the_same_commune_twice_is_one_mark(world):
    commune = make_commune(9_000_103, "Phường Thử Nghiệm")
    first, created = community.mark_shared(world.problem, make_agency("a@example.org"), commune)
    again, created_again = community.mark_shared(world.problem, make_agency("b@example.org"), commune)
    assert created and not created_again and again.pk == first.pk


def test_a_commune_of_another_province_or_an_unknown_code_is_refused_with_a_clear_error(client, world):
    client.force_login(make_agency("ubnd-3@example.org"))
    for code, error in (
        (str(HAI_CHAU), "is not one of the province"),
        ("999999", "is not one of the province"),
        ("abc", "is not one of the province"),
        ("9" * 400, "is not one of the province"),
        ("1\x00", "Null characters are not allowed"),
    ):
        response = client.post(face_too_url(world.problem), {"commune": code})
        assert response.status_code == 200, code
        assert error in response.content.decode(), code
    assert not SharedProblem.objects.exists()


def test_marks_on_the_english_page_count_with_the_vietnamese_ones(client, site_tree, english_tree):
    world = build_world(site_tree)
    english = translate(world.problem, english_tree.home.locale)
    client.force_login(make_agency("ubnd-en@example.org"))
    client.post(face_too_url(english), {"commune": ""})
    client.force_login(make_agency("ubnd-vi@example.org"))
    client.post(face_too_url(world.problem), {"commune": ""})
    assert SharedProblem.objects.get().problem_id == world.problem.pk
    assert len(community.localities_facing(english)) == 1


def test_marking_follows_the_problem_and_the_mark_can_be_withdrawn(client, world):
    client.force_login(world.agency)
    client.post(face_too_url(world.problem), {"commune": str(HAI_CHAU)})
    mark = SharedProblem.objects.get()
    assert (mark.province.code, mark.commune.gso_code, mark.organisation) == (
        "da-nang",
        HAI_CHAU,
        "UBND phường Thử",
    )
    assert Follow.objects.filter(user=world.agency, page=world.problem).exists()
    response = client.post(reverse("problem_community:withdraw_mark", args=[world.problem.pk]))
    assert response.status_code == 302
    assert not SharedProblem.objects.exists()


def test_accounts_that_are_not_agencies_see_why_they_cannot_mark(client, world):
    citizen = verified(make_user("dan@example.org"))
    client.force_login(citizen)
    response = client.post(face_too_url(world.problem), {"commune": ""})
    assert response.status_code == 403
    assert "Only the accounts of government agencies" in response.content.decode()
    unverified = make_agency("chua-xac-nhan@example.org")
    unverified.emailaddress_set.update(verified=False)
    client.force_login(unverified)
    assert "Confirm your e-mail address" in client.get(face_too_url(world.problem)).content.decode()
    assert not SharedProblem.objects.exists()


def test_the_problem_page_fragment_offers_each_person_what_they_may_do(rf, world):
    with translation.override("en"):
        request = rf.get("/")
        request.user = verified(make_user("dan@example.org"))
        assert "Only the accounts of government agencies" in community_actions_on_problems(
            request, world.problem
        )
        request.user = world.agency
        html = community_actions_on_problems(request, world.problem)
        assert face_too_url(world.problem) in html
        community.mark_shared(world.problem, world.agency)
        assert "Withdraw the mark of" in community_actions_on_problems(request, world.problem)


def test_localities_facing_takes_one_query_whatever_the_number_of_marks(world, django_assert_num_queries):
    for number in range(5):
        make_commune(9_000_300 + number, f"Xã Thử {number}")
        community.mark_shared(world.problem, make_agency(f"x{number}@example.org"))
    bank = add_problem_bank(world.tree.home, title="Khác", slug="khac")
    other = make_problem(bank, "Khác")
    community.mark_shared(other, make_agency("khac@example.org"))
    with django_assert_num_queries(1):
        marks = community.localities_facing(world.problem)
        [str(mark.province) for mark in marks]
    assert len(marks) == 1


def test_unknown_problem_ids_are_not_found(client, world):
    client.force_login(world.agency)
    for pk in (999999, 2**40):
        assert client.get(f"/vi/community/problems/{pk}/face-too/").status_code == 404
    assert client.get(face_too_url(world.initiative)).status_code == 404
