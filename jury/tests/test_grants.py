"""Grants: awarding, tranches, closing and who may; the public shortlist, badges, grants page, 360Giving."""

import csv
import datetime
import io
import json

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Locale
from wagtail.models.audit_log import ModelLogEntry

from jury.models import (
    Evaluation,
    FullProposal,
    Grant,
    GrantIndexPage,
    JuryMember,
    Shortlist,
    ShortlistEntry,
    Tranche,
)
from tests.builders import make_call, make_initiative, make_screener, make_user

from .builders import make_evaluation, make_juror, submit_scores

CODES = ("commitment", "feasibility", "benefit", "replicability")
GRANTS_URL = "/admin/evaluation/grants/"


@pytest.fixture
def selection(site_tree):
    """A call with a published shortlist of one initiative whose full proposal was submitted."""
    call = make_call(site_tree.calls, grant_min=20000, grant_max=40000)
    owner = make_user("tac-gia@example.org", preferred_language="en")
    chair, juror = make_juror("chu-tich@example.org"), make_juror("giam-khao@example.org")
    evaluation = make_evaluation(call, chairs=[chair], jurors=[juror])
    initiative = make_initiative(
        site_tree.expo, "Một cửa số", call=call, owner=owner, organisation="UBND xã A"
    )
    submit_scores(evaluation, chair, initiative, dict.fromkeys(CODES, 4))
    submit_scores(evaluation, juror, initiative, dict.fromkeys(CODES, 2))
    shortlist = Shortlist.objects.create(evaluation=evaluation, rationale="Tốt", published_at=timezone.now())
    entry = ShortlistEntry.objects.create(shortlist=shortlist, initiative=initiative, rank=1)
    proposal = FullProposal.objects.create(
        evaluation=evaluation,
        initiative=initiative,
        amount_requested=30000,
        duration_months=18,
        submitted_at=timezone.now(),
    )
    return {
        "call": call,
        "owner": owner,
        "chair": chair,
        "juror": juror,
        "evaluation": evaluation,
        "initiative": initiative,
        "shortlist": shortlist,
        "entry": entry,
        "proposal": proposal,
        "tree": site_tree,
    }


def award_data(**overrides):
    data = {"amount": "30000", "duration_months": "18", "starts_on": "2021-10-01"}
    data.update(overrides)
    return data


def award(client, selection, **overrides):
    client.force_login(selection["chair"])
    return client.post(f"{GRANTS_URL}award/{selection['entry'].pk}/", award_data(**overrides))


def make_grant(selection, **fields) -> Grant:
    values = {"amount": 30000, "duration_months": 18, "starts_on": datetime.date(2021, 10, 1)}
    values.update(fields)
    return Grant.objects.create(call=selection["call"], initiative=selection["initiative"], **values)


def test_a_chair_awards_a_grant_logged_and_the_authors_hear_in_their_language(
    client, selection, django_capture_on_commit_callbacks
):
    client.force_login(selection["chair"])
    FullProposal.objects.filter(initiative=selection["entry"].initiative).update(team="Nhóm của Sở Nội vụ")
    page = client.get(f"{GRANTS_URL}award/{selection['entry'].pk}/")
    assert "Nhóm của Sở Nội vụ" in page.content.decode()  # the chairs award from the whole proposal
    form = page.context["form"]
    # The form starts from what the full proposal requested.
    assert (form.initial["amount"], form.initial["duration_months"]) == (30000, 18)
    with django_capture_on_commit_callbacks(execute=True):
        response = award(client, selection)
    grant = Grant.objects.get()
    assert response.status_code == 302
    assert (grant.amount, grant.duration_months, grant.proposal) == (30000, 18, selection["proposal"])
    assert grant.ends_on == datetime.date(2023, 3, 31)
    assert ModelLogEntry.objects.filter(action="jury.award", object_id=str(grant.pk)).exists()
    [message] = mail.outbox
    assert message.to == ["tac-gia@example.org"]
    assert "receives a grant" in message.subject


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"amount": "19999"}, "Số tiền phải từ 20000 đến 40000 USD."),
        ({"amount": "40001"}, "Số tiền phải từ 20000 đến 40000 USD."),
        ({"duration_months": "25"}, "Một khoản tài trợ kéo dài tối đa 24 tháng."),
        ({"duration_months": "0"}, None),
    ],
)
def test_an_award_outside_the_range_or_over_24_months_is_refused_and_nothing_is_lost(
    client, selection, overrides, error
):
    response = award(client, selection, **overrides)
    assert response.status_code == 200
    assert not Grant.objects.exists()
    form = response.context["form"]
    field = next(iter(overrides))
    assert form.errors[field]
    if error:
        assert error in form.errors[field][0]
    assert form.data["starts_on"] == "2021-10-01"


def test_no_award_without_a_submitted_proposal_or_a_published_shortlist(client, selection):
    selection["proposal"].submitted_at = None
    selection["proposal"].save()
    assert award(client, selection).status_code == 302
    assert not Grant.objects.exists()
    selection["shortlist"].published_at = None
    selection["shortlist"].save()
    # Not found (which the locale middleware turns into a redirect to a language's address).
    assert award(client, selection).status_code in (302, 404)
    assert not Grant.objects.exists()


def test_the_grant_heading_marks_the_initiative_title_with_its_language(client, selection):
    initiative = selection["initiative"]
    initiative.title, initiative.language = "Digital one-stop shop", "en"
    initiative.save(update_fields=["title", "language"])
    grant = make_grant(selection)
    client.force_login(selection["chair"])
    html = client.get(f"{GRANTS_URL}{grant.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert 'Khoản tài trợ: <span lang="en">Digital one-stop shop</span>' in html
    assert "<title>Khoản tài trợ: Digital one-stop shop" in html  # a title holds no markup


def test_tranches_may_not_exceed_the_grant_and_closing_is_logged(client, selection):
    grant = make_grant(selection)
    client.force_login(selection["chair"])
    url = f"{GRANTS_URL}{grant.pk}/"
    agreement = {"step": "agreement", "agreement-agreement_signed_on": "2021-09-20"}
    assert client.post(url, agreement).status_code == 302
    first = {"step": "tranche", "tranche-paid_on": "2021-10-05", "tranche-amount": "20000"}
    assert client.post(url, first).status_code == 302
    too_much = {"step": "tranche", "tranche-paid_on": "2022-04-05", "tranche-amount": "10001"}
    response = client.post(url, too_much)
    assert response.status_code == 200
    assert "30001" in response.context["tranche_form"].errors["amount"][0]
    assert Tranche.objects.count() == 1
    rest = {"step": "tranche", "tranche-paid_on": "2022-04-05", "tranche-amount": "10000"}
    assert client.post(url, rest).status_code == 302
    close = {"step": "close", "close-closed_on": "2023-04-01", "close-closing_note": "Hoàn thành"}
    assert client.post(url, close).status_code == 302
    grant.refresh_from_db()
    assert (grant.agreement_signed_on, grant.disbursed, grant.closed_on) == (
        datetime.date(2021, 9, 20),
        30000,
        datetime.date(2023, 4, 1),
    )
    actions = list(ModelLogEntry.objects.filter(object_id=str(grant.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["jury.award", "jury.close", "jury.tranche", "jury.tranche"]


@pytest.mark.parametrize("who", ["anonymous", "juror", "screener", "submitter"])
def test_only_chairs_and_the_secretariat_reach_the_grants(client, selection, who):
    grant = make_grant(selection)
    users = {
        "juror": selection["juror"],
        "screener": make_screener(),
        "submitter": selection["owner"],
    }
    if who != "anonymous":
        client.force_login(users[who])
    for url in (GRANTS_URL, f"{GRANTS_URL}award/{selection['entry'].pk}/", f"{GRANTS_URL}{grant.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        assert "Một cửa số" not in response.content.decode()
    response = client.post(f"{GRANTS_URL}{grant.pk}/", {"step": "close", "close-closed_on": "2023-04-01"})
    assert response.status_code in (302, 403)
    assert Grant.objects.get().closed_on is None


def test_a_chair_and_a_superuser_reach_the_grants(client, selection):
    grant = make_grant(selection)
    admin = make_user("admin@example.org", is_superuser=True, is_staff=True)
    for user in (selection["chair"], admin):
        client.force_login(user)
        response = client.get(GRANTS_URL)
        assert response.status_code == 200
        assert "Một cửa số" in response.content.decode()
        assert client.get(f"{GRANTS_URL}{grant.pk}/").status_code == 200


def test_the_call_page_shows_a_published_shortlist_and_not_an_unpublished_one(client, selection):
    call = selection["call"]
    response = client.get(call.url)
    assert "Danh sách rút gọn" in response.content.decode()
    assert selection["initiative"].url in response.content.decode()
    selection["shortlist"].published_at = None
    selection["shortlist"].save()
    page = client.get(call.url).content.decode()
    assert "Danh sách rút gọn" not in page
    # Still listed among the initiatives submitted to the call, but in no shortlist section.
    assert 'aria-labelledby="shortlist-heading-' not in page
    submitted = page.split('id="call-initiatives-heading"')[1]
    assert selection["initiative"].url in submitted
    assert selection["initiative"].url not in page.split('id="call-initiatives-heading"')[0]


def test_scores_and_criteria_are_shown_only_when_the_call_publishes_them(client, selection):
    evaluation = selection["evaluation"]
    page = client.get(selection["call"].url).content.decode()
    assert "3,00" not in page and "3.00" not in page
    assert "Tính khả thi" not in page
    evaluation.publish_scores = evaluation.publish_criteria = True
    evaluation.save()
    page = client.get(selection["call"].url).content.decode()
    # The mean of 4 and 2: never a juror's own score.
    assert "3,00" in page
    assert "Tính khả thi: 25 %" in page


def test_the_initiative_page_shows_the_badge_and_the_grant_in_both_trees(
    client, selection, english_tree, django_capture_on_commit_callbacks
):
    initiative = selection["initiative"]
    assert "30.000 USD" not in client.get(initiative.url).content.decode()  # and kept
    make_grant(selection)
    english = initiative.copy_for_translation(Locale.objects.get(language_code="en"), copy_parents=False)
    english.title = "One-stop shop"
    english.save_revision().publish()
    page = client.get(initiative.url).content.decode()
    assert "Danh sách rút gọn — CPII 2021" in page
    assert "30.000 USD" in page
    english_page = client.get(english.url).content.decode()
    assert "Shortlisted — CPII 2021" in english_page
    assert "30,000 USD" in english_page


def test_no_badge_on_an_unpublished_shortlist(client, selection):
    assert "Danh sách rút gọn" in client.get(selection["initiative"].url).content.decode()  # and kept
    selection["shortlist"].published_at = None
    selection["shortlist"].save()
    assert "Danh sách rút gọn" not in client.get(selection["initiative"].url).content.decode()


def test_the_grants_page_lists_the_grants_with_totals_per_year_and_call(client, selection):
    home = selection["tree"].home
    grants_page = home.add_child(instance=GrantIndexPage(title="Tài trợ", slug="tai-tro"))
    assert "Chưa có khoản tài trợ nào" in client.get(grants_page.url).content.decode()
    make_grant(selection, awarded_at=timezone.make_aware(datetime.datetime(2021, 9, 1)))
    other = make_initiative(selection["tree"].expo, "Sáng kiến khác", call=selection["call"])
    Grant.objects.create(
        call=selection["call"],
        initiative=other,
        amount=25000,
        duration_months=12,
        starts_on=datetime.date(2022, 1, 1),
        awarded_at=timezone.make_aware(datetime.datetime(2021, 12, 1)),
    )
    response = client.get(grants_page.url)
    context = response.context
    assert [row["total"] for row in context["totals_by_year"]] == [55000]
    assert [(row["total"], row["count"]) for row in context["totals_by_call"]] == [(55000, 2)]
    page = response.content.decode()
    assert "55.000 USD" in page
    assert "Sáng kiến khác" in page


def test_360giving_json_and_csv_hold_the_awarded_grants_and_no_contact_data(client, selection):
    grant = make_grant(selection, awarded_at=timezone.make_aware(datetime.datetime(2021, 9, 1)))
    Tranche.objects.create(grant=grant, paid_on=datetime.date(2021, 10, 5), amount=10000)
    response = client.get("/open-data/grants.json")
    assert response.status_code == 200
    [record] = json.loads(response.content)["grants"]
    assert record["id"] == f"360G-expo-{grant.pk}"
    assert record["title"] == "Một cửa số"
    assert (record["currency"], record["amountAwarded"]) == ("USD", 30000)
    assert record["plannedDates"] == [{"startDate": "2021-10-01", "endDate": "2023-03-31", "duration": 18}]
    assert record["recipientOrganization"][0]["name"] == "UBND xã A"
    assert record["fundingOrganization"][0]["id"] == "XM-DAC-41114"
    assert record["grantProgramme"] == [{"title": "CPII 2021"}]
    assert record["awardDate"] == "2021-09-01"
    # The latest of the award, the agreement, the tranches and the closing.
    assert record["dateModified"] == "2021-10-05"

    response = client.get("/open-data/grants.csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0]["Identifier"] == f"360G-expo-{grant.pk}"
    assert rows[0]["Amount Awarded"] == "30000"
    assert rows[0]["Grant Programme:Title"] == "CPII 2021"
    for body in (text, client.get("/open-data/grants.json").content.decode()):
        for private in ("lien-he@example.org", "0900000000", "Người liên hệ thử", "Số 1 phố Thử", "tac-gia@"):
            assert private not in body


def test_the_public_grants_are_listed_in_a_constant_number_of_queries(selection):
    from jury.models import public_grants

    locale = selection["initiative"].locale
    make_grant(selection)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert public_grants(locale)
        return len(captured)

    one = queries()
    for number in range(3):
        other = make_initiative(selection["tree"].expo, f"Khác {number}", call=selection["call"])
        Grant.objects.create(
            call=selection["call"],
            initiative=other,
            amount=25000,
            duration_months=12,
            starts_on=datetime.date(2021, 10, 1),
        )
    assert queries() == one


# Awarding from the final round's ranking


def shortlist_another(selection, title: str, *, rank: int) -> ShortlistEntry:
    """One more shortlisted initiative of the call with a submitted full proposal."""
    page = make_initiative(selection["tree"].expo, title, call=selection["call"])
    FullProposal.objects.create(
        evaluation=selection["evaluation"],
        initiative=page,
        amount_requested=25000,
        duration_months=12,
        submitted_at=timezone.now(),
    )
    return ShortlistEntry.objects.create(shortlist=selection["shortlist"], initiative=page, rank=rank)


@pytest.fixture
def final_round(selection):
    """The final round scores the second shortlisted proposal above the first; the third is not scored."""
    final = make_evaluation(
        selection["call"],
        round=Evaluation.Round.FINAL,
        chairs=[selection["chair"]],
        jurors=[selection["juror"]],
    )
    second = shortlist_another(selection, "Hỏi đáp trực tuyến", rank=2)
    third = shortlist_another(selection, "Chưa chấm vòng chung kết", rank=3)
    submit_scores(final, selection["juror"], selection["initiative"], dict.fromkeys(CODES, 3))
    submit_scores(final, selection["juror"], second.initiative, dict.fromkeys(CODES, 4))
    return {"evaluation": final, "second": second, "third": third}


def test_the_grants_list_shows_the_final_rank_and_score_in_that_order(client, selection, final_round):
    client.force_login(selection["chair"])
    response = client.get(GRANTS_URL)
    page = response.content.decode()
    assert "Hạng vòng cuối" in page  # translated
    rows = [
        (entry.initiative.title, standing and (standing.rank, standing.weighted))
        for entry, _proposal, standing in response.context["awaiting"]
    ]
    assert rows == [
        ("Hỏi đáp trực tuyến", (1, 4.0)),
        ("Một cửa số", (2, 3.0)),
        ("Chưa chấm vòng chung kết", None),
    ]
    assert page.index("Hỏi đáp trực tuyến") < page.index("Một cửa số") < page.index("Chưa chấm")
    assert "4,00" in page and "3,00" in page


def test_the_award_page_shows_the_call_s_final_ranking(client, selection, final_round):
    client.force_login(selection["chair"])
    page = client.get(f"{GRANTS_URL}award/{selection['entry'].pk}/").content.decode()
    assert "Bảng xếp hạng vòng cuối" in page
    assert page.index("Hỏi đáp trực tuyến") < page.index("<strong>Một cửa số</strong>")
    assert "4,00" in page and "3,00" in page and "1 / 1" in page


def test_without_a_final_round_nothing_changes(client, selection):
    client.force_login(selection["chair"])
    page = client.get(GRANTS_URL).content.decode()
    assert "Hạng vòng cuối" not in page and "Một cửa số" in page
    award_page = client.get(f"{GRANTS_URL}award/{selection['entry'].pk}/").content.decode()
    assert "Bảng xếp hạng vòng cuối" not in award_page


def test_a_chair_of_the_first_round_only_sees_no_final_scores(client, selection, final_round):
    first_only = make_juror("chu-tich-vong-1@example.org")
    JuryMember.objects.create(evaluation=selection["evaluation"], user=first_only, is_chair=True)
    client.force_login(first_only)
    page = client.get(GRANTS_URL).content.decode()
    assert "Một cửa số" in page and "Hạng vòng cuối" not in page and "4,00" not in page
    award_page = client.get(f"{GRANTS_URL}award/{selection['entry'].pk}/").content.decode()
    assert "Bảng xếp hạng vòng cuối" not in award_page and "Hỏi đáp trực tuyến" not in award_page


def test_the_grants_list_asks_the_same_queries_for_1_and_4_proposals(client, selection, final_round):
    client.force_login(selection["chair"])

    def queries() -> int:
        client.get(GRANTS_URL)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(GRANTS_URL)
        assert response.status_code == 200
        return len(captured), len(response.context["awaiting"])

    few, listed = queries()
    assert listed == 3
    for number in range(4):
        entry = shortlist_another(selection, f"Thêm {number}", rank=4 + number)
        submit_scores(
            final_round["evaluation"], selection["juror"], entry.initiative, dict.fromkeys(CODES, 2)
        )
    assert queries() == (few, 7)
