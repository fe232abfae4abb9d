"""Bad input gets a clear error, loses nothing typed, and never causes a 500."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Submission, SubmissionFile
from tests.builders import SECTION_DATA, pdf, png
from tests.languages import vi


@pytest.fixture
def submission(submitter_client, submitter, site_tree):
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    return Submission.objects.get()


def post_section(client, submission, slug, data):
    return client.post(reverse("submissions:section", args=[submission.pk, slug]), data)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("trojan.pdf", b"<?php system($_GET['c']); ?>"),
        ("page.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("empty.pdf", b""),
    ],
)
def test_disguised_files_are_refused_and_the_typed_values_kept(submitter_client, submission, name, content):
    data = {**SECTION_DATA["endorsement"], "scan": SimpleUploadedFile(name, content, "application/pdf")}
    response = post_section(submitter_client, submission, "endorsement", data)
    assert response.status_code == 200
    assert response.context["form"].errors["scan"]
    assert 'value="UBND huyện Hòa Vang"' in response.content.decode()
    assert not submission.files.exists()


def test_an_oversized_scan_is_refused(submitter_client, submission):
    big = SimpleUploadedFile("to.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), "application/pdf")
    response = post_section(submitter_client, submission, "endorsement", {"scan": big})
    assert "10" in str(response.context["form"].errors["scan"])
    assert not submission.files.exists()


def test_an_oversized_image_is_refused_but_the_good_one_kept(submitter_client, submission):
    huge = SimpleUploadedFile("lon.png", png().read() + b"\0" * (5 * 1024 * 1024), "image/png")
    response = post_section(submitter_client, submission, "media", {"images": [huge]})
    assert response.context["form"].errors["images"]
    response = post_section(
        submitter_client, submission, "media", {"images": [png("tot.png")], "video_url": "nope"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["video_url"]
    assert (
        submission.files.filter(role=SubmissionFile.Role.IMAGE).count() == 1
    )  # kept despite the other error
    assert "tot.png" in response.content.decode()


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "youtube chấm com",
            "Enter the whole address of the video, as your browser shows it, starting with https://.",
        ),
        ("https://example.org/video.mp4", "Give a link to a video on YouTube, Vimeo or Facebook."),
    ],
)
def test_a_bad_video_link_gets_one_message_and_stays_in_the_box(submitter_client, submission, typed, message):
    response = post_section(submitter_client, submission, "media", {"video_url": typed})
    [error] = response.context["form"].errors["video_url"]
    assert error == vi(message)
    assert response.context["form"]["video_url"].value() == typed


def test_no_more_than_ten_images(submitter_client, submission):
    post_section(submitter_client, submission, "media", {"images": [png(f"{n}.png") for n in range(8)]})
    response = post_section(
        submitter_client, submission, "media", {"images": [png(f"b{n}.png") for n in range(3)]}
    )
    assert response.context["form"].errors["images"]
    assert submission.files.filter(role=SubmissionFile.Role.IMAGE).count() == 8


def test_attachments_accept_office_files_and_refuse_others(submitter_client, submission):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    docx = SimpleUploadedFile("bao-cao.docx", buffer.getvalue())
    post_section(submitter_client, submission, "media", {"attachments": [docx, pdf("phu-luc.pdf")]})
    assert submission.files.filter(role=SubmissionFile.Role.ATTACHMENT).count() == 2
    response = post_section(
        submitter_client, submission, "media", {"attachments": [SimpleUploadedFile("x.xlsx", b"MZ\x90\x00")]}
    )
    assert response.context["form"].errors["attachments"]


def test_missing_fields_do_not_block_saving_a_draft(submitter_client, submission):
    response = post_section(submitter_client, submission, "content", {"problem": "Chỉ mới có vấn đề."})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.data["problem"] == "Chỉ mới có vấn đề."


SCRIPT = "<script>alert('x')</script>"


def test_script_in_every_text_field_is_stored_as_text_and_shown_escaped(submitter_client, submission):
    for slug in ("basics", "classification", "content", "endorsement", "contact"):
        data = {
            name: (f"{value} {SCRIPT}" if isinstance(value, str) and name not in TYPED_FIELDS else value)
            for name, value in SECTION_DATA[slug].items()
        }
        assert post_section(submitter_client, submission, slug, data).status_code == 302, slug
    submission.refresh_from_db()
    assert SCRIPT in submission.data["title"] and SCRIPT in submission.data["problem"]
    html = submitter_client.get(reverse("submissions:review", args=[submission.pk])).content.decode()
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


TYPED_FIELDS = {
    "language",
    "stage",
    "province",
    "level",
    "proposer_type",
    "authority_kind",
    "authority_level",
    "contact_phone",
    "contact_email",
    "co_author_emails",
}


def test_very_long_text_is_refused_with_the_limit_and_kept_in_the_form(submitter_client, submission):
    long_text = "Rất dài. " * 2000
    response = post_section(submitter_client, submission, "content", {"problem": long_text})
    assert response.status_code == 200
    assert "10000" in str(response.context["form"].errors["problem"]).replace(".", "").replace(",", "")
    assert "Rất dài. Rất dài." in response.content.decode()


def test_decomposed_vietnamese_is_stored_composed(submitter_client, submission):
    decomposed = "Nguye\u0302\u0303n Va\u0306n A\u0301nh"
    post_section(submitter_client, submission, "contact", {"contact_name": decomposed})
    submission.refresh_from_db()
    assert submission.data["contact_name"] == "Nguyễn Văn Ánh"


def test_bad_phone_and_email_say_what_to_fix(submitter_client, submission):
    response = post_section(
        submitter_client, submission, "contact", {"contact_phone": "abc", "contact_email": "khong-phai-email"}
    )
    errors = response.context["form"].errors
    assert "contact_phone" in errors and "contact_email" in errors
    assert 'value="abc"' in response.content.decode()


def test_unknown_section_is_not_found(submitter_client, submission):
    response = submitter_client.get(reverse("submissions:section", args=[submission.pk, "khong-co"]))
    assert response.status_code == 404


def test_a_file_over_the_largest_limit_is_not_even_written_to_disk(submitter_client, submission):
    giant = SimpleUploadedFile("khong-lo.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024), "application/pdf")
    response = post_section(submitter_client, submission, "media", {"attachments": [giant], "video_url": ""})
    assert response.status_code == 200
    assert "khong-lo.pdf" in str(response.context["form"].errors["attachments"])
    assert not submission.files.exists()
