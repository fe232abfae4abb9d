"""Contests, their people and real video clips, for the contests' tests."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contests.models import ORGANISERS_GROUP_NAME, ContestPage, ContestTopic, ContestUnit, Entry, PrizeTier
from contests.video import pattern_clip
from jury.models import Assignment, Review, Score
from tests.builders import make_user, verified

TOPICS = [
    ("Cải cách thủ tục hành chính", "Reform of administrative procedures"),
    ("Ứng dụng công nghệ thông tin vào công tác cải cách hành chính", "IT in administrative reform"),
    ("Nâng cao chất lượng phục vụ người dân", "Better service to citizens"),
]
UNITS = [
    ("Phòng Nội vụ", "Interior Office"),
    ("Phòng Tư pháp", "Justice Office"),
    ("Văn phòng HĐND và UBND", ""),
]
DAY = datetime.timedelta(days=1)


def make_contest(calls_index, *, owner=None, entries_open: bool = True, **fields) -> ContestPage:
    """A published contest with three topics, three units (each reviewed by reviewer-<n>@example.org) and
    three prize tiers. Entries are open today unless `entries_open` is False (then they closed yesterday,
    and the units pre-screen until tomorrow)."""
    today = timezone.localdate()
    closes = today + 10 * DAY if entries_open else today - DAY
    values = {
        "title": "Cuộc thi ý tưởng cải cách hành chính",
        "slug": "cuoc-thi-y-tuong",
        "organiser": "UBND quận Ba Đình",
        "intake_opens": today - 20 * DAY,
        "intake_closes": closes,
        "prescreening_deadline": closes + 2 * DAY,
        "scoring_deadline": closes + 10 * DAY,
        "results_date": closes + 12 * DAY,
        "endorsement_required_for_expo": False,
        "owner": owner,
    }
    values.update(fields)
    contest = ContestPage(**values)
    contest.contest_topics = [
        ContestTopic(name_vi=vi, name_en=en, sort_order=order) for order, (vi, en) in enumerate(TOPICS)
    ]
    contest.units = [
        ContestUnit(name_vi=vi, name_en=en, sort_order=order, reviewer_emails=f"reviewer-{order}@example.org")
        for order, (vi, en) in enumerate(UNITS)
    ]
    contest.prize_tiers = [
        PrizeTier(name_vi="Giải Nhất", name_en="First prize", count=1, amount=10_000_000, sort_order=0),
        PrizeTier(name_vi="Giải Nhì", name_en="Second prize", count=2, amount=5_000_000, sort_order=1),
        PrizeTier(
            name_vi="Giải Khuyến khích", name_en="Consolation prize", count=3, amount=1_000_000, sort_order=2
        ),
    ]
    calls_index.add_child(instance=contest)
    contest.save_revision().publish()
    return ContestPage.objects.get(pk=contest.pk)


def make_organiser(email: str = "to-chuc@example.org"):
    user = verified(make_user(email))
    user.groups.add(Group.objects.get(name=ORGANISERS_GROUP_NAME))
    return user


def make_reviewer(unit: ContestUnit):
    """The account whose verified address the unit lists first."""
    return verified(make_user(unit.reviewer_address_list[0]))


def make_entry(
    contest: ContestPage, author, *, submitted: bool = True, unit=None, topic=None, **fields
) -> Entry:
    values = {
        "title": "Phiếu hẹn điện tử qua Zalo",
        "format": Entry.Format.ARTICLE,
        "article": "Người dân nhận phiếu hẹn qua Zalo.\n\nKhông phải chờ ở bộ phận một cửa.",
        "contact_name": "Nguyễn Thị Lan",
        "contact_address": "25 Liễu Giai, Ba Đình, Hà Nội",
        "contact_phone": "0912 345 678",
        "submitted_at": timezone.now() if submitted else None,
    }
    values.update(fields)
    return Entry.objects.create(
        contest=contest,
        author=author,
        unit=unit or contest.units.first(),
        topic=topic or contest.contest_topics.first(),
        **values,
    )


def clip(name: str = "y-tuong.mp4", extension: str = "mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pattern_clip(extension=extension), f"video/{extension}")


def score_entry(evaluation, juror, entry: Entry, value: int):
    """The juror's submitted review of the entry, `value` on every criterion."""
    assignment, _created = Assignment.objects.get_or_create(evaluation=evaluation, juror=juror, entry=entry)
    review, _created = Review.objects.get_or_create(assignment=assignment)
    for criterion in evaluation.criteria.all():
        Score.objects.update_or_create(review=review, criterion=criterion, defaults={"value": value})
    review.submitted_at = timezone.now()
    review.save()
    return review
