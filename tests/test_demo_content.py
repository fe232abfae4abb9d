"""The demo loader builds the whole bilingual site, and running it again changes nothing."""

import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import override
from pypdf import PdfReader
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision, Site

from calls.models import CallPage
from contests import committee
from contests.entries import reviewed_units
from contests.models import ContestPage, Entry, Phase, PrizeAward
from halls.models import HallPage
from home.demo_contests import (
    DEMO_COMMITTEE_EMAIL,
    DEMO_COMMITTEE_PASSWORD,
    DEMO_ENTRANT_EMAIL,
    DEMO_ENTRANT_PASSWORD,
    DEMO_ORGANISER_EMAIL,
    DEMO_ORGANISER_PASSWORD,
    DEMO_UNIT_REVIEWER_EMAIL,
    DEMO_UNIT_REVIEWER_PASSWORD,
)
from home.demo_problems import DEMO_AGENCY_EMAIL, DEMO_AGENCY_PASSWORD
from home.models import ExpoSettings, FaqPage, HomePage, StandardPage
from initiatives.models import InitiativePage
from jury.models import JURY_GROUP_NAME, Assignment, Review
from problems.models import Follow, LinkKind, ProblemLink, ProblemPage, Replication, SharedProblem
from problems.taxonomy import ProblemStatus
from stats.figures import first_copies
from tests.builders import make_user, verified


def counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "initiatives": InitiativePage.objects.count(),
        "revisions": Revision.objects.count(),
        "documents": get_document_model().objects.count(),
        "images": get_image_model().objects.count(),
        "accounts": get_user_model().objects.count(),
        "contest entries": Entry.objects.count(),
        "reviews": Review.objects.count(),
        "prizes": PrizeAward.objects.count(),
    }


@pytest.fixture(scope="module")
def demo_loaded(module_transaction):
    call_command("load_demo_content", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.fixture
def demo_site(demo_loaded, db):
    """Loaded once for the module: its tests only read the demo site or change it in their transaction."""


def test_loading_twice_gives_the_same_counts(demo_site):
    first = counts()
    output = io.StringIO()
    call_command("load_demo_content", stdout=output)
    assert counts() == first
    assert "nothing created" in output.getvalue()


def test_demo_site_has_both_languages_and_enough_initiatives(demo_site):
    originals = InitiativePage.objects.live().filter(alias_of__isnull=True)
    assert originals.count() >= 40
    assert originals.filter(locale__language_code="en").exists()
    assert originals.filter(locale__language_code="vi").exists()
    assert originals.values("province").distinct().count() >= 20
    assert {"idea", "pilot", "scaled"} <= set(originals.values_list("stage__code", flat=True))
    for slug_vi, slug_en in [("gian-trien-lam-so", "expo-hall"), ("gian-cong-dong", "community-hall")]:
        vi = HallPage.objects.get(slug=slug_vi, locale__language_code="vi")
        en = HallPage.objects.get(slug=slug_en, locale__language_code="en")
        assert vi.translation_key == en.translation_key
        assert (
            InitiativePage.objects.live().child_of(vi).count()
            == InitiativePage.objects.live().child_of(en).count()
        )
    assert HomePage.objects.count() == 2
    assert CallPage.objects.filter(slug__in=["cpii-2021", "ba-dinh-2024"]).count() == 4
    assert FaqPage.objects.get(locale__language_code="en").questions.count() >= 5
    # Demo content carries no one's contact data, and the Expo Hall only endorsed initiatives.
    emails = InitiativePage.objects.exclude(contact_email="").values_list("contact_email", flat=True)
    assert set(emails) <= {"submitter@demo.expo.local"}
    assert not InitiativePage.objects.exclude(contact_phone="").exists()
    for hall in HallPage.objects.filter(kind="expo"):
        for page in InitiativePage.objects.child_of(hall):
            assert page.is_endorsed, page.title


DEMO_URLS = [
    "/vi/",
    "/en/",
    "/vi/gian-trien-lam-so/",
    "/en/expo-hall/",
    "/vi/gian-cong-dong/?province_2025=da-nang",
    "/en/community-hall/?goal=egov&stage=pilot",
    "/vi/dot-tiep-nhan/",
    "/vi/dot-tiep-nhan/cpii-2021/",
    "/en/calls/ba-dinh-2024/",
    "/vi/dot-tiep-nhan/ba-dinh-2024/",
    "/vi/dot-tiep-nhan/y-tuong-chuyen-doi-so-phuong-ba-dinh/",
    "/en/calls/ba-dinh-ward-digital-ideas/",
    "/vi/cau-hoi-thuong-gap/",
    "/en/faq/",
    "/vi/gioi-thieu/",
    "/en/how-to-take-part/",
    "/vi/tai-tro/",
    "/en/grants/",
    "/vi/thong-ke/",
    "/en/statistics/",
]


def test_demo_pages_answer(demo_site, client):
    for url in DEMO_URLS:
        assert client.get(url).status_code == 200, url
    for page in InitiativePage.objects.live():
        assert client.get(page.url).status_code == 200, page.url


def test_demo_submissions_wait_in_the_screeners_queue(demo_site, client):
    from screening.queue import queue_for

    screener = get_user_model().objects.get(email="screener@demo.expo.local")
    assert not screener.is_superuser
    assert queue_for(screener).count() == 3
    assert client.login(email="screener@demo.expo.local", password="demo-screener-2026")
    queue = client.get(reverse("screening_queue:index")).content.decode()
    assert "Open budget dashboard for ward residents" in queue


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mot cua luu dong", "Xe một cửa lưu động cấp đổi giấy tờ cho đồng bào dân tộc thiểu số ở Kon Plông"),
        ("ma qr phieu hen", "Tra cứu tiến độ hồ sơ một cửa bằng mã QR trên phiếu hẹn tại quận Ba Đình"),
        ("dat dai", "Gắn mã QR trên hồ sơ địa chính để tra cứu tiến độ thủ tục đất đai ở Hải Hậu"),
        ("chatbot", "Chatbot Zalo hướng dẫn thủ tục hành chính cho người dân thành phố Hội An"),
    ],
)
def test_demo_searches_without_diacritics_find_what_a_reader_expects(client, demo_site, query, expected):
    response = client.get(reverse("search:solutions"), {"q": query})
    titles = [hit.page.title for hit in response.context["results"].hits]
    assert expected in titles[:3], titles


def test_the_demo_solutions_bank_finds_da_nang_with_and_without_diacritics(client, demo_site):
    for query in ("da nang", "Đà Nẵng"):
        hits = client.get(reverse("search:solutions"), {"q": query}).context["results"].hits
        # An initiative keeps its 2021 province, merged into a 2025 one; a problem has a 2025 province.
        assert hits and all(
            "Đà Nẵng"
            in (
                hit.page.province.label,
                getattr(hit.page.province, "merged_into", None) and hit.page.province.merged_into.label,
            )
            for hit in hits
        )


def test_the_demo_selection_fills_every_screen(demo_site, client):
    from jury.models import Evaluation, FullProposal, Grant, Review, ShortlistEntry
    from jury.ranking import rank

    evaluation = Evaluation.objects.get(call__slug="cpii-2021", round="first")
    members = evaluation.members.all()
    assert members.count() == 3 and members.filter(is_chair=True).count() == 1
    ranked = rank(evaluation)
    assert len(ranked) == 22 and all(entry.reviews_assigned == 2 for entry in ranked)
    loads = [evaluation.assignments.filter(juror=member.user).count() for member in members]
    assert max(loads) - min(loads) <= 1
    reviews = Review.objects.filter(assignment__evaluation=evaluation)
    assert 0 < reviews.filter(submitted_at__isnull=True).count() < reviews.count() // 3
    assert any(entry.disagreement for entry in ranked)
    entries = ShortlistEntry.objects.filter(
        shortlist__evaluation=evaluation, shortlist__published_at__isnull=False
    )
    assert [entry.initiative_id for entry in entries] == [entry.initiative.pk for entry in ranked[:4]]
    proposal = FullProposal.objects.get(evaluation=evaluation, submitted_at__isnull=False)
    assert proposal.commitment_letter.name.startswith("selection/")
    grant = Grant.objects.get(proposal=proposal)
    assert grant.tranches.count() == 1 and grant.disbursed <= grant.amount
    submitter = get_user_model().objects.get(email="submitter@demo.expo.local")
    assert all(entry.initiative.co_authors.filter(pk=submitter.pk).exists() for entry in entries)
    client.force_login(submitter)
    dashboard = client.get(reverse("submissions:dashboard")).content.decode()
    assert reverse("jury:proposal", args=[proposal.initiative_id]) in dashboard
    assert reverse("jury:reports", args=[grant.pk]) in dashboard
    client.logout()
    for url in ("/vi/tai-tro/", "/en/grants/"):
        initiative = grant.initiative.get_translation(Locale.objects.get(language_code=url[1:3]))
        assert escape(initiative.title) in client.get(url).content.decode(), url


def test_the_demo_problem_bank_is_filled_in_both_languages(demo_site):
    originals = ProblemPage.objects.live().filter(locale__language_code="vi")
    assert originals.count() == 15
    assert ProblemPage.objects.live().filter(locale__language_code="en").count() == 15
    assert originals.values("province").distinct().count() >= 10
    assert set(originals.values_list("status", flat=True)) == set(ProblemStatus.values)
    assert set(ProblemLink.objects.values_list("kind", flat=True)) == set(LinkKind.values)
    assert SharedProblem.objects.exists() and Follow.objects.exists()
    assert Replication.objects.filter(state=Replication.State.PUBLISHED).count() == 2
    agency = get_user_model().objects.get(email=DEMO_AGENCY_EMAIL)
    assert agency.proposer_type.code == "agency"
    assert agency.check_password(DEMO_AGENCY_PASSWORD)


def test_the_demo_statistics_show_the_demo_s_figures_in_both_languages(demo_site, client):
    count = first_copies(InitiativePage).count()
    assert count >= 10
    for url, total in (
        ("/vi/thong-ke/", f"{count} sáng kiến đã công bố"),
        ("/en/statistics/", f"{count} initiatives"),
    ):
        html = client.get(url).content.decode()
        assert total in html, url
        assert html.count('<svg class="chart__svg') >= 12, url


def test_the_demo_statistics_show_each_call_s_screening_and_the_most_viewed(demo_site, client):
    from stats.figures import most_viewed_initiatives, screening_funnels
    from visits.models import DailyVisits

    funnels = {funnel.call.slug: funnel for funnel in screening_funnels() if funnel.call}
    assert set(funnels) == {"cpii-2021", "ba-dinh-2024"}
    for funnel in funnels.values():
        decided = sum(funnel.accepted.values()) + funnel.declined
        assert funnel.received >= decided > 0 and funnel.declined and funnel.median_days
    assert funnels["cpii-2021"].changes_requested
    years = {page.first_published_at.year for page in first_copies(InitiativePage)}
    assert {2021, 2024} <= years
    assert DailyVisits.objects.count() == 90 and len(most_viewed_initiatives()) == 10
    html = client.get("/en/statistics/").content.decode()
    assert "Median time to a decision" in html and "No views counted yet" not in html


def test_the_demo_footer_links_the_trust_pages_in_each_language(demo_site, client):
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    chosen = [expo_settings.privacy_page, expo_settings.terms_page, expo_settings.contact_page]
    chosen.append(expo_settings.accessibility_page)
    assert all(page is not None and page.live for page in chosen)
    for language, home_url, signup_words in [
        ("vi", "/vi/", "Khi đăng ký, bạn chấp nhận"),
        ("en", "/en/", "By signing up you accept"),
    ]:
        footer = client.get(home_url).content.decode().split('<footer class="site-footer">', 1)[1]
        for page in chosen:
            translation = page.get_translation(Locale.objects.get(language_code=language))
            assert not translation.show_in_menus
            assert f'href="{translation.url}"' in footer
            assert client.get(translation.url).status_code == 200
        with override(language):
            assert signup_words in client.get(reverse("account_signup")).content.decode()


def test_the_demo_submitter_finds_a_draft_to_continue_and_a_timeline_for_each_screened_initiative(
    demo_site, client
):
    from home.demo import DEMO_DRAFT
    from submissions.models import Submission
    from submissions.services import timeline_of

    submitter = get_user_model().objects.get(email="submitter@demo.expo.local")
    client.force_login(submitter)
    draft = Submission.objects.get(owner=submitter, data__title=DEMO_DRAFT["title"])
    dashboard = client.get(reverse("submissions:dashboard")).content.decode()
    assert reverse("submissions:section", args=[draft.pk, "classification"]) in dashboard
    assert reverse("submissions:delete", args=[draft.pk]) in dashboard
    screened = Submission.objects.filter(owner=submitter, page__isnull=False)
    assert screened.exists()
    for submission in screened:
        timeline = timeline_of(submission)
        assert [event.when for event in timeline] == sorted(event.when for event in timeline)
        assert client.get(reverse("submissions:detail", args=[submission.pk])).status_code == 200
    kinds = {event.kind for submission in screened for event in timeline_of(submission)}
    assert {"submitted", "changes_requested", "resubmitted", "declined", "expo", "community"} <= kinds


# What reads as filler rather than the demo's own content.
FILLER = re.compile(r"example\.(org|com)|lorem|ipsum|xxx|placeholder|TODO|0900 000 000", re.IGNORECASE)


def test_the_demo_contact_page_gives_the_demo_secretariat_and_no_page_holds_filler(demo_site, client):
    contact = ExpoSettings.for_site(Site.objects.get(is_default_site=True)).contact_page
    for language in ("vi", "en"):
        page = contact.get_translation(Locale.objects.get(language_code=language))
        assert "ban-thu-ky@demo.expo.local" in client.get(page.url).content.decode()
    for page in StandardPage.objects.all():
        assert not FILLER.search(page.intro + json.dumps(list(page.body.raw_data), ensure_ascii=False)), (
            page.title
        )
    for phone in ProblemPage.objects.values_list("contact_phone", flat=True):
        assert not FILLER.search(phone)
    for entry in Entry.objects.all():
        assert not FILLER.search(" ".join([entry.summary, entry.article, entry.contact_phone])), entry.title


# Contests -----------------------------------------------------------------------------------------------


def ba_dinh_2024() -> ContestPage:
    return ContestPage.objects.get(slug="ba-dinh-2024", locale__language_code="vi")


def open_contest() -> ContestPage:
    return ContestPage.objects.filter(locale__language_code="vi").exclude(slug="ba-dinh-2024").get()


def test_ba_dinh_2024_is_a_contest_whose_entries_were_pre_screened_and_scored(demo_site):
    contest = ba_dinh_2024()
    assert ContestPage.objects.filter(translation_key=contest.translation_key, live=True).count() == 2
    assert contest.contest_topics.count() == 5 and contest.units.count() == 6
    sent = Entry.objects.filter(contest=contest)
    assert sent.count() == sent.filter(submitted_at__year=2024).count() == 12
    assert len([unit for unit in contest.units.all() if not unit.entries.exists()]) == 1
    assert set(sent.values_list("format", flat=True)) == set(Entry.Format.values)
    assert sent.filter(is_team=True).exists() and sent.filter(is_team=False).exists()
    assert all(entry.poster for entry in sent.filter(format=Entry.Format.VIDEO_FILE))
    returned = sent.filter(unit_decision=Entry.UnitDecision.RETURNED)
    assert 1 <= returned.count() <= 2 and all(entry.unit_comment for entry in returned)

    evaluation = committee.evaluation_of(contest)
    members = evaluation.members.all()
    assert members.count() >= 3 and members.filter(is_chair=True).count() == 1
    assert members.filter(user__email=DEMO_COMMITTEE_EMAIL, is_chair=False).exists()
    assignments = Assignment.objects.filter(evaluation=evaluation).select_related("review")
    assert assignments.count() == committee.forwarded_entries(contest).count() * members.count()
    for assignment in assignments:
        assert assignment.review.submitted_at.year == 2024
        assert assignment.review.scores.count() == evaluation.criteria.count()
    scores = [row.weighted for row in committee.ranking(contest)]
    assert scores == sorted(set(scores), reverse=True)  # no ties


def test_ba_dinh_2024_prizes_follow_the_ranking_and_its_pages_name_the_winners_without_a_phone(
    demo_site, client
):
    contest = ba_dinh_2024()
    assert contest.results_published_at.year == 2024 and contest.phase == Phase.RESULTS
    for tier in contest.prize_tiers.all():
        assert tier.awards.count() <= tier.count
    awards = committee.awards_of(contest)
    tier_of = {award.entry_id: award.tier.sort_order for award in awards}
    ranked = [row.subject.pk for row in committee.ranking(contest)]
    assert set(ranked[: len(awards)]) == set(tier_of)
    assert [tier_of[pk] for pk in ranked[: len(awards)]] == sorted(tier_of.values())
    published = Entry.objects.filter(contest=contest, initiative__isnull=False)
    assert published.exists()
    assert all(
        entry.initiative.live and entry.initiative.get_parent().specific.kind == "community"
        for entry in published
    )
    phones = set(Entry.objects.filter(contest=contest).values_list("contact_phone", flat=True))
    for language in ("vi", "en"):
        page = contest.get_translation(Locale.objects.get(language_code=language))
        html = client.get(page.url).content.decode()
        assert all(escape(award.entry.title) in html for award in awards), language
        assert not any(phone in html for phone in phones), language


def test_the_open_demo_contest_takes_entries_from_a_newcomer_and_shows_none(demo_site, client):
    contest = open_contest()
    assert contest.accepts_entries()
    english = contest.get_translation(Locale.objects.get(language_code="en"))
    assert english.live and english.title != contest.title
    sent = Entry.objects.filter(contest=contest)
    assert 1 <= sent.count() == sent.filter(submitted_at__isnull=False, unit_decision="").count() <= 2
    for page in (contest, english):
        html = client.get(page.url).content.decode()
        assert not any(escape(entry.title) in html for entry in sent), page.url
    client.force_login(verified(make_user("nguoi-moi@demo.expo.local")))
    assert client.get(f"/vi/my/contests/{contest.pk}/enter/").status_code == 200


@pytest.mark.parametrize(
    ("email", "password", "url"),
    [
        (DEMO_ORGANISER_EMAIL, DEMO_ORGANISER_PASSWORD, "/admin/contests/"),
        (DEMO_UNIT_REVIEWER_EMAIL, DEMO_UNIT_REVIEWER_PASSWORD, "/vi/my/contests/"),
        (DEMO_COMMITTEE_EMAIL, DEMO_COMMITTEE_PASSWORD, "/admin/evaluation/reviews/"),
        (DEMO_ENTRANT_EMAIL, DEMO_ENTRANT_PASSWORD, "/vi/my/contests/"),
    ],
)
def test_the_printed_contest_accounts_log_in_to_their_pages(demo_site, client, email, password, url):
    assert client.login(email=email, password=password)
    assert client.get(url).status_code == 200


def test_the_demo_contest_accounts_play_their_parts(demo_site, client):
    ba_dinh, ward = ba_dinh_2024(), open_contest()
    organiser = get_user_model().objects.get(email=DEMO_ORGANISER_EMAIL)
    assert ba_dinh.is_organised_by(organiser) and ward.is_organised_by(organiser)
    assert not organiser.is_superuser

    reviewer = get_user_model().objects.get(email=DEMO_UNIT_REVIEWER_EMAIL)
    units = reviewed_units(reviewer)
    assert {unit.contest_id for unit in units} == {ba_dinh.pk, ward.pk}
    assert all(unit.entries.exists() for unit in units)
    client.force_login(reviewer)
    listing = client.get(reverse("contests:my_entries")).content.decode()
    assert all(reverse("contests:unit_entries", args=[unit.pk]) in listing for unit in units)

    member = get_user_model().objects.get(email=DEMO_COMMITTEE_EMAIL)
    assert member.groups.filter(name=JURY_GROUP_NAME).exists()

    winner = Entry.objects.get(contest=ba_dinh, award__tier__sort_order=0)
    assert winner.author.email == DEMO_ENTRANT_EMAIL
    client.force_login(winner.author)
    certificate = client.get(reverse("contests:certificate", args=[winner.pk]))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(certificate.content)).pages)
    assert "31/7/2024" in " ".join(text.split())
