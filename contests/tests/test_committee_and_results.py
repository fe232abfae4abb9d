"""Pre-screening by the units, the committee's scoring on the selection's machinery, the prizes, the results
and what winners receive."""

from __future__ import annotations

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader
from wagtail.models import Revision

from contests import committee, entries, results
from contests.models import ContestPage, Entry, EntryFile, PrizeAward
from contests.organisers import participation
from contests.video import pattern_clip, take_poster
from files.access import public_collections
from initiatives.models import Goal, InnovationType, ProposerType, Province, Stage
from jury.models import JURY_GROUP_NAME, Assignment
from tests.builders import make_user, pdf, png, verified

from .builders import DAY, make_contest, make_entry, make_organiser, make_reviewer, score_entry

pytestmark = pytest.mark.django_db


def make_member(email: str, **fields):
    user = verified(make_user(email, **fields))
    user.groups.add(Group.objects.get(name=JURY_GROUP_NAME))
    return user


@pytest.fixture
def organiser(db):
    return make_organiser()


@pytest.fixture
def contest(site_tree, organiser):
    return make_contest(site_tree.calls, owner=organiser)


def move_to_scoring(contest):
    """Entries closed and pre-screening over yesterday; the committee scores until the results date."""
    today = timezone.localdate()
    contest.intake_opens = today - 30 * DAY
    contest.intake_closes = today - 3 * DAY
    contest.prescreening_deadline = today - DAY
    contest.scoring_deadline = today + 3 * DAY
    contest.results_date = today + 5 * DAY
    contest.save_revision().publish()
    contest.refresh_from_db()
    return contest


def move_to_results(contest):
    """Scoring closed yesterday; the results are due today."""
    today = timezone.localdate()
    contest.scoring_deadline = today - DAY
    contest.results_date = today
    contest.save_revision().publish()
    contest.refresh_from_db()
    return contest


# Pre-screening ---------------------------------------------------------------------------------------


def test_a_unit_reviewer_sees_only_their_unit_s_entries_and_decides_on_them(client, contest):
    first, second = contest.units.all()[:2]
    mine = make_entry(contest, make_user("a@example.org"), unit=first, title="Của đơn vị")
    theirs = make_entry(contest, make_user("b@example.org"), unit=second, title="Của đơn vị khác")
    draft = make_entry(contest, make_user("c@example.org"), unit=first, title="Bản nháp", submitted=False)
    reviewer = make_reviewer(first)
    client.force_login(reviewer)

    listing = client.get(reverse("contests:unit_entries", args=[first.pk]))
    assert [entry for entry, _status in listing.context["rows"]] == [mine]
    assert client.get(reverse("contests:unit_entries", args=[second.pk])).status_code == 404
    assert client.get(reverse("contests:unit_entry", args=[first.pk, theirs.pk])).status_code == 404
    assert client.get(reverse("contests:unit_entry", args=[first.pk, draft.pk])).status_code == 404

    # Returning needs a comment; what was typed comes back.
    url = reverse("contests:unit_entry", args=[first.pk, mine.pk])
    response = client.post(url, {"decision": "returned", "comment": ""})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = client.post(url, {"decision": "returned", "comment": "Bổ sung số liệu"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.unit_decision == "returned" and mine.unit_comment == "Bổ sung số liệu"
    assert entries.status_of(mine) == entries.RETURNED
    # The author may change it and send it again; the unit then decides afresh.
    assert entries.may_edit(mine, mine.author)
    verified(mine.author)
    entries.submit(mine, mine.author)
    mine.refresh_from_db()
    assert mine.unit_decision == "" and entries.status_of(mine) == entries.WITH_UNIT
    client.post(url, {"decision": "forwarded", "comment": ""})
    mine.refresh_from_db()
    assert mine.is_forwarded and entries.status_of(mine) == entries.FORWARDED


def test_the_unit_deadline_is_enforced_and_unforwarded_entries_are_out(client, contest):
    unit = contest.units.first()
    entry = make_entry(contest, make_user("a@example.org"), unit=unit)
    reviewer = make_reviewer(unit)
    move_to_scoring(contest)
    entry.refresh_from_db()
    assert entries.status_of(entry) == entries.OUT
    with translation.override("en"), pytest.raises(entries.EntryError, match="pre-screening ended"):
        entries.decide(entry, reviewer, "forwarded", "")
    client.force_login(reviewer)
    response = client.post(
        reverse("contests:unit_entry", args=[unit.pk, entry.pk]), {"decision": "forwarded"}
    )
    assert response.status_code == 200
    entry.refresh_from_db()
    assert not entry.is_forwarded


def test_the_participation_tracker_counts_what_the_database_holds(client, contest, organiser):
    units = list(contest.units.all())
    author = make_user("a@example.org")
    forwarded = make_entry(contest, author, unit=units[0])
    make_entry(contest, author, unit=units[0], unit_decision="returned", unit_comment="Thiếu ảnh")
    make_entry(contest, author, unit=units[0], submitted=False)
    make_entry(contest, author, unit=units[1])
    entries.decide(forwarded, make_reviewer(units[0]), "forwarded", "")

    rows = {row.unit.pk: row for row in participation(contest)}
    for unit in units:
        mine = Entry.objects.filter(unit=unit)
        sent = mine.filter(submitted_at__isnull=False)
        assert rows[unit.pk].submitted == sent.count()
        assert rows[unit.pk].drafts == mine.filter(submitted_at__isnull=True).count()
        assert rows[unit.pk].forwarded == sent.filter(unit_decision="forwarded").count()
        assert rows[unit.pk].returned == sent.filter(unit_decision="returned").count()
    assert [row.unit for row in participation(contest) if not row.has_entered] == [units[2]]

    client.force_login(organiser)
    page = client.get(reverse("contests_admin:tracker", args=[contest.pk]))
    assert page.status_code == 200 and page.context["entered_share"] == 67
    confirm = client.get(reverse("contests_admin:remind", args=[contest.pk]))
    assert confirm.context["units"] == [units[2]] and not mail.outbox
    client.post(reverse("contests_admin:remind", args=[contest.pk]))
    assert [message.to for message in mail.outbox] == [[units[2].reviewer_address_list[0]]]
    assert contest.title in mail.outbox[0].body


def test_another_organiser_does_not_reach_the_tracker(client, contest):
    client.force_login(make_organiser("khac@example.org"))
    for name in ("tracker", "remind", "committee", "ranking", "results"):
        response = client.get(reverse(f"contests_admin:{name}", args=[contest.pk]), follow=True)
        assert response.status_code == 404, name


# The committee ---------------------------------------------------------------------------------------


def test_members_review_every_forwarded_entry_except_their_own_unit_s(contest):
    units = list(contest.units.all())
    outsider = make_member("ngoai@example.org")
    colleague = make_member(units[0].reviewer_address_list[0])  # pre-screens the first unit
    evaluation = committee.committee_of(contest)
    committee.add_member(evaluation, outsider, is_chair=True)
    committee.add_member(evaluation, colleague)
    first = make_entry(contest, make_user("a@example.org"), unit=units[0], title="A")
    second = make_entry(contest, make_user("b@example.org"), unit=units[1], title="B")
    entries.decide(first, colleague, "forwarded", "")
    entries.decide(second, make_reviewer(units[1]), "forwarded", "")

    assigned = set(
        Assignment.objects.filter(evaluation=evaluation).values_list("juror__email", "entry__title")
    )
    assert assigned == {(outsider.email, "A"), (outsider.email, "B"), (colleague.email, "B")}
    assert [criterion.code for criterion in evaluation.criteria.all()] == [
        "novelty",
        "feasibility",
        "effectiveness",
        "applicability",
    ]


def test_a_member_scores_an_entry_on_the_selection_s_scoring_page_without_the_contact(client, contest):
    member = make_member("giam-khao@example.org")
    evaluation = committee.committee_of(contest)
    committee.add_member(evaluation, member)
    entry = make_entry(contest, make_user("a@example.org"))
    entries.decide(entry, make_reviewer(entry.unit), "forwarded", "")
    move_to_scoring(contest)
    assignment = Assignment.objects.get(evaluation=evaluation, juror=member)
    client.force_login(member)

    listing = client.get(reverse("jury_scoring:index"))
    assert entry.title in listing.content.decode()
    page = client.get(reverse("jury_scoring:score", args=[assignment.pk]))
    html = page.content.decode()
    assert entry.title in html and "Không phải chờ" in html
    assert entry.contact_phone not in html and entry.contact_address not in html
    # Nor through the entry's own page.
    detail = client.get(reverse("contests:detail", args=[entry.pk])).content.decode()
    assert entry.contact_phone not in detail

    scores = {f"score_{c.pk}": "7" for c in evaluation.criteria.all()}
    response = client.post(
        reverse("jury_scoring:score", args=[assignment.pk]), {**scores, "action": "submit"}
    )
    assert response.status_code == 302
    [ranked] = committee.ranking(contest)
    assert ranked.subject == entry and ranked.weighted == pytest.approx(7.0)


def test_scoring_is_refused_before_the_units_deadline(client, contest):
    member = make_member("giam-khao@example.org")
    evaluation = committee.committee_of(contest)
    committee.add_member(evaluation, member)
    entry = make_entry(contest, make_user("a@example.org"))
    entries.decide(entry, make_reviewer(entry.unit), "forwarded", "")
    assignment = Assignment.objects.get(evaluation=evaluation)
    client.force_login(member)
    scores = {f"score_{c.pk}": "7" for c in evaluation.criteria.all()}
    response = client.post(
        reverse("jury_scoring:score", args=[assignment.pk]), {**scores, "action": "submit"}
    )
    assert response.status_code == 200
    assert committee.ranking(contest)[0].reviews_done == 0


def test_the_committee_s_dates_follow_the_contest_s(contest):
    evaluation = committee.committee_of(contest)
    move_to_scoring(contest)
    evaluation.refresh_from_db()
    assert evaluation.scoring_opens == contest.prescreening_deadline + datetime.timedelta(days=1)
    assert evaluation.scoring_closes == contest.scoring_deadline


# Prizes and results ----------------------------------------------------------------------------------


@pytest.fixture
def scored(contest):
    """Four forwarded entries of two units, scored 9, 8, 7 and 6 by the committee's chair; scoring open.
    The first author reads Vietnamese, the others English."""
    chair = make_member("chu-tich@example.org")
    evaluation = committee.committee_of(contest)
    committee.add_member(evaluation, chair, is_chair=True)
    units = list(contest.units.all())[:2]
    reviewers = {unit.pk: make_reviewer(unit) for unit in units}
    made = []
    for number, score in enumerate((9, 8, 7, 6)):
        author = verified(
            make_user(f"tac-gia-{number}@example.org", preferred_language="en" if number else "vi")
        )
        entry = make_entry(contest, author, title=f"Bài {score}", unit=units[number % 2])
        entries.decide(entry, reviewers[entry.unit_id], "forwarded", "")
        made.append((entry, score))
    move_to_scoring(contest)
    for entry, score in made:
        score_entry(evaluation, chair, entry, score)
    return [entry for entry, _score in made]


def tier_ids(contest) -> dict[str, int]:
    return {tier.name_en: tier.pk for tier in contest.prize_tiers.all()}


def test_the_ranking_orders_the_entries_and_prizes_that_do_not_add_up_are_refused(
    client, contest, organiser, scored
):
    client.force_login(organiser)
    page = client.get(reverse("contests_admin:ranking", args=[contest.pk]))
    assert [ranked.subject for ranked, _tier in page.context["rows"]] == scored
    tiers = tier_ids(contest)
    # Two first prizes where the contest has one.
    form = {f"prize-{scored[0].pk}": tiers["First prize"], f"prize-{scored[1].pk}": tiers["First prize"]}
    response = client.post(reverse("contests_admin:ranking", args=[contest.pk]), form)
    assert response.status_code == 200
    assert response.context["errors"] == ["“Giải Nhất” có 1 giải nhưng có 2 bài dự thi được trao."] or (
        response.context["errors"] == ["“Giải Nhất” has 1 prize(s), but 2 entries were given it."]
    )
    assert not PrizeAward.objects.exists()
    # What was chosen comes back as it was.
    chosen = {ranked.subject.pk: tier for ranked, tier in response.context["rows"]}
    assert chosen[scored[0].pk] == chosen[scored[1].pk] == tiers["First prize"]
    form[f"prize-{scored[1].pk}"] = tiers["Second prize"]
    form[f"prize-{scored[2].pk}"] = tiers["Second prize"]
    response = client.post(reverse("contests_admin:ranking", args=[contest.pk]), form)
    assert response.status_code == 302, response.context["errors"]
    assert {(award.entry, award.tier.name_en) for award in PrizeAward.objects.all()} == {
        (scored[0], "First prize"),
        (scored[1], "Second prize"),
        (scored[2], "Second prize"),
    }
    csv = client.get(reverse("contests_admin:ranking_csv", args=[contest.pk])).content.decode("utf-8-sig")
    assert csv.splitlines()[0].startswith("rank,entry id,title,weighted score")
    assert csv.splitlines()[1].startswith(f"1,{scored[0].pk},Bài 9,9")


def test_prizes_only_go_to_forwarded_entries(contest, organiser, scored):
    other = make_entry(contest, make_user("x@example.org"), title="Không được chuyển")
    with translation.override("en"), pytest.raises(entries.EntryError, match="forwarded"):
        results.give_prizes(contest, organiser, {other.pk: tier_ids(contest)["First prize"]})


def test_results_are_published_from_their_date_and_every_author_hears_in_their_language(
    client, contest, organiser, scored, django_capture_on_commit_callbacks
):
    tiers = tier_ids(contest)
    results.give_prizes(
        contest, organiser, {scored[0].pk: tiers["First prize"], scored[1].pk: tiers["Second prize"]}
    )
    with translation.override("en"), pytest.raises(entries.EntryError, match="can be published from"):
        results.publish_results(contest, organiser)
    # Before the results, the public page names no entry.
    assert "Bài 9" not in client.get(contest.url).content.decode()

    move_to_results(contest)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contests_admin:publish_results", args=[contest.pk]))
    assert response.status_code == 302
    contest.refresh_from_db()
    assert contest.results_published_at is not None

    by_address = {message.to[0]: message for message in mail.outbox}
    assert set(by_address) == {entry.author.email for entry in scored}
    assert "Giải Nhất" in by_address[scored[0].author.email].subject  # Vietnamese reader
    assert "Second prize" in by_address[scored[1].author.email].subject  # English reader
    with translation.override("en"):
        assert reverse("contests:certificate", args=[scored[1].pk]) in by_address[scored[1].author.email].body
    assert "did not receive a prize" in by_address[scored[2].author.email].body

    client.logout()
    page = client.get(contest.url).content.decode()
    assert "Bài 9" in page and "Bài 8" in page and "Bài 7" not in page
    assert scored[0].contact_phone not in page


def test_the_certificate_names_the_contest_the_prize_the_entry_and_the_date(
    client, contest, organiser, scored
):
    results.give_prizes(contest, organiser, {scored[0].pk: tier_ids(contest)["First prize"]})
    move_to_results(contest)
    results.publish_results(contest, organiser)
    winner = scored[0]
    client.force_login(winner.author)
    response = client.get(reverse("contests:certificate", args=[winner.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        "GIẤY CHỨNG NHẬN",
        "CERTIFICATE OF AWARD",
        "Giải Nhất",
        "First prize",
        winner.title,
        contest.title,
    ):
        assert expected in text, expected
    day = timezone.localdate()
    assert f"{day.day}/{day.month}/{day.year}" in text
    # Not for a participant without a prize, nor for someone else.
    client.force_login(scored[1].author)
    assert client.get(reverse("contests:certificate", args=[scored[1].pk])).status_code == 404
    assert client.get(reverse("contests:certificate", args=[winner.pk])).status_code == 404


def test_a_winning_entry_is_published_in_the_community_hall_linked_to_the_contest(
    client, site_tree, contest, organiser, scored
):
    results.give_prizes(contest, organiser, {scored[0].pk: tier_ids(contest)["First prize"]})
    move_to_results(contest)
    results.publish_results(contest, organiser)
    client.force_login(organiser)
    url = reverse("contests_admin:publish_entry", args=[contest.pk, scored[0].pk])
    response = client.post(
        url,
        {
            "publish-stage": "pilot",
            "publish-goals": [Goal.objects.first().pk],
            "publish-innovation_types": [InnovationType.objects.first().pk],
            "publish-province_2025": "ha-noi",
            "publish-level": "district",
            "publish-proposer_type": ProposerType.objects.first().pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    scored[0].refresh_from_db()
    page = scored[0].initiative
    assert page.live and page.get_parent().specific == site_tree.community
    assert page.call_id == contest.pk and page.stage.code == "pilot"
    assert scored[0].contact_phone not in client.get(page.url).content.decode()


def test_publishing_an_older_revision_keeps_the_results(contest, organiser, scored):
    before_results = contest.save_revision()
    results.give_prizes(contest, organiser, {scored[0].pk: tier_ids(contest)["First prize"]})
    move_to_results(contest)
    results.publish_results(contest, organiser)
    published_at = ContestPage.objects.get(pk=contest.pk).results_published_at
    Revision.objects.get(pk=before_results.pk).publish()
    assert ContestPage.objects.get(pk=contest.pk).results_published_at == published_at


def test_a_winning_clip_is_published_with_its_poster_and_attachments(site_tree, contest, organiser, scored):
    winner = Entry.objects.get(pk=scored[0].pk)
    winner.format = Entry.Format.VIDEO_FILE
    winner.video_file.save("y-tuong.mp4", ContentFile(pattern_clip()), save=False)
    winner.video_name = "y-tuong.mp4"
    winner.save()
    take_poster(winner)
    EntryFile.objects.create(entry=winner, file=png("giao-dien.png"), original_name="giao-dien.png", size=1)
    EntryFile.objects.create(entry=winner, file=pdf("mo-ta.pdf"), original_name="mo-ta.pdf", size=1)
    results.give_prizes(contest, organiser, {winner.pk: tier_ids(contest)["First prize"]})
    move_to_results(contest)
    results.publish_results(contest, organiser)
    page = results.publish_as_initiative(
        Entry.objects.get(pk=winner.pk),
        organiser,
        {
            "stage": Stage.objects.get(code="idea"),
            "goals": [Goal.objects.first()],
            "innovation_types": [InnovationType.objects.first()],
            "province": Province.objects.get(gso_code="01"),
            "province_2025": None,
            "level": "district",
            "proposer_type": ProposerType.objects.first(),
        },
    )
    gallery = [item.image for item in page.gallery_images.all()]
    documents = [item.document for item in page.attachments.all()]
    assert len(gallery) == 2 and [d.title for d in documents] == ["y-tuong.mp4", "mo-ta.pdf"]
    public = set(public_collections())
    assert all(item.collection in public for item in [*gallery, *documents])
    assert documents[0].file.open("rb").read(12)[4:8] == b"ftyp"
    # The entry's own files stay where they were, private.
    winner.refresh_from_db()
    assert winner.video_file.storage.exists(winner.video_file.name)
