import io
import json
import struct
import zipfile
import zlib

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import SkipFile
from django.http import JsonResponse
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from PIL import Image

from submissions import uploads
from submissions.uploads import (
    ATTACHMENTS,
    ENDORSEMENT_SCAN,
    IMAGES,
    MB,
    FileKind,
    MultipleImageField,
    SizeLimitUploadHandler,
    SkippedUpload,
    SkipReason,
    ValidatedFileField,
    detect_kind,
    skipped_uploads,
    uploaded_files,
    use_size_limited_uploads,
    validate_upload,
)


@pytest.fixture(autouse=True)
def _english():
    # The site defaults to Vietnamese; these tests read the English msgids.
    with translation.override("en"):
        yield


# Real files, built small -------------------------------------------------------------------------------


def pdf(size: int = 200) -> bytes:
    header = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    return header + b"0" * (size - len(header))


def _png_chunk(chunk_type: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + chunk_type + data + struct.pack(">I", zlib.crc32(chunk_type + data))


def picture(image_format: str = "PNG", dimensions: tuple[int, int] = (64, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", dimensions, (10, 120, 90)).save(buffer, format=image_format)
    return buffer.getvalue()


def png_of_size(size: int) -> bytes:
    """A valid PNG padded to exactly ``size`` bytes with a private ancillary chunk before IEND."""
    data = picture()
    padding = size - len(data) - 12
    return data[:-12] + _png_chunk(b"paDd", b"0" * padding) + data[-12:]


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims the given dimensions (a decompression bomb needs no more)."""
    data = picture()
    ihdr = struct.pack(">II", width, height) + data[24:29]
    return data[:8] + _png_chunk(b"IHDR", ihdr) + data[33:]


OFFICE_MAIN_PARTS = {"word/": "word/document.xml", "ppt/": "ppt/presentation.xml", "xl/": "xl/workbook.xml"}


def office(folder: str = "word/", extra: dict[str, bytes] | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        archive.writestr(OFFICE_MAIN_PARTS[folder], '<?xml version="1.0"?><document/>')
        for name, content in (extra or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


SMALLER = "Please upload a smaller file."


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def refused(policy, name: str, content: bytes) -> list[ValidationError]:
    with pytest.raises(ValidationError) as caught:
        validate_upload(upload(name, content), policy)
    return caught.value.error_list


def messages(policy, name: str, content: bytes) -> list[str]:
    return [message for error in refused(policy, name, content) for message in error.messages]


def codes(policy, name: str, content: bytes) -> list[str]:
    return [error.code for error in refused(policy, name, content)]


def multi(files: dict) -> MultiValueDict:
    return MultiValueDict({k: v if isinstance(v, list) else [v] for k, v in files.items()})


# Kinds -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "name", "content", "kind"),
    [
        (ENDORSEMENT_SCAN, "scan.pdf", pdf(), FileKind.PDF),
        (ENDORSEMENT_SCAN, "scan.jpg", picture("JPEG"), FileKind.JPEG),
        (ENDORSEMENT_SCAN, "scan.png", picture(), FileKind.PNG),
        (IMAGES, "IMG_0001.JPG", picture("JPEG"), FileKind.JPEG),
        (IMAGES, "photo.jpeg", picture("JPEG"), FileKind.JPEG),
        (IMAGES, "photo.png", picture(), FileKind.PNG),
        (ATTACHMENTS, "plan.pdf", pdf(), FileKind.PDF),
        (ATTACHMENTS, "plan.docx", office("word/"), FileKind.DOCX),
        (ATTACHMENTS, "slides.pptx", office("ppt/"), FileKind.PPTX),
        (ATTACHMENTS, "budget.xlsx", office("xl/"), FileKind.XLSX),
    ],
)
def test_each_kind_is_accepted(policy, name, content, kind):
    file = upload(name, content)
    assert validate_upload(file, policy) is kind
    assert file.tell() == 0  # left ready to be saved


@pytest.mark.parametrize(
    "content",
    [
        b"<?php system($_GET['c']); ?>",
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        picture("GIF"),
        b"Just some text\n",
        b"#!/bin/sh\nrm -rf /\n",
        b"MZ\x90\x00\x03\x00\x00\x00",
    ],
    ids=["php", "html", "svg", "gif", "text", "script", "exe"],
)
def test_other_content_named_pdf_is_refused(content):
    assert messages(ENDORSEMENT_SCAN, "scan.pdf", content) == [
        "“scan.pdf” is not a PDF, JPEG or PNG file. Please upload the scan as PDF, JPEG or PNG."
    ]


def test_a_png_named_pdf_is_refused():
    assert messages(ENDORSEMENT_SCAN, "scan.pdf", picture()) == [
        "“scan.pdf” is a PNG file, but its name does not say so. "
        "Please rename it to end in .png, or choose the right file."
    ]


def test_a_name_without_extension_is_refused():
    assert codes(ENDORSEMENT_SCAN, "scan", pdf()) == ["name_mismatch"]


def test_a_kind_outside_the_policy_is_refused():
    assert messages(IMAGES, "plan.docx", office()) == [
        "“plan.docx” is not a JPEG or PNG image. Please upload photos as JPEG or PNG."
    ]


def test_an_empty_file_is_refused():
    assert messages(ATTACHMENTS, "plan.pdf", b"") == ["“plan.pdf” is empty. Please choose the file again."]


def plain_zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        plain_zip({"notes.txt": b"hello"}),
        plain_zip({"word/document.xml": b"<document/>"}),  # no [Content_Types].xml
        office("word/", extra={"word/vbaProject.bin": b"macro"}),  # a .docm renamed
        office("word/")[:300],  # truncated, no central directory
    ],
    ids=["plain", "no-content-types", "macros", "truncated"],
)
def test_a_zip_that_is_not_office_is_refused(content):
    assert codes(ATTACHMENTS, "plan.docx", content) == ["wrong_kind"]


def test_a_zip_with_very_many_entries_is_refused():
    content = office("word/", extra={f"word/media/{n}.xml": b"" for n in range(uploads.MAX_ZIP_ENTRIES)})
    assert messages(ATTACHMENTS, "plan.docx", content) == [
        "“plan.docx” unpacks to more than 300 MB or more than 5000 parts. "
        "Please make it smaller, or upload it as PDF."
    ]


def test_a_zip_that_unpacks_too_large_is_refused(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_ZIP_UNCOMPRESSED_SIZE", 100_000)
    content = office("xl/", extra={"xl/worksheets/sheet1.xml": b"0" * 100_001})
    assert len(content) < 5_000
    assert codes(ATTACHMENTS, "budget.xlsx", content) == ["archive_too_large"]


def test_detection_leaves_the_file_at_the_start():
    file = upload("plan.docx", office())
    file.seek(5)
    assert detect_kind(file) is FileKind.DOCX
    assert file.tell() == 0


# Images ------------------------------------------------------------------------------------------------


def test_a_corrupt_png_is_refused():
    content = bytearray(picture())
    content[-20] ^= 0xFF  # inside the image data: the checksum no longer matches
    assert messages(IMAGES, "photo.png", bytes(content)) == [
        "“photo.png” is damaged or incomplete. Please take or save the picture again."
    ]


def test_a_truncated_jpeg_is_refused():
    content = picture("JPEG", (640, 480))
    assert codes(IMAGES, "photo.jpg", content[: len(content) // 2]) == ["corrupt_image"]


@pytest.mark.parametrize("side", [9_000, 10_000, 20_000], ids=["own-limit", "pillow-warning", "pillow-error"])
def test_an_image_with_absurdly_many_pixels_is_refused(side):
    assert messages(IMAGES, "bomb.png", png_claiming(side, side)) == [
        "“bomb.png” has more than 64 megapixels. Please upload a smaller picture, "
        "or take the photo at a lower resolution."
    ]


# Size limits -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("policy", "name", "build", "shown"),
    [
        (ENDORSEMENT_SCAN, "scan.pdf", pdf, "“scan.pdf” is 10.1 MB; the limit is 10 MB."),
        (IMAGES, "photo.png", png_of_size, "“photo.png” is 5.1 MB; the limit is 5 MB."),
        (ATTACHMENTS, "plan.pdf", pdf, "“plan.pdf” is 20.1 MB; the limit is 20 MB."),
    ],
)
def test_size_limits(policy, name, build, shown):
    assert validate_upload(upload(name, build(policy.max_size)), policy)
    assert messages(policy, name, build(policy.max_size + 1)) == [f"{shown} Please upload a smaller file."]


def test_size_is_checked_before_kind():
    too_large_html = b"<html>" + b"0" * ENDORSEMENT_SCAN.max_size
    assert codes(ENDORSEMENT_SCAN, "scan.pdf", too_large_html) == ["too_large"]


def test_sizes_follow_the_language():
    with translation.override("vi"):
        error = refused(ENDORSEMENT_SCAN, "scan.pdf", pdf(12 * MB + MB // 4))[0]
    assert error.params["size"] == "12,3"


# Form fields -------------------------------------------------------------------------------------------


class SubmissionForm(forms.Form):
    title = forms.CharField()
    scan = ValidatedFileField(policy=ENDORSEMENT_SCAN)
    images = MultipleImageField(required=False)
    attachment = ValidatedFileField(policy=ATTACHMENTS, required=False)


def test_widgets_tell_phones_what_to_offer():
    form = SubmissionForm()
    assert 'accept="application/pdf,image/jpeg,image/png"' in str(form["scan"])
    assert 'accept="image/jpeg,image/png"' in str(form["images"])
    assert "multiple" in str(form["images"])
    assert "wordprocessingml.document" in str(form["attachment"])


def test_the_form_accepts_good_files():
    files = {
        "scan": upload("scan.pdf", pdf()),
        "images": [upload(f"{n}.jpg", picture("JPEG")) for n in range(10)],
        "attachment": upload("plan.docx", office()),
    }
    form = SubmissionForm({"title": "Sáng kiến"}, multi(files))
    assert form.is_valid(), form.errors
    assert len(form.cleaned_data["images"]) == 10


def test_more_than_ten_images_are_refused():
    images = [upload(f"{n}.png", picture()) for n in range(11)]
    form = SubmissionForm({"title": "x"}, multi({"scan": upload("scan.pdf", pdf()), "images": images}))
    assert form.errors == {"images": ["You chose 11 pictures; at most 10 are allowed. Please remove some."]}


def test_all_bad_images_are_reported_at_once():
    images = [upload("a.png", picture()), upload("b.gif", picture("GIF")), upload("c.pdf", pdf())]
    form = SubmissionForm({"title": "x"}, multi({"scan": upload("scan.pdf", pdf()), "images": images}))
    assert form.errors["images"] == [
        "“b.gif” is not a JPEG or PNG image. Please upload photos as JPEG or PNG.",
        "“c.pdf” is not a JPEG or PNG image. Please upload photos as JPEG or PNG.",
    ]


def test_a_required_file_field_still_says_so():
    form = SubmissionForm({"title": "x"}, multi({}))
    assert form.errors == {"scan": ["This field is required."]}


def test_a_skipped_file_is_reported_by_its_field():
    files = multi({"scan": upload("scan.pdf", pdf())})
    for field, name in [("attachment", "video.pdf"), ("images", "big.jpg")]:
        files.appendlist(field, SkippedUpload(field, name, SkipReason.FILE_TOO_LARGE, 20 * MB))
    form = SubmissionForm({"title": "x"}, files)
    assert form.errors == {
        # The images field names its own limit, which the file is also over.
        "images": [f"“big.jpg” is larger than 5 MB and was not uploaded. {SMALLER}"],
        "attachment": [f"“video.pdf” is larger than 20 MB and was not uploaded. {SMALLER}"],
    }


# Upload handler ----------------------------------------------------------------------------------------


def multipart_request(data: dict):
    return RequestFactory().generic("POST", "/submit/", encode_multipart(BOUNDARY, data), MULTIPART_CONTENT)


def test_the_handler_skips_a_file_over_the_limit_and_keeps_the_rest():
    request = multipart_request(
        {
            "title": "Sáng kiến",
            "scan": upload("scan.pdf", pdf()),
            "attachment": upload("video.pdf", pdf(uploads.MAX_FILE_SIZE + 1)),
            "images": upload("photo.png", picture()),
        }
    )
    use_size_limited_uploads(request)

    assert request.POST["title"] == "Sáng kiến"
    assert skipped_uploads(request) == [
        SkippedUpload("attachment", "video.pdf", SkipReason.FILE_TOO_LARGE, 20 * MB)
    ]
    assert sorted(request.FILES) == ["images", "scan"]
    # The file received before the skipped one is intact (and not closed by the skip).
    assert request.FILES["scan"].read() == pdf()
    form = SubmissionForm(request.POST, uploaded_files(request))
    assert form.errors == {
        "attachment": ["“video.pdf” is larger than 20 MB and was not uploaded. Please upload a smaller file."]
    }


@pytest.mark.parametrize(("size", "kept"), [(1000, True), (1001, False)])
def test_the_handler_limit_is_inclusive(size, kept):
    request = multipart_request({"attachment": upload("plan.pdf", pdf(size))})
    use_size_limited_uploads(request, max_file_size=1000)
    assert ("attachment" in request.FILES) is kept
    assert len(skipped_uploads(request)) == (not kept)


def test_a_request_announced_too_large_skips_every_file_but_keeps_the_text():
    request = multipart_request(
        {"title": "Sáng kiến", "scan": upload("scan.pdf", pdf(MB)), "images": upload("a.png", picture())}
    )
    use_size_limited_uploads(request, max_request_size=MB)

    assert request.POST["title"] == "Sáng kiến"
    assert request.FILES == {}
    assert [(s.field_name, s.reason) for s in skipped_uploads(request)] == [
        ("scan", SkipReason.REQUEST_TOO_LARGE),
        ("images", SkipReason.REQUEST_TOO_LARGE),
    ]
    form = SubmissionForm(request.POST, uploaded_files(request))
    assert form.errors["scan"] == [
        "“scan.pdf” was not uploaded because all files together are larger than 1 MB. "
        "Please send fewer or smaller files."
    ]


def test_the_handler_counts_streamed_bytes_not_only_the_header():
    request = RequestFactory().post("/")
    handler = SizeLimitUploadHandler(request, max_file_size=100, max_request_size=150)
    handler.handle_raw_input(None, {}, 10, BOUNDARY)  # a header that understates the body
    handler.new_file("images", "a.png", "image/png", None)
    assert handler.receive_data_chunk(b"x" * 100, 0) == b"x" * 100
    handler.file_complete(100)
    handler.new_file("images", "b.png", "image/png", None)
    handler.receive_data_chunk(b"x" * 40, 0)
    with pytest.raises(SkipFile):
        handler.receive_data_chunk(b"x" * 40, 40)
    assert skipped_uploads(request) == [SkippedUpload("images", "b.png", SkipReason.REQUEST_TOO_LARGE, 150)]


def test_the_handler_cannot_be_installed_after_the_body_was_read():
    request = multipart_request({"title": "x"})
    assert request.POST["title"] == "x"
    with pytest.raises(AttributeError, match="after the upload has been processed"):
        use_size_limited_uploads(request)


# The view pattern from the module docstring, with CSRF protection really checked ------------------------

CSRF_SECRET = "abcdefghijklmnopqrstuvwxyzABCDEF"


@csrf_exempt
def submit(request):
    use_size_limited_uploads(request, max_file_size=1000)
    return _submit(request)


@csrf_protect
def _submit(request):
    form = SubmissionForm(request.POST, uploaded_files(request))
    return JsonResponse(form.errors.get_json_data())


def _post_to_view(data: dict):
    request = multipart_request(data)
    request.COOKIES["csrftoken"] = CSRF_SECRET
    return submit(request)


def test_the_view_pattern_reports_skipped_files_as_formrefused():
    response = _post_to_view(
        {"csrfmiddlewaretoken": CSRF_SECRET, "title": "x", "scan": upload("scan.pdf", pdf(1001))}
    )
    assert response.status_code == 200
    assert json.loads(response.content)["scan"][0]["code"] == "not_uploaded"


def test_the_view_pattern_still_checks_csrf():
    assert _post_to_view({"title": "x", "scan": upload("scan.pdf", pdf())}).status_code == 403
