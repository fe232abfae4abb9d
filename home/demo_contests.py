"""The contests, filled in for the demo (texts in `demo_data/contests.json`).

Ba Đình 2024, the seed's contest, as it ended: six participating units, five of which sent entries;
twelve entries (articles, uploaded clips, video links; teams and single authors), pre-screened by their
units (two returned), scored by a committee of three, given prizes from the ranking, the results
published and the two best articles published in the Community Hall. The services refuse dates in the
past, so what happened in 2024 is written on the rows directly, with the contest's own dates.

A ward's contest of the two-level government of July 2025 takes entries from ten days ago: a newcomer
can enter it, and two entries wait for their units' pre-screening, one for the demo unit reviewer.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from functools import cached_property

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.html import escape

from calls.models import CallIndexPage, CallPage
from contests import committee, results
from contests.models import (
    ORGANISERS_GROUP_NAME,
    ContestPage,
    ContestTopic,
    ContestUnit,
    Entry,
    EntryFile,
    PrizeAward,
    PrizeTier,
)
from contests.video import pattern_clip, take_poster
from initiatives.models import Goal, InnovationType, ProposerType, Province, Province2025, Stage
from jury.models import JURY_GROUP_NAME, Evaluation, Review, Score

DEMO_ORGANISER_EMAIL = "organiser@demo.expo.local"
DEMO_ORGANISER_PASSWORD = "demo-organiser-2026"  # noqa: S105 - printed for the local demo on purpose
DEMO_UNIT_REVIEWER_EMAIL = "unit-reviewer@demo.expo.local"
DEMO_UNIT_REVIEWER_PASSWORD = "demo-unit-reviewer-2026"  # noqa: S105 - printed for the local demo on purpose
DEMO_COMMITTEE_EMAIL = "committee@demo.expo.local"
DEMO_COMMITTEE_PASSWORD = "demo-committee-2026"  # noqa: S105 - printed for the local demo on purpose
# The author of Ba Đình 2024's first prize, who can download its certificate.
DEMO_ENTRANT_EMAIL = "entrant1@demo.expo.local"
DEMO_ENTRANT_PASSWORD = "demo-entrant-2026"  # noqa: S105 - printed for the local demo on purpose
CLIP_SECONDS = 4
# Each member's scores stray from an entry's level by a point at most on a criterion and by nothing in
# all: the ranking follows the entries' levels, and no disagreement is flagged.
MEMBER_OFFSETS = [(0, 0, 0, 0), (1, 0, -1, 0), (0, -1, 0, 1)]


def demo_day(value: str | int) -> date:
    """A day of the demo's data: an ISO date, or a number of days from today."""
    if isinstance(value, str):
        return date.fromisoformat(value)
    return timezone.localdate() + timedelta(days=value)


def at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def bullet_list(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in items) + "</ul>"


class ContestsDemo:
    def __init__(self, builder, calls_index: CallIndexPage, data: dict) -> None:
        self.builder = builder
        self.index = calls_index
        self.people = data["people"]
        self.records = data["contests"]
        self.contests: dict[str, ContestPage] = {}

    def ensure_pages(self) -> dict[str, dict[str, CallPage]]:
        """Each contest in both languages, as `DemoBuilder.ensure_calls` gives the calls."""
        self.organiser = self.ensure_organiser()
        return {key: self.ensure_contest(key, record) for key, record in self.records.items()}

    def build(self) -> None:
        for key, contest in self.contests.items():
            record = self.records[key]
            entries = [self.ensure_entry(contest, entry) for entry in record["entries"]]
            if "results" in record:
                self.ensure_results(contest, record, entries)

    # Accounts -------------------------------------------------------------------------------------------

    def ensure_organiser(self):
        organiser = self.builder.ensure_user(
            DEMO_ORGANISER_EMAIL,
            DEMO_ORGANISER_PASSWORD,
            "contest organiser",
            full_name="Ban tổ chức cuộc thi (demo)",
            organisation="Ủy ban nhân dân phường Ba Đình",
        )
        organiser.groups.add(Group.objects.get(name=ORGANISERS_GROUP_NAME))
        return organiser

    def account(self, email: str, password: str, what: str):
        return self.builder.ensure_user(email, password, what, full_name=self.people[email])

    def committee_member(self, email: str):
        member = self.account(email, DEMO_COMMITTEE_PASSWORD, "contest committee member")
        member.groups.add(Group.objects.get(name=JURY_GROUP_NAME))
        return member

    # The contests' pages --------------------------------------------------------------------------------

    def ensure_contest(self, key: str, record: dict) -> dict[str, CallPage]:
        page = self.builder.child(self.index, CallPage, record["slug_vi"])
        if page is not None and not isinstance(page.specific, ContestPage):
            self.builder.log(
                f"  “{page.slug}” is a plain call in this database, made before the contests: its contest "
                "demo is left out (load the demo into a new database to see it)"
            )
            return {"vi": page.specific, "en": page.get_translation(self.builder.en).specific}
        if page is None:
            page = self.new_contest(record)
            self.builder.add_child(self.index, page, "contest")
        contest = page.specific
        english = self.builder.translate(
            contest, record["slug_en"], **self.texts(record["en"], contest.intake_opens.year)
        )
        self.contests[key] = contest
        return {"vi": contest, "en": english}

    def new_contest(self, record: dict) -> ContestPage:
        dates = {name: demo_day(value) for name, value in record["dates"].items()}
        contest = ContestPage(
            slug=record["slug_vi"],
            owner=self.organiser,
            grant_currency="",
            endorsement_required_for_expo=False,
            **dates,
            **self.texts(record["vi"], dates["intake_opens"].year),
        )
        contest.contest_topics = [
            ContestTopic(sort_order=order, **topic) for order, topic in enumerate(record["topics"])
        ]
        contest.units = [
            ContestUnit(
                sort_order=order,
                name_vi=unit["name_vi"],
                name_en=unit["name_en"],
                reviewer_emails="\n".join(unit["reviewer_emails"]),
            )
            for order, unit in enumerate(record["units"])
        ]
        contest.prize_tiers = [
            PrizeTier(sort_order=order, **tier) for order, tier in enumerate(record["prize_tiers"])
        ]
        return contest

    def texts(self, texts: dict, year: int) -> dict:
        # A contest whose dates follow today is named after the year it opens in.
        return {
            **self.builder.call_texts({**texts, "title": texts["title"].format(year=year)}),
            "eligibility": texts["eligibility"],
            "rules": bullet_list(texts["rules"]),
        }

    # Entries --------------------------------------------------------------------------------------------

    @cached_property
    def clip(self) -> bytes:
        return pattern_clip(seconds=CLIP_SECONDS, size="480x270")

    def ensure_entry(self, contest: ContestPage, record: dict) -> Entry:
        existing = Entry.objects.filter(contest=contest, title=record["title"]).first()
        if existing is not None:
            return existing
        unit = contest.units.get(name_vi=record["unit"])
        submitted_at = at(demo_day(record["submitted_on"]))
        entry = Entry(
            contest=contest,
            author=self.account(record["author"], DEMO_ENTRANT_PASSWORD, "contest entrant"),
            topic=contest.contest_topics.get(name_vi=record["topic"]),
            unit=unit,
            title=record["title"],
            summary=record["summary"],
            format=record["format"],
            article="\n\n".join(record.get("article", [])),
            video_url=record.get("video_url", ""),
            is_team="team" in record,
            team_members="\n".join(record.get("team", [])),
            contact_name=record["contact_name"],
            contact_address=record["contact_address"],
            contact_phone=record["contact_phone"],
            submitted_at=submitted_at,
        )
        if entry.format == Entry.Format.VIDEO_FILE:
            entry.video_file.save(record["video_name"], ContentFile(self.clip), save=False)
            entry.video_name, entry.video_size = record["video_name"], len(self.clip)
        prescreened = record.get("prescreened")
        if prescreened:
            entry.unit_decision = prescreened["decision"]
            entry.unit_comment = prescreened.get("comment", "")
            entry.unit_decided_at = at(demo_day(prescreened["on"]), 15)
            entry.unit_decided_by = self.account(
                unit.reviewer_address_list[0], DEMO_UNIT_REVIEWER_PASSWORD, "unit reviewer"
            )
        entry.save()
        if entry.video_file:
            take_poster(entry)
        for name in record.get("attachments", []):
            picture = self.builder.picture(random.Random(name))  # noqa: S311 - decorative colours
            EntryFile.objects.create(
                entry=entry, file=ContentFile(picture, name=name), original_name=name, size=len(picture)
            )
        # Drafted a few days before it was sent; last changed by its unit's decision.
        Entry.objects.filter(pk=entry.pk).update(
            created_at=submitted_at - timedelta(days=3), updated_at=entry.unit_decided_at or submitted_at
        )
        self.builder.report.count("contest entry")
        return entry

    # The committee, the prizes and the results ----------------------------------------------------------

    def ensure_results(self, contest: ContestPage, record: dict, entries: list[Entry]) -> None:
        plan = record["results"]
        evaluation = committee.committee_of(contest)
        for member in plan["committee"]:
            committee.add_member(evaluation, self.committee_member(member["email"]), is_chair=member["chair"])
        committee.sync_assignments(contest)
        levels = {
            entry.pk: entry_record["scores"]
            for entry, entry_record in zip(entries, record["entries"], strict=True)
            if "scores" in entry_record
        }
        self.score(contest, evaluation, levels)
        if contest.results_published_at is None:
            self.give_prizes(contest, plan["awarded"])
            self.publish_results(contest)
        for entry, entry_record in zip(entries, record["entries"], strict=True):
            if "initiative" in entry_record and entry.initiative_id is None:
                self.publish_as_initiative(contest, entry, entry_record["initiative"], plan["classification"])

    def score(self, contest: ContestPage, evaluation: Evaluation, levels: dict[int, list[int]]) -> None:
        """A submitted review of every assignment, on the days the committee scored."""
        criteria = list(evaluation.criteria.order_by("sort_order"))
        members = list(evaluation.members.order_by("sort_order").values_list("user_id", flat=True))
        opens, closes = committee.scoring_dates(contest)
        unscored = evaluation.assignments.filter(review__isnull=True).order_by("pk")
        unscored.update(assigned_at=at(opens, 8))
        for position, assignment in enumerate(unscored):
            offsets = MEMBER_OFFSETS[members.index(assignment.juror_id) % len(MEMBER_OFFSETS)]
            day = opens + timedelta(days=position % ((closes - opens).days + 1))
            review = Review.objects.create(assignment=assignment, submitted_at=at(day, 16))
            values = [
                min(evaluation.scale_max, max(evaluation.scale_min, level + offset))
                for level, offset in zip(levels[assignment.entry_id], offsets, strict=True)
            ]
            Score.objects.bulk_create(
                Score(review=review, criterion=criterion, value=value)
                for criterion, value in zip(criteria, values, strict=True)
            )
            self.builder.report.count("contest committee review")

    def give_prizes(self, contest: ContestPage, awarded: list[int]) -> None:
        """The prizes down the committee's ranking: `awarded` says how many of each tier, in order."""
        ranked = [row.subject.pk for row in committee.ranking(contest)]
        prizes = [
            tier.pk
            for tier, count in zip(contest.prize_tiers.all(), awarded, strict=True)
            for _prize in range(count)
        ]
        choices = dict(zip(ranked, prizes, strict=False))
        results.give_prizes(contest, self.organiser, choices)
        PrizeAward.objects.filter(entry__contest=contest).update(
            awarded_at=at(contest.results_date - timedelta(days=2), 14)
        )
        self.builder.report.count("contest prize", len(choices))

    def publish_results(self, contest: ContestPage) -> None:
        results.publish_results(contest, self.organiser)
        # Published on the results date, in each language: the certificates print this date (the pages'
        # revisions never carry it: `ContestPage.with_content_json`).
        ContestPage.objects.filter(translation_key=contest.translation_key).update(
            results_published_at=at(contest.results_date, 10)
        )
        self.builder.report.count("published contest results")

    def publish_as_initiative(
        self, contest: ContestPage, entry: Entry, published: dict, classification: dict
    ) -> None:
        innovation_types = InnovationType.objects.filter(code__in=published["innovation_types"])
        page = results.publish_as_initiative(
            entry,
            self.organiser,
            {
                "stage": Stage.objects.get(code=published["stage"]),
                "goals": list(Goal.objects.filter(code__in=published["goals"])),
                "innovation_types": list(innovation_types),
                "province": Province.objects.get(gso_code=classification["province"]),
                "province_2025": Province2025.objects.get(code=classification["province_2025"]),
                "level": classification["level"],
                "proposer_type": ProposerType.objects.get(code=classification["proposer_type"]),
            },
        )
        self.builder.published_on(page, at(contest.results_date + timedelta(days=7), 10))
        self.builder.report.count("contest winner published as an initiative")
