""" "My problems": who reaches which address, the list, and the authors' update, status change and close."""

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageLogEntry

from problems import drafts
from problems.models import ProblemDraft, ProblemPage
from problems.signals import problem_published, problem_status_changed
from problems.taxonomy import ProblemStatus
from tests.builders import make_user, verified
from tests.problem_builders import make_problem, translate

from .posting import SECTION_DATA, decide, fill_every_section, send_to_screening


@pytest.fixture
def own_draft(agency, bank):
    return ProblemDraft.objects.create(owner=agency, data={"title": "Bản nháp của UBND", "language": "vi"})


@pytest.fixture
def own_problem(agency, bank):
    return make_problem(bank, "Ùn tắc giờ cao điểm", owner=agency)


@pytest.fixture
def people(agency, other_agency, citizen, screener):
    administrator = verified(make_user("quan-tri@example.org", is_superuser=True, is_staff=True))
    return {
        "anonymous": None,
        "submitter": citizen,
        "agency": agency,
        "other_agency": other_agency,
        "screener": screener,
        "administrator": administrator,
    }


@pytest.fixture
def status_signals():
    received = []

    def receiver(sender, page, old_status, new_status, user, **kwargs):
        received.append((page.pk, old_status, new_status, user.pk))

    problem_status_changed.connect(receiver)
    yield received
    problem_status_changed.disconnect(receiver)


def urls(draft, page) -> dict[str, tuple[str, str]]:
    return {
        "dashboard": ("get", reverse("problems:dashboard")),
        "new": ("get", reverse("problems:new")),
        "section": ("get", reverse("problems:section", args=[draft.pk, "place"])),
        "review": ("get", reverse("problems:review", args=[draft.pk])),
        "status": ("get", reverse("problems:status", args=[page.pk])),
        "close": ("get", reverse("problems:close", args=[page.pk])),
        "update": ("post", reverse("problems:update", args=[page.pk])),
    }


NOT_THEIRS = {"section": 404, "review": 404, "status": 404, "close": 404, "update": 404}
# 302 to the sign-in page for anonymous visitors; the owner's update goes on to the form (302 too).
EXPECTED = {
    "anonymous": dict.fromkeys(["dashboard", "new", *NOT_THEIRS], 302),
    "submitter": {"dashboard": 200, "new": 403, **NOT_THEIRS},
    "agency": {
        "dashboard": 200,
        "new": 200,
        "section": 200,
        "review": 200,
        "status": 200,
        "close": 200,
        "update": 302,
    },
    "other_agency": {"dashboard": 200, "new": 200, **NOT_THEIRS},
    "screener": {"dashboard": 200, "new": 200, **NOT_THEIRS},
    "administrator": {"dashboard": 200, "new": 200, **NOT_THEIRS},
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_access_matrix(client, own_draft, own_problem, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    for name, (method, url) in urls(own_draft, own_problem).items():
        response = getattr(client, method)(url)
        assert response.status_code == EXPECTED[who][name], (who, name)
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]
        if name == "new" and response.status_code == 403:
            assert "Ai có thể đăng bài toán" in response.content.decode()
    own_draft.refresh_from_db()
    assert own_draft.data == {"title": "Bản nháp của UBND", "language": "vi"}


def test_nobody_else_changes_saves_or_sends_the_draft(client, own_draft, people):
    for who in ("other_agency", "screener", "administrator"):
        client.force_login(people[who])
        section = reverse("problems:section", args=[own_draft.pk, "problem"])
        assert client.post(section, {"title": "Chiếm quyền"}).status_code == 404
        assert (
            client.post(reverse("problems:review", args=[own_draft.pk]), {"declaration": "on"}).status_code
            == 404
        )
    own_draft.refresh_from_db()
    assert own_draft.data["title"] == "Bản nháp của UBND" and own_draft.page is None


def test_a_status_change_by_someone_else_is_refused_and_changes_nothing(
    client, own_problem, people, status_signals
):
    revisions = own_problem.revisions.count()
    for who in ("other_agency", "submitter", "screener", "administrator"):
        client.force_login(people[who])
        assert (
            client.post(reverse("problems:status", args=[own_problem.pk]), {"status": "piloting"}).status_code
            == 404
        )
        closing = {"status": "solved", "confirm": "on"}
        assert client.post(reverse("problems:close", args=[own_problem.pk]), closing).status_code == 404
    own_problem.refresh_from_db()
    assert own_problem.status == "open" and own_problem.revisions.count() == revisions
    assert status_signals == []


def test_the_owner_changes_the_status_at_once(agency_client, agency, own_problem, status_signals):
    response = agency_client.post(reverse("problems:status", args=[own_problem.pk]), {"status": "piloting"})
    assert response.status_code == 302
    page = ProblemPage.objects.get(pk=own_problem.pk)
    assert page.live and page.status == "piloting" and not page.has_unpublished_changes
    assert page.live_revision.as_object().status == "piloting"
    assert PageLogEntry.objects.filter(page=page, action="wagtail.publish", user=agency).exists()
    assert status_signals == [(page.pk, "open", "piloting", agency.pk)]
    # A status that is not offered, or a closing status through the status form, changes nothing.
    for value in ("solved", "khong-co", "\x00"):
        assert (
            agency_client.post(reverse("problems:status", args=[page.pk]), {"status": value}).status_code
            == 200
        )
    assert ProblemPage.objects.get(pk=page.pk).status == "piloting" and len(status_signals) == 1


def test_the_status_reaches_the_problem_in_every_language(
    agency_client, english_tree, agency, bank, status_signals
):
    problem = make_problem(bank, "Ùn tắc giờ cao điểm", owner=agency)
    english_locale = english_tree.home.locale
    english = ProblemPage.objects.get(translation_key=problem.translation_key, locale=english_locale)
    assert english.alias_of_id == problem.pk and english.live  # published, so listed in the English bank too
    agency_client.post(reverse("problems:status", args=[problem.pk]), {"status": "piloting"})
    assert ProblemPage.objects.get(pk=english.pk).status == "piloting"

    translation = translate(problem, english_locale, title="Rush-hour jams")
    agency_client.post(reverse("problems:status", args=[problem.pk]), {"status": "proposed"})
    translation = ProblemPage.objects.get(pk=translation.pk)
    assert translation.status == "proposed" and translation.title == "Rush-hour jams"
    assert translation.live_revision.as_object().status == "proposed"
    assert not translation.has_unpublished_changes
    # One change, announced once: for the problem as its authors wrote it.
    assert [pk for pk, *_change in status_signals] == [problem.pk, problem.pk]


def test_closing_asks_for_confirmation(agency_client, own_problem, status_signals):
    url = reverse("problems:close", args=[own_problem.pk])
    unconfirmed = agency_client.post(url, {"status": "solved"})
    assert unconfirmed.status_code == 200 and "xác nhận đóng bài toán" in unconfirmed.content.decode()
    assert agency_client.post(url, {"status": "open", "confirm": "on"}).status_code == 200
    assert ProblemPage.objects.get(pk=own_problem.pk).status == "open" and status_signals == []

    assert agency_client.post(url, {"status": "partly_solved", "confirm": "on"}).status_code == 302
    page = ProblemPage.objects.get(pk=own_problem.pk)
    assert page.status == "partly_solved" and page.live
    assert [signal[2] for signal in status_signals] == ["partly_solved"]
    dashboard = agency_client.get(reverse("problems:dashboard")).content.decode()
    with translation.override("vi"):
        assert str(ProblemStatus.PARTLY_SOLVED.label) in dashboard
    assert url not in dashboard  # closed: no second closing


def test_an_update_is_screened_while_the_live_version_stays_online(
    agency_client, agency, own_problem, screener, outbox, status_signals
):
    from django.test import Client

    published = []
    problem_published.connect(
        lambda sender, page, first_time, **kwargs: published.append(first_time),
        weak=False,
        dispatch_uid="test_update_published",
    )
    response = agency_client.post(reverse("problems:update", args=[own_problem.pk]))
    draft = ProblemDraft.objects.get(page=own_problem)
    assert response["Location"] == reverse("problems:section", args=[draft.pk, "problem"])
    assert draft.data["title"] == "Ùn tắc giờ cao điểm" and draft.data["province"] == "ha-noi"

    agency_client.post(
        reverse("problems:section", args=[draft.pk, "problem"]),
        {**SECTION_DATA["problem"], "title": "Ùn tắc giờ cao điểm", "statement": "Số liệu mới năm 2025."},
    )
    agency_client.post(reverse("problems:section", args=[draft.pk, "contact"]), SECTION_DATA["contact"])
    send_to_screening(agency_client, draft)
    page = ProblemPage.objects.get(pk=own_problem.pk)
    assert page.live and page.statement == "Vấn đề: Ùn tắc giờ cao điểm"
    assert drafts.status_of(draft).code == drafts.State.UPDATE_IN_SCREENING
    assert "Bản cập nhật bài toán cần sàng lọc" in next(m for m in outbox if m.to == [screener.email]).subject

    # The status waits for the screeners' decision: publishing now would cancel their review.
    refused = agency_client.post(
        reverse("problems:status", args=[page.pk]), {"status": "proposed"}, follow=True
    )
    assert "đang được sàng lọc" in refused.content.decode()
    assert ProblemPage.objects.get(pk=page.pk).status == "open" and status_signals == []

    screener_client = Client()
    screener_client.force_login(screener)
    decide(screener_client, page.pk, "approve", "Cập nhật hợp lý.")
    page = ProblemPage.objects.get(pk=own_problem.pk)
    assert page.live and page.statement == "Số liệu mới năm 2025."
    assert published == [False]
    problem_published.disconnect(dispatch_uid="test_update_published")


def test_my_problems_lists_each_status_with_the_latest_decision(
    agency_client, agency, bank, screener, outbox
):
    from django.test import Client

    screener_client = Client()
    screener_client.force_login(screener)
    sent_back = fill_every_section(agency_client, {"problem": {"title": "Bài toán cần sửa"}})
    send_to_screening(agency_client, sent_back)
    sent_back.refresh_from_db()
    decide(screener_client, sent_back.page_id, "reject", "Nêu rõ nguyên nhân.")
    waiting = fill_every_section(agency_client, {"problem": {"title": "Bài toán chờ sàng lọc"}})
    send_to_screening(agency_client, waiting)
    ProblemDraft.objects.create(owner=agency, data={"title": "Bài toán còn nháp", "language": "vi"})

    html = agency_client.get(reverse("problems:dashboard")).content.decode()
    for text in (
        "Bài toán cần sửa",
        "Cần bổ sung, cải thiện",
        "Nêu rõ nguyên nhân.",
        "Bài toán chờ sàng lọc",
        "Đang sàng lọc",
        "Bài toán còn nháp",
        "Bản nháp",
        "Đăng bài toán",
    ):
        assert text in html, text


def test_my_problems_runs_a_fixed_number_of_queries(
    agency_client, agency, bank, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert agency_client.get(reverse("problems:dashboard")).status_code == 200
        return len(queries)

    ProblemDraft.objects.create(owner=agency, data={"title": "Một", "language": "vi"})
    make_problem(bank, "Đã đăng một", owner=agency)
    count()  # caches (site root paths, content types) filled once
    few = count()
    for number in range(4):
        ProblemDraft.objects.create(owner=agency, data={"title": f"Nháp {number}", "language": "vi"})
        make_problem(bank, f"Đã đăng {number}", owner=agency)
    count()  # the menu worked out again, the new pages being in it (core.kept)
    assert count() == few


def test_the_account_menu_links_to_my_problems(agency_client, site_tree):
    html = agency_client.get(reverse("problems:dashboard")).content.decode()
    assert f'href="{reverse("problems:dashboard")}"' in html
    assert reverse("problems:dashboard") in agency_client.get(reverse("account_profile")).content.decode()


def test_a_problem_sent_twice_at_once_is_not_sent_twice(agency_client, bank, outbox):
    draft = fill_every_section(agency_client)
    send_to_screening(agency_client, draft)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = agency_client.post(reverse("problems:review", args=[draft.pk]), {"declaration": "on"})
    assert response.status_code in (200, 302)
    assert ProblemPage.objects.count() == 1
    page = ProblemPage.objects.get()
    assert page.revisions.count() == 1


@pytest.mark.parametrize("language", ["vi", "en"])
def test_my_problems_and_the_account_menu_lead_to_offers_and_replications(agency_client, language):
    with translation.override(language):
        offers, replications = (
            reverse("problem_community:offers_received"),
            reverse("problem_community:my_replications"),
        )
        for page in (reverse("problems:dashboard"), reverse("account_profile")):
            html = agency_client.get(page).content.decode()
            assert f'href="{offers}"' in html and f'href="{replications}"' in html, page
