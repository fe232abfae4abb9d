"""Links between problems and initiatives: named by a submitter, confirmed or removed by screeners, made by a
problem's authors; the e-mail to the problem's authors and followers when a linked initiative is published."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale

from problems.models import Follow, LinkKind, ProblemLink
from problems.taxonomy import ProblemStatus
from submissions.models import Submission
from tests.builders import (
    add_english_tree,
    make_initiative,
    make_screener,
    make_user,
    submit_initiative,
    verified,
)
from tests.decisions import accept
from tests.problem_builders import add_problem_bank, make_agency, make_problem, translate


@pytest.fixture
def bank(site_tree):
    return add_problem_bank(site_tree.home)


@pytest.fixture
def owner(db):
    return make_agency("chu-bai-toan@example.org", full_name="Chủ Bài Toán", preferred_language="vi")


@pytest.fixture
def problem(bank, owner):
    return make_problem(bank, "Hồ sơ đất đai tồn đọng", province="da-nang", owner=owner)


@pytest.fixture
def initiative(site_tree):
    return make_initiative(site_tree.community, "Một cửa số xã Hòa Phong", summary="Hồ sơ trực tuyến.")


@pytest.fixture
def follower(problem):
    user = verified(make_user("theo-doi@example.org", full_name="Người Theo Dõi", preferred_language="en"))
    Follow.objects.create(user=user, page=problem)
    return user


@pytest.fixture
def screener(db):
    return verified(
        make_screener("sang-loc@example.org", full_name="Người Sàng Lọc", preferred_language="vi")
    )


def link_page(problem) -> str:
    return reverse("problem_links:link_initiative", args=[problem.pk])


def everyone(owner, screener) -> dict:
    return {
        "anonymous": None,
        "submitter": verified(make_user("nguoi-nop@example.org")),
        "agency": owner,
        "another agency": make_agency("ubnd-khac@example.org"),
        "screener": screener,
        "administrator": make_user("quan-tri@example.org", is_superuser=True, is_staff=True),
    }


def as_user(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


# The problem's authors link initiatives they found.


def test_only_the_problems_owner_may_open_the_link_page(client, problem, owner, screener):
    expected = {
        "anonymous": 302,
        "submitter": 404,
        "agency": 200,
        "another agency": 404,
        "screener": 404,
        "administrator": 404,
    }
    for role, user in everyone(owner, screener).items():
        response = as_user(client, user).get(link_page(problem))
        assert response.status_code == expected[role], role
    assert "/accounts/login/" in as_user(client, None).get(link_page(problem))["Location"]


def test_nobody_else_can_link_an_initiative(client, problem, owner, screener, initiative):
    for role, user in everyone(owner, screener).items():
        if role == "agency":
            continue
        response = as_user(client, user).post(
            link_page(problem), {"initiative": initiative.pk, "kind": "proposed"}
        )
        assert response.status_code in {302, 404}, role
    assert not ProblemLink.objects.exists()


def test_initiatives_are_found_by_title_without_diacritics(client, site_tree, problem, owner, initiative):
    make_initiative(site_tree.community, "Một cửa bản nháp", publish=False)
    make_initiative(site_tree.community, "Hộp thư góp ý")
    client.force_login(owner)
    response = client.get(link_page(problem), {"q": "mot cua"})
    assert [page.title for page in response.context["found"]] == ["Một cửa số xã Hòa Phong"]
    assert "Một cửa số xã Hòa Phong" in response.content.decode()
    assert [page.title for page in client.get(link_page(problem), {"q": "MỘT CỬ"}).context["found"]] == [
        "Một cửa số xã Hòa Phong"
    ]
    assert list(client.get(link_page(problem), {"q": "đường sắt"}).context["found"]) == []


def test_the_owner_links_an_initiative_confirmed_at_once(client, problem, owner, initiative):
    assert f'href="{problem.url}"' not in client.get(initiative.url).content.decode()  # and kept
    client.force_login(owner)
    response = client.post(link_page(problem), {"initiative": initiative.pk, "kind": "piloted"})
    assert response.status_code == 302
    assert response["Location"] == problem.url
    link = ProblemLink.objects.get()
    assert (link.problem_id, link.initiative_id, link.kind) == (problem.pk, initiative.pk, LinkKind.PILOTED)
    assert link.state == ProblemLink.State.CONFIRMED
    assert (link.created_by, link.confirmed_by) == (owner, owner)
    assert initiative.title in client.get(problem.url).content.decode()
    assert f'href="{problem.url}"' in client.get(initiative.url).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "nonsense"},
        {"kind": ""},
        {"kind": "proposed\x00"},
        {"initiative": "abc"},
        {"initiative": "\x00"},
        {"initiative": "9" * 30},
        {"initiative": "999999"},
        {"initiative": "-1"},
    ],
)
def test_bad_input_to_the_link_page_gives_a_clear_error_and_changes_nothing(
    client, problem, owner, initiative, data
):
    client.force_login(owner)
    response = client.post(link_page(problem), {"initiative": initiative.pk, "kind": "proposed", **data})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert not ProblemLink.objects.exists()


def test_an_empty_post_gives_a_clear_error(client, problem, owner):
    client.force_login(owner)
    response = client.post(link_page(problem), {})
    assert response.status_code == 400
    assert not ProblemLink.objects.exists()


def test_a_draft_initiative_cannot_be_linked(client, site_tree, problem, owner):
    draft = make_initiative(site_tree.community, "Bản nháp", publish=False)
    client.force_login(owner)
    assert client.post(link_page(problem), {"initiative": draft.pk, "kind": "proposed"}).status_code == 400
    assert not ProblemLink.objects.exists()


@pytest.mark.parametrize("query", ["\x00", "mot\x00cua", "x" * 5000, "%ED%A0%80"])
def test_odd_searches_never_fail(client, problem, owner, query):
    client.force_login(owner)
    assert client.get(link_page(problem), {"q": query}).status_code == 200


def test_unknown_problems_are_not_found(client, owner, bank, site_tree):
    client.force_login(owner)
    assert client.get("/vi/my/problems/999999/link-initiative/").status_code == 404
    assert client.get(f"/vi/my/problems/{'9' * 30}/link-initiative/").status_code == 404
    unpublished = make_problem(bank, "Chưa công bố", owner=owner, publish=False)
    assert client.get(link_page(unpublished)).status_code == 404


# The e-mail when a linked initiative is published.


def unsubscribe_path(follow, language: str) -> str:
    with translation.override(language):
        return reverse("problems_follow:unsubscribe", args=[follow.token])


def test_linking_a_published_initiative_tells_the_authors_and_followers_once(
    client, problem, owner, follower, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_page(problem), {"initiative": initiative.pk, "kind": "proposed"})
    by_recipient = {message.to[0]: message for message in mailoutbox}
    assert set(by_recipient) == {owner.email, follower.email}
    to_owner, to_follower = by_recipient[owner.email], by_recipient[follower.email]
    assert (
        to_owner.subject == f"Một sáng kiến giải quyết bài toán của bạn đã được công bố: “{initiative.title}”"
    )
    assert "http://" in to_owner.body and initiative.url in to_owner.body
    assert (
        to_follower.subject == f"An initiative that answers your problem is published: “{initiative.title}”"
    )
    assert "Proposed for" in to_follower.body
    unsubscribe = unsubscribe_path(Follow.objects.get(user=follower), "en")
    assert unsubscribe in to_follower.body
    assert unsubscribe in to_follower.extra_headers["List-Unsubscribe"]
    assert to_follower.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "List-Unsubscribe" not in to_owner.extra_headers
    assert "theo dõi" not in to_owner.body
    for private in ("0911222333", "dau-moi@example.org"):
        assert private not in to_owner.body + to_follower.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_page(problem), {"initiative": initiative.pk, "kind": "proposed"})
        initiative.save_revision().publish()
    assert mailoutbox == []
    assert ProblemLink.objects.get().announced_at is not None


def test_an_author_who_follows_the_problem_gets_one_email(
    client, problem, owner, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    Follow.objects.create(user=owner, page=problem)
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_page(problem), {"initiative": initiative.pk, "kind": "replicated"})
    assert [message.to for message in mailoutbox] == [[owner.email]]


# A submitter names the open problems their initiative answers.


@pytest.fixture
def submitter(site_tree):
    return verified(make_user("tac-gia@example.org", full_name="Tác Giả", preferred_language="vi"))


def test_the_classification_section_offers_the_open_problems_of_its_language(
    client, site_tree, bank, problem, submitter
):
    make_problem(bank, "Đã giải quyết xong", status=ProblemStatus.SOLVED)
    make_problem(bank, "Bản nháp bài toán", publish=False)
    english = add_english_bank(site_tree)
    english_problem = make_problem(english, "An English problem", province="hue")
    # Published, it is listed in the Vietnamese bank too, as an alias: a submitter there may name it.
    shown_in_vietnamese = english_problem.get_translation(problem.locale)
    client.force_login(submitter)
    response = client.get(reverse("submissions:new"))
    submission_form = response.context["form"]
    assert "problems" not in submission_form.fields  # the basics section

    submission = Submission.objects.create(owner=submitter, data={"language": "vi", "title": "Một cửa"})
    response = client.get(reverse("submissions:section", args=[submission.pk, "classification"]))
    choices = dict(response.context["form"].fields["problems"].choices)
    assert sorted(choices) == sorted([str(problem.pk), str(shown_in_vietnamese.pk)])
    assert '<span lang="vi">Hồ sơ đất đai tồn đọng (Đà Nẵng)</span>' in response.content.decode()
    # In the English interface the problems stay as written in the draft's language, province included.
    english_interface = client.get(
        reverse("submissions:section", args=[submission.pk, "classification"]).replace("/vi/", "/en/", 1)
    )
    assert '<span lang="vi">Hồ sơ đất đai tồn đọng (Đà Nẵng)</span>' in english_interface.content.decode()


def add_english_bank(site_tree):
    english = add_english_tree(site_tree)
    return add_problem_bank(english.home, title="Problem bank", slug="problems")


def test_the_named_problems_are_stored_with_the_draft(client, problem, submitter):
    submission = Submission.objects.create(owner=submitter, data={"language": "vi", "title": "Một cửa"})
    client.force_login(submitter)
    url = reverse("submissions:section", args=[submission.pk, "classification"])
    data = {
        "goals": ["egov"],
        "problems": [str(problem.pk)],
        "problem_link_kind": "piloted",
        "save_draft": "1",
    }
    assert client.post(url, data).status_code == 302
    submission.refresh_from_db()
    assert submission.data["problems"] == [str(problem.pk)]
    assert submission.data["problem_link_kind"] == "piloted"


@pytest.mark.parametrize("value", ["999999", "\x00", "abc", "9" * 40])
def test_a_problem_that_cannot_be_named_is_a_form_error(client, bank, problem, submitter, value):
    solved = make_problem(bank, "Đã giải quyết xong", status=ProblemStatus.SOLVED)
    submission = Submission.objects.create(owner=submitter, data={"language": "vi", "title": "Một cửa"})
    client.force_login(submitter)
    url = reverse("submissions:section", args=[submission.pk, "classification"])
    for problems in ([value], [str(solved.pk)]):
        response = client.post(url, {"problems": problems, "problem_link_kind": "proposed"})
        assert response.status_code == 200
        assert response.context["form"].errors["problems"]
    response = client.post(url, {"problems": [str(problem.pk)], "problem_link_kind": "wrong"})
    assert response.context["form"].errors["problem_link_kind"]
    submission.refresh_from_db()
    assert "problems" not in submission.data


def test_submitting_names_pending_links_and_resubmitting_updates_them(bank, problem, submitter):
    other = make_problem(bank, "Ngập lụt đô thị", province="hue")
    submission = submit_initiative(
        submitter, problems=[str(problem.pk), str(other.pk)], problem_link_kind="piloted"
    )
    links = ProblemLink.objects.order_by("problem__title")
    assert [(link.problem_id, link.kind, link.state) for link in links] == [
        (problem.pk, "piloted", "pending"),
        (other.pk, "piloted", "pending"),
    ]
    assert {link.initiative_id for link in links} == {submission.page_id}
    assert {link.created_by_id for link in links} == {submitter.pk}


def test_a_submission_naming_no_problem_makes_no_link(problem, submitter):
    submit_initiative(submitter)
    assert not ProblemLink.objects.exists()


# Screeners confirm or remove links.


ADMIN_INDEX = "/admin/problem-links/"


def test_only_screeners_and_administrators_see_the_links_in_the_admin(
    client, problem, owner, screener, submitter
):
    submission = submit_initiative(submitter, problems=[str(problem.pk)])
    link = ProblemLink.objects.get()
    for role, user in everyone(owner, screener).items():
        response = as_user(client, user).get(ADMIN_INDEX)
        if role in {"screener", "administrator"}:
            assert response.status_code == 200, role
            assert submission.title in response.content.decode()
        else:
            assert response.status_code == 302, role
        confirm = as_user(client, user).post(f"{ADMIN_INDEX}confirm/{link.pk}/")
        if role not in {"screener", "administrator"}:
            assert confirm.status_code in {302, 403}, role
            link.refresh_from_db()
            assert link.state == ProblemLink.State.PENDING, role


def test_a_screener_confirms_a_pending_link_and_the_authors_hear_when_it_is_published(
    client, problem, owner, follower, screener, submitter, mailoutbox, django_capture_on_commit_callbacks
):
    submission = submit_initiative(submitter, problems=[str(problem.pk)])
    mail.outbox.clear()
    link = ProblemLink.objects.get()
    client.force_login(screener)
    response = client.get(ADMIN_INDEX, {"state": "pending"})
    assert f"{ADMIN_INDEX}confirm/{link.pk}/" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{ADMIN_INDEX}confirm/{link.pk}/")
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.state, link.confirmed_by) == (ProblemLink.State.CONFIRMED, screener)
    # Not published yet: nothing to announce.
    assert not [message for message in mailoutbox if owner.email in message.to]
    assert link.announced_at is None

    accept(client, submission, hall="community", verified=None)
    announced = [message for message in mailoutbox if message.to[0] in {owner.email, follower.email}]
    assert sorted(message.to[0] for message in announced) == sorted([owner.email, follower.email])
    link.refresh_from_db()
    assert link.announced_at is not None
    page = submission.page.specific_class.objects.get(pk=submission.page_id)
    assert page.title in client.get(problem.url).content.decode()


def test_confirming_a_link_of_a_published_initiative_announces_it(
    client, problem, owner, screener, initiative, mailoutbox, django_capture_on_commit_callbacks
):
    link = ProblemLink.objects.create(problem=problem, initiative=initiative, kind=LinkKind.PROPOSED)
    client.force_login(screener)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{ADMIN_INDEX}confirm/{link.pk}/")
        client.post(f"{ADMIN_INDEX}confirm/{link.pk}/")
    assert [message.to for message in mailoutbox] == [[owner.email]]


def test_removing_a_link_asks_for_confirmation(client, problem, screener, initiative):
    link = ProblemLink.objects.create(problem=problem, initiative=initiative, kind=LinkKind.PROPOSED)
    client.force_login(screener)
    assert client.get(f"{ADMIN_INDEX}edit/{link.pk}/").status_code == 302  # nobody edits a link
    response = client.get(f"{ADMIN_INDEX}delete/{link.pk}/")
    assert response.status_code == 200
    assert ProblemLink.objects.exists()
    assert client.post(f"{ADMIN_INDEX}delete/{link.pk}/").status_code == 302
    assert not ProblemLink.objects.exists()


@pytest.mark.parametrize("pk", ["999999", "9" * 30])
def test_confirming_an_unknown_link_is_not_found(client, screener, pk):
    client.force_login(screener)
    # The admin's answer for an unknown address, as for any other address of the admin.
    assert client.post(f"{ADMIN_INDEX}confirm/{pk}/", follow=True).status_code == 404


def test_confirming_needs_a_post(client, problem, screener, initiative):
    link = ProblemLink.objects.create(problem=problem, initiative=initiative, kind=LinkKind.PROPOSED)
    client.force_login(screener)
    assert client.get(f"{ADMIN_INDEX}confirm/{link.pk}/").status_code == 405
    link.refresh_from_db()
    assert link.state == ProblemLink.State.PENDING


def test_links_join_the_canonical_pages(client, site_tree, bank, problem, owner, initiative):
    add_english_tree(site_tree)
    english = translate(problem, Locale.objects.get(language_code="en"))
    client.force_login(owner)
    response = client.post(
        f"/en/my/problems/{english.pk}/link-initiative/", {"initiative": initiative.pk, "kind": "proposed"}
    )
    assert response.status_code == 302
    assert ProblemLink.objects.get().problem_id == problem.pk


def test_the_screening_decision_page_shows_the_named_problems_to_confirm(
    client, problem, screener, submitter
):
    submission = submit_initiative(submitter, problems=[str(problem.pk)])
    link = ProblemLink.objects.get()
    decide = reverse("screening:decide", args=[submission.page_id])
    client.force_login(screener)
    html = client.get(decide).content.decode()
    assert problem.title in html
    assert reverse("problem_link_admin:confirm", args=[link.pk]) in html
    assert reverse("problem_link_admin:delete", args=[link.pk]) in html
    response = client.post(reverse("problem_link_admin:confirm", args=[link.pk]), {"next": decide})
    assert response["Location"] == decide
    link.refresh_from_db()
    assert link.state == ProblemLink.State.CONFIRMED
    outside = client.post(
        reverse("problem_link_admin:confirm", args=[link.pk]), {"next": "https://evil.example/"}
    )
    assert outside["Location"] == reverse("problem_link_admin:index")
