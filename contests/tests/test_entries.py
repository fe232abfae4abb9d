"""Entering a contest with the form, section by section, and the checks of what is uploaded."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from contests import entries
from contests.models import Entry
from submissions.forms import BasicsForm
from tests.builders import make_call, make_user, png, verified

from .builders import DAY, clip, make_contest

pytestmark = pytest.mark.django_db

AUTHORS = {
    "is_team": "on",
    "team_members": "Nguyễn Thị Lan\nTrần Văn Minh",
    "contact_name": "Nguyễn Thị Lan",
    "contact_address": "25 Liễu Giai, Ba Đình, Hà Nội",
    "contact_phone": "0912 345 678",
}


@pytest.fixture
def contest(site_tree):
    return make_contest(site_tree.calls)


@pytest.fixture
def entrant(client):
    user = verified(make_user("du-thi@example.org"))
    client.force_login(user)
    return user


def about(contest, **values):
    data = {
        "topic": contest.contest_topics.first().pk,
        "unit": contest.units.first().pk,
        "title": "Phiếu hẹn điện tử qua Zalo",
        "summary": "Người dân nhận phiếu hẹn qua Zalo.",
        "save_continue": "",
    }
    data.update(values)
    return data


def start_entry(client, contest) -> Entry:
    response = client.post(reverse("contests:enter", args=[contest.pk]), about(contest))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Entry.objects.get()


def test_a_video_entry_goes_through_every_section_to_the_unit(client, contest, entrant):
    entry = start_entry(client, contest)
    assert entry.author == entrant and entry.contest == contest and entry.language == "vi"

    response = client.post(
        reverse("contests:section", args=[entry.pk, "content"]),
        {"format": "video_file", "video_file": clip(), "save_continue": ""},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.video_name == "y-tuong.mp4" and entry.video_size > 0
    # No picture came with the clip: a frame of it is the poster.
    assert entry.poster and entry.poster.open("rb").read(3) == b"\xff\xd8\xff"

    response = client.post(
        reverse("contests:section", args=[entry.pk, "attachments"]),
        {"attachments": [png("giao-dien.png")], "save_continue": ""},
    )
    assert response.status_code == 302
    assert [f.original_name for f in entry.files.all()] == ["giao-dien.png"]

    response = client.post(
        reverse("contests:section", args=[entry.pk, "authors"]), AUTHORS | {"save_continue": ""}
    )
    assert response.headers["Location"] == reverse("contests:review", args=[entry.pk])

    review = client.get(reverse("contests:review", args=[entry.pk]))
    assert b"Submit the entry" in review.content or "Gửi bài dự thi".encode() in review.content
    response = client.post(reverse("contests:review", args=[entry.pk]))
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_submitted
    assert entries.status_of(entry) == entries.WITH_UNIT
    # Submitted: no longer the author's to change.
    response = client.get(reverse("contests:section", args=[entry.pk, "about"]))
    assert response.headers["Location"] == reverse("contests:detail", args=[entry.pk])


def test_nothing_is_created_without_a_title_and_what_was_typed_comes_back(client, contest, entrant):
    response = client.post(
        reverse("contests:enter", args=[contest.pk]), about(contest, title="  ", summary="Giữ lại")
    )
    assert response.status_code == 200
    assert not Entry.objects.exists()
    assert "Giữ lại" in response.content.decode()
    assert response.context["form"].has_error("title", "required")


def test_an_entry_with_something_missing_is_not_submitted(client, contest, entrant):
    entry = start_entry(client, contest)
    response = client.post(reverse("contests:review", args=[entry.pk]), follow=True)
    entry.refresh_from_db()
    assert not entry.is_submitted
    missing = dict(entries.missing_fields(entry))
    assert set(missing) == {"content", "authors"}
    assert response.status_code == 200


def test_a_team_needs_two_members(contest, site_tree):
    entry = Entry(contest=contest, author=make_user(), title="T", topic=contest.contest_topics.first())
    entry.unit = contest.units.first()
    entry.format, entry.article = "article", "Bài viết"
    entry.contact_name, entry.contact_address, entry.contact_phone = "Lan", "Hà Nội", "0912345678"
    entry.is_team, entry.team_members = True, "Nguyễn Thị Lan"
    assert [slug for slug, _what in entries.missing_fields(entry)] == ["authors"]
    entry.team_members += "\nTrần Văn Minh"
    assert entries.missing_fields(entry) == []


def test_only_the_contest_s_formats_are_offered_and_accepted(client, site_tree, entrant):
    contest = make_contest(site_tree.calls, allows_video_file=False, allows_video_link=False)
    entry = start_entry(client, contest)
    url = reverse("contests:section", args=[entry.pk, "content"])
    form = client.get(url).context["form"]
    assert [value for value, _label in form.fields["format"].choices] == ["article"]
    assert "video_file" not in form.fields and "video_url" not in form.fields
    response = client.post(url, {"format": "video_link", "save_continue": ""})
    assert response.context["form"].has_error("format")


def test_a_webm_clip_is_accepted(client, contest, entrant):
    entry = start_entry(client, contest)
    response = client.post(
        reverse("contests:section", args=[entry.pk, "content"]),
        {"format": "video_file", "video_file": clip("y-tuong.webm", "webm"), "save_draft": ""},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.video_name == "y-tuong.webm"
    video = client.get(reverse("contests:video", args=[entry.pk]))
    assert video["Content-Type"] == "video/webm"
    assert b"".join(video.streaming_content)[:4] == b"\x1a\x45\xdf\xa3"


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        # An executable renamed to look like a clip.
        (lambda: SimpleUploadedFile("y-tuong.mp4", b"\x7fELF\x02\x01\x01" + b"\0" * 500), "wrong_kind"),
        (lambda: SimpleUploadedFile("y-tuong.exe", b"MZ\x90\x00" + b"\0" * 500), "wrong_kind"),
        (lambda: SimpleUploadedFile("rong.mp4", b""), "empty"),
        # A QuickTime clip shares MP4's container but is not MP4.
        (
            lambda: SimpleUploadedFile("iphone.mp4", b"\0\0\0\x14ftypqt  \0\0\0\0qt  " + b"\0" * 100),
            "wrong_kind",
        ),
        # The right kind under the wrong name.
        (lambda: clip("y-tuong.webm", "mp4"), "name_mismatch"),
    ],
)
def test_what_is_not_a_clip_is_refused_and_the_rest_of_the_section_kept(
    client, contest, entrant, upload, code
):
    entry = start_entry(client, contest)
    response = client.post(
        reverse("contests:section", args=[entry.pk, "content"]),
        {"format": "video_file", "video_file": upload(), "save_continue": ""},
    )
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["video_file"]] == [code]
    assert "checked" in response.content.decode().split('value="video_file"')[1][:40]
    entry.refresh_from_db()
    assert not entry.video_file


def test_an_over_size_clip_is_refused_while_it_streams_in(client, contest, entrant, settings):
    settings.CONTEST_VIDEO_MAX_MB = 1
    entry = start_entry(client, contest)
    big = SimpleUploadedFile("lon.mp4", b"\0\0\0\x20ftypisom" + b"\0" * (2 * 1024 * 1024))
    response = client.post(
        reverse("contests:section", args=[entry.pk, "content"]),
        {"format": "video_file", "video_file": big, "save_continue": ""},
    )
    assert response.status_code == 200
    assert "1 MB" in " ".join(response.context["form"].errors["video_file"])
    entry.refresh_from_db()
    assert not entry.video_file


def test_an_uploaded_poster_is_kept_instead_of_a_frame(client, contest, entrant):
    entry = start_entry(client, contest)
    client.post(
        reverse("contests:section", args=[entry.pk, "content"]),
        {"format": "video_file", "video_file": clip(), "poster": png("bia.png"), "save_draft": ""},
    )
    entry.refresh_from_db()
    assert entry.poster.open("rb").read(4) == b"\x89PNG"


def test_a_video_link_must_be_youtube_vimeo_or_facebook(client, contest, entrant):
    entry = start_entry(client, contest)
    url = reverse("contests:section", args=[entry.pk, "content"])
    response = client.post(
        url, {"format": "video_link", "video_url": "https://example.org/clip", "save_draft": ""}
    )
    assert response.context["form"].has_error("video_url")
    response = client.post(
        url, {"format": "video_link", "video_url": "https://youtu.be/abcdefghijk", "save_draft": ""}
    )
    assert response.status_code == 302


def test_entries_are_refused_before_and_after_their_dates(client, site_tree, entrant):
    today = timezone.localdate()
    upcoming = make_contest(
        site_tree.calls, slug="sap-mo", intake_opens=today + DAY, intake_closes=today + 5 * DAY
    )
    response = client.get(reverse("contests:enter", args=[upcoming.pk]))
    assert response.status_code == 302 and response.headers["Location"] == upcoming.url
    closed = make_contest(site_tree.calls, slug="da-dong", entries_open=False)
    response = client.post(reverse("contests:enter", args=[closed.pk]), about(closed))
    assert not Entry.objects.exists()


def test_a_complete_draft_cannot_be_submitted_after_entries_close(contest, entrant):
    entry = Entry.objects.create(
        contest=contest,
        author=entrant,
        title="Bài dự thi",
        topic=contest.contest_topics.first(),
        unit=contest.units.first(),
        format="article",
        article="Bài viết",
        contact_name="Lan",
        contact_address="Hà Nội",
        contact_phone="0912345678",
    )
    contest.intake_closes = timezone.localdate() - datetime.timedelta(days=1)
    contest.save()
    with translation.override("en"), pytest.raises(entries.EntryError, match="closed"):
        entries.submit(entry, entrant)
    entry.refresh_from_db()
    assert not entry.is_submitted
    assert entries.status_of(entry) == entries.NOT_SUBMITTED


def test_too_many_attachments_are_refused(client, contest, entrant):
    entry = start_entry(client, contest)
    url = reverse("contests:section", args=[entry.pk, "attachments"])
    client.post(
        url, {"attachments": [png(f"anh-{n}.png") for n in range(entries.MAX_ATTACHMENTS)], "save_draft": ""}
    )
    assert entry.files.count() == entries.MAX_ATTACHMENTS
    response = client.post(url, {"attachments": [png("them.png")], "save_draft": ""})
    assert response.context["form"].has_error("attachments", "too_many_files")
    assert entry.files.count() == entries.MAX_ATTACHMENTS


def test_a_draft_is_deleted_with_its_files_after_confirmation(client, contest, entrant):
    entry = start_entry(client, contest)
    client.post(
        reverse("contests:section", args=[entry.pk, "attachments"]),
        {"attachments": [png()], "save_draft": ""},
    )
    stored = entry.files.get().file
    confirm = client.get(reverse("contests:delete", args=[entry.pk]))
    assert confirm.status_code == 200 and Entry.objects.exists()
    client.post(reverse("contests:delete", args=[entry.pk]))
    assert not Entry.objects.exists()
    assert not stored.storage.exists(stored.name)


def test_the_initiative_form_offers_open_grant_calls_but_no_contest(contest, site_tree):
    today = timezone.localdate()
    call = make_call(site_tree.calls, intake_opens=today - DAY, intake_closes=today + DAY)
    assert contest.accepts_entries()
    assert list(BasicsForm().fields["call"].queryset) == [call]


def test_a_clip_that_passed_its_checks_is_kept_when_another_field_is_refused(client, contest, entrant):
    entry = start_entry(client, contest)
    response = client.post(
        reverse("contests:section", args=[entry.pk, "content"]),
        {
            "format": "video_file",
            "video_file": clip(),
            "video_url": "https://example.org/x",
            "save_draft": "",
        },
    )
    assert response.status_code == 200 and response.context["form"].has_error("video_url")
    entry.refresh_from_db()
    assert entry.video_name == "y-tuong.mp4" and entry.video_file.storage.exists(entry.video_file.name)
    assert entry.poster
    # What else was typed is not saved, and comes back for correcting.
    assert entry.format == "" and "https://example.org/x" in response.content.decode()
