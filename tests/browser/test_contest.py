"""A whole contest in the browser: an entrant sends a video clip from a 360-pixel phone, their unit's reviewer
forwards it, a committee member scores it, the organiser gives it a prize and publishes the results, which
the contest page then shows in both languages. Time moves on between the steps as the contest's dates do:
the test moves the dates."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone, translation
from playwright.sync_api import expect

from contests import committee
from contests.models import Entry, PrizeAward
from contests.tests.builders import make_contest, make_organiser
from contests.video import pattern_clip
from jury.models import JURY_GROUP_NAME, Assignment, Review
from tests.builders import add_english_tree, build_site_tree, make_user, verified

from .actions import admin_log_in, field, gettext_in, log_in, option_in, press
from .test_accessibility import Audit

DAY = datetime.timedelta(days=1)
TITLE = "Phiếu hẹn trả kết quả qua Zalo"


def english_translation(contest, english_calls):
    copy = contest.copy_for_translation(english_calls.locale, copy_parents=True)
    copy.slug, copy.title = "ideas-contest", "Administrative reform ideas contest"
    copy.save_revision().publish()
    return type(contest).objects.get(pk=copy.pk)


def move_dates(contest, **days_from_today):
    today = timezone.localdate()
    for name, days in days_from_today.items():
        setattr(contest, name, today + days * DAY)
    contest.save_revision().publish()


def test_a_contest_from_a_phone_entry_to_the_published_results(open_page):
    tree = build_site_tree()
    english = add_english_tree(tree)
    organiser = make_organiser()
    contest = make_contest(tree.calls, owner=organiser)
    english_contest = english_translation(contest, english.calls)
    unit = contest.units.first()
    reviewer = verified(make_user(unit.reviewer_address_list[0]))
    member = verified(make_user("giam-khao@example.org"))
    member.groups.add(Group.objects.get(name=JURY_GROUP_NAME))
    committee.add_member(committee.committee_of(contest), member, is_chair=True)
    entrant = verified(make_user("du-thi@example.org"))
    t = gettext_in("vi")

    # The entrant, on a phone.
    phone = open_page("vi", phone=True)
    audit = Audit(phone, phone=True)
    log_in(phone, "vi", entrant.email)
    phone.goto(contest.url)
    audit.check("contest page")
    phone.get_by_role("link", name=t("Enter the contest")).click()
    option_in(phone, t("Topic"), contest.contest_topics.first().name_vi).check()
    phone.get_by_role("combobox", name=t("Your unit")).select_option(label=unit.name_vi)
    field(phone, t("Title of the idea or solution")).fill(TITLE)
    audit.check("entry form: topic and title")
    press(phone, t("Save and continue"))
    with translation.override("vi"):
        video_choice = str(Entry.Format.VIDEO_FILE.label)
    option_in(phone, t("Format"), video_choice).check()
    field(phone, t("Video clip")).set_input_files(
        {"name": "y-tuong.mp4", "mimeType": "video/mp4", "buffer": pattern_clip()}
    )
    audit.check("entry form: the entry")
    press(phone, t("Save and continue"))
    press(phone, t("Save and continue"))  # no attachment
    field(phone, t("Full name of the author, or of the team's representative")).fill("Nguyễn Thị Lan")
    field(phone, t("Address")).fill("25 Liễu Giai, Ba Đình, Hà Nội")
    field(phone, t("Phone")).fill("0912 345 678")
    press(phone, t("Save and continue"))
    expect(phone.locator("video")).to_be_visible()
    audit.check("entry: review and submit")
    press(phone, t("Submit the entry"))
    expect(phone.locator("body")).to_contain_text(
        t("Thank you: your entry has been sent to your unit for pre-screening.")
    )
    audit.check("my contest entries")
    entry = Entry.objects.get(title=TITLE)
    assert entry.is_submitted and entry.poster

    # The unit's reviewer forwards it, on a phone too.
    reviewer_phone = open_page("vi", phone=True)
    reviewer_audit = Audit(reviewer_phone, phone=True)
    log_in(reviewer_phone, "vi", reviewer.email)
    reviewer_phone.goto("/vi/my/contests/")
    reviewer_phone.get_by_role("link", name=unit.name_vi).click()
    reviewer_audit.check("the unit's entries")
    reviewer_phone.get_by_role("link", name=TITLE).click()
    with translation.override("vi"):
        forward = str(Entry.UnitDecision.FORWARDED.label)
    option_in(reviewer_phone, t("Decision"), forward).check()
    reviewer_audit.check("an entry to pre-screen")
    press(reviewer_phone, t("Record the decision"))
    expect(reviewer_phone.locator("body")).to_contain_text(forward)
    entry.refresh_from_db()
    assert entry.is_forwarded

    # The units' deadline has passed: the committee member scores.
    move_dates(contest, intake_closes=-3, prescreening_deadline=-1, scoring_deadline=3, results_date=5)
    judge = open_page("vi")
    admin_log_in(judge, member.email)
    judge.goto("/admin/evaluation/reviews/")
    judge.get_by_role("link", name=TITLE).click()
    expect(judge.locator("video")).to_have_count(1)
    expect(judge.locator("main")).not_to_contain_text("0912 345 678")
    evaluation = committee.evaluation_of(contest)
    with translation.override("vi"):
        labels = [criterion.label for criterion in evaluation.criteria.all()]
    for label in labels:
        judge.get_by_role("group", name=label).get_by_label("8", exact=True).check()
    press(judge, t("Submit"))
    expect(judge.locator(".messages")).to_contain_text(t("Your review is submitted. Thank you."))
    assert Review.objects.get(assignment=Assignment.objects.get(entry=entry)).is_submitted

    # Scoring is over: the organiser gives the prize, then publishes the results on their date.
    move_dates(contest, scoring_deadline=-1, results_date=0)
    desk = open_page("vi")
    admin_log_in(desk, organiser.email)
    desk.goto(f"/admin/contests/{contest.pk}/ranking/")
    first_prize = contest.prize_tiers.first()
    desk.locator(f"#prize-{entry.pk}").select_option(value=str(first_prize.pk))
    press(desk, t("Save the prizes"))
    expect(desk.locator(".messages")).to_contain_text(t("The prizes are saved."))
    assert PrizeAward.objects.get(entry=entry).tier == first_prize
    desk.goto(f"/admin/contests/{contest.pk}/results/")
    press(desk, t("Publish the results"))
    expect(desk.locator(".messages")).to_contain_text(
        t("The results are published; the authors are being told by e-mail.")
    )

    # The results, in both languages, on a phone.
    for language, page_url, tier_name in (
        ("vi", contest.url, first_prize.name_vi),
        ("en", english_contest.url, first_prize.name_en),
    ):
        visitor = open_page(language, phone=True)
        visitor_audit = Audit(visitor, phone=True)
        visitor.goto(page_url)
        results = visitor.locator(".contest__results")
        expect(results).to_contain_text(tier_name)
        expect(results).to_contain_text(TITLE)
        expect(visitor.locator("main")).not_to_contain_text("0912 345 678")
        visitor_audit.check(f"results ({language})")
        assert not visitor_audit.problems, visitor_audit.report()
    for check in (audit, reviewer_audit):
        assert not check.problems, check.report()
