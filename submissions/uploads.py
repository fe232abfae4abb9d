"""Checking files that citizens upload with the public submission form.

The kind of a file is detected from its content, never from its name or the content type the browser
sends; the name must then agree with the content. Oversized files are refused while they stream in,
before they reach the disk (`SizeLimitUploadHandler`).

A view installs the handler before anything reads ``request.POST``. CsrfViewMiddleware reads it, so the
view is exempted and protected again inside, as Django's "Modifying upload handlers on the fly" shows::

    @csrf_exempt
    @login_required
    def submit(request):
        use_size_limited_uploads(request)
        return _submit(request)

    @csrf_protect
    def _submit(request):
        if request.method == "POST":
            form = SubmissionForm(request.POST, uploaded_files(request))
        else:
            form = SubmissionForm()
        ...

``uploaded_files(request)`` rather than ``request.FILES``: it adds a marker for each file the handler
skipped, so that the form field says why the file is missing.
"""

from __future__ import annotations

import math
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath
from typing import IO, Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from PIL import Image

MB = 1024 * 1024
MAX_PIXELS = 64_000_000  # above the 50 MP of phone cameras' full-resolution modes
MAX_ZIP_ENTRIES = 5_000  # a 300-slide deck with pictures has about a thousand parts
MAX_ZIP_UNCOMPRESSED_SIZE = 300 * MB  # spreadsheet XML packs about ten to one

Message = str | Promise


class FileKind(StrEnum):
    """The kinds of file accepted anywhere; the value is the name shown to people."""

    PDF = "PDF"
    JPEG = "JPEG"
    PNG = "PNG"
    DOCX = "DOCX"
    PPTX = "PPTX"
    XLSX = "XLSX"
    MP4 = "MP4"
    WEBM = "WebM"

    @property
    def extensions(self) -> tuple[str, ...]:
        """Accepted name endings, lower case without the dot; the first is the usual one."""
        return _EXTENSIONS[self]

    @property
    def mime_type(self) -> str:
        return _MIME_TYPES[self]


_EXTENSIONS: dict[FileKind, tuple[str, ...]] = {
    FileKind.PDF: ("pdf",),
    FileKind.JPEG: ("jpg", "jpeg"),
    FileKind.PNG: ("png",),
    FileKind.DOCX: ("docx",),
    FileKind.PPTX: ("pptx",),
    FileKind.XLSX: ("xlsx",),
    FileKind.MP4: ("mp4", "m4v"),
    FileKind.WEBM: ("webm",),
}
_OOXML = "application/vnd.openxmlformats-officedocument"
_MIME_TYPES: dict[FileKind, str] = {
    FileKind.PDF: "application/pdf",
    FileKind.JPEG: "image/jpeg",
    FileKind.PNG: "image/png",
    FileKind.DOCX: f"{_OOXML}.wordprocessingml.document",
    FileKind.PPTX: f"{_OOXML}.presentationml.presentation",
    FileKind.XLSX: f"{_OOXML}.spreadsheetml.sheet",
    FileKind.MP4: "video/mp4",
    FileKind.WEBM: "video/webm",
}
_SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", FileKind.PDF),
    (b"\xff\xd8\xff", FileKind.JPEG),
    (b"\x89PNG\r\n\x1a\n", FileKind.PNG),
)
_OFFICE_FOLDERS: tuple[tuple[str, FileKind], ...] = (
    ("word/", FileKind.DOCX),
    ("ppt/", FileKind.PPTX),
    ("xl/", FileKind.XLSX),
)
_IMAGE_KINDS = frozenset({FileKind.JPEG, FileKind.PNG})
# The brands of an ISO media file ("ftyp" box) that are MP4 video as phones and editors write it; QuickTime
# (.mov), audio-only (.m4a) and image (HEIC, AVIF) files share the container and are not accepted.
_MP4_BRANDS = frozenset(
    {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"MSNV", b"dash"}
)
_EBML_MAGIC = b"\x1a\x45\xdf\xa3"
_WEBM_DOCTYPE = b"\x42\x82\x84webm"  # the EBML element DocType, four bytes long, "webm"


@dataclass(frozen=True)
class UploadPolicy:
    kinds: tuple[FileKind, ...]
    max_size: int
    wrong_kind_message: Message  # with %(name)s

    @property
    def accept(self) -> str:
        """For the ``accept`` attribute, so that phones offer only suitable files (and the camera)."""
        return ",".join(kind.mime_type for kind in self.kinds)


ENDORSEMENT_SCAN = UploadPolicy(
    kinds=(FileKind.PDF, FileKind.JPEG, FileKind.PNG),
    max_size=10 * MB,
    wrong_kind_message=_(
        "“%(name)s” is not a PDF, JPEG or PNG file. Please upload the scan as PDF, JPEG or PNG."
    ),
)
IMAGES = UploadPolicy(
    kinds=(FileKind.JPEG, FileKind.PNG),
    max_size=5 * MB,
    wrong_kind_message=_("“%(name)s” is not a JPEG or PNG image. Please upload photos as JPEG or PNG."),
)
ATTACHMENTS = UploadPolicy(
    kinds=(FileKind.PDF, FileKind.DOCX, FileKind.PPTX, FileKind.XLSX),
    max_size=20 * MB,
    wrong_kind_message=_(
        "“%(name)s” is not a PDF, DOCX, PPTX or XLSX file. "
        "Please save it as PDF, Word (DOCX), PowerPoint (PPTX) or Excel (XLSX) and upload it again."
    ),
)
MAX_IMAGES = 10
MAX_FILE_SIZE = max(policy.max_size for policy in (ENDORSEMENT_SCAN, IMAGES, ATTACHMENTS))
# Ten images, one scan and five attachments at their limits.
MAX_REQUEST_SIZE = MAX_IMAGES * IMAGES.max_size + ENDORSEMENT_SCAN.max_size + 5 * ATTACHMENTS.max_size

EMPTY = _("“%(name)s” is empty. Please choose the file again.")
TOO_LARGE = _("“%(name)s” is %(size)s MB; the limit is %(limit)s MB. Please upload a smaller file.")
NAME_MISMATCH = _(
    "“%(name)s” is a %(kind)s file, but its name does not say so. "
    "Please rename it to end in .%(extension)s, or choose the right file."
)
ARCHIVE_TOO_LARGE = _(
    "“%(name)s” unpacks to more than %(limit)s MB or more than %(entries)s parts. "
    "Please make it smaller, or upload it as PDF."
)
CORRUPT_IMAGE = _("“%(name)s” is damaged or incomplete. Please take or save the picture again.")
TOO_MANY_PIXELS = _(
    "“%(name)s” has more than %(limit)s megapixels. Please upload a smaller picture, "
    "or take the photo at a lower resolution."
)
TOO_MANY_IMAGES = _("You chose %(count)s pictures; at most %(limit)s are allowed. Please remove some.")
NOT_UPLOADED_FILE = _(
    "“%(name)s” is larger than %(limit)s MB and was not uploaded. Please upload a smaller file."
)
NOT_UPLOADED_REQUEST = _(
    "“%(name)s” was not uploaded because all files together are larger than %(limit)s MB. "
    "Please send fewer or smaller files."
)


class ArchiveTooLarge(Exception):
    """A zip with too many entries or too much data once unpacked (a zip bomb, or close to one)."""


def detect_kind(file: UploadedFile | IO[bytes]) -> FileKind | None:
    """The kind of the file according to its content, or None if it is not one of `FileKind`.

    Raises `ArchiveTooLarge`. Reads from the start and leaves the file at the start.
    """
    file.seek(0)
    try:
        head = file.read(64)
        for signature, kind in _SIGNATURES:
            if head.startswith(signature):
                return kind
        if head.startswith(b"PK\x03\x04"):
            file.seek(0)
            return _office_kind(file)
        if head[4:8] == b"ftyp" and head[8:12] in _MP4_BRANDS:
            return FileKind.MP4
        if head.startswith(_EBML_MAGIC) and _WEBM_DOCTYPE in head:
            return FileKind.WEBM
        return None
    finally:
        file.seek(0)


def _office_kind(file: UploadedFile | IO[bytes]) -> FileKind | None:
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return None
    # Sizes as the archive declares them; whoever unpacks it later must still not trust them.
    if len(entries) > MAX_ZIP_ENTRIES or sum(e.file_size for e in entries) > MAX_ZIP_UNCOMPRESSED_SIZE:
        raise ArchiveTooLarge
    names = {e.filename for e in entries}
    # Macro-enabled documents (.docm, .xlsm, .pptm) renamed to the macro-free extension.
    if "[Content_Types].xml" not in names or any(n.endswith("vbaProject.bin") for n in names):
        return None
    for folder, kind in _OFFICE_FOLDERS:
        if any(n.startswith(folder) for n in names):
            return kind
    return None


def validate_upload(file: UploadedFile, policy: UploadPolicy) -> FileKind:
    """Check an uploaded file against a policy: size first, then kind, name and (for images) content."""
    name = file.name or ""
    size = file.size or 0
    if size == 0:
        raise ValidationError(EMPTY, code="empty", params={"name": name})
    if size > policy.max_size:
        params = {"name": name, "size": _size_mb(size), "limit": _limit_mb(policy.max_size)}
        raise ValidationError(TOO_LARGE, code="too_large", params=params)
    try:
        kind = detect_kind(file)
    except ArchiveTooLarge:
        params = {"name": name, "limit": _limit_mb(MAX_ZIP_UNCOMPRESSED_SIZE), "entries": MAX_ZIP_ENTRIES}
        raise ValidationError(ARCHIVE_TOO_LARGE, code="archive_too_large", params=params) from None
    if kind is None or kind not in policy.kinds:
        raise ValidationError(policy.wrong_kind_message, code="wrong_kind", params={"name": name})
    if PurePath(name).suffix.lower().removeprefix(".") not in kind.extensions:
        params = {"name": name, "kind": kind.value, "extension": kind.extensions[0]}
        raise ValidationError(NAME_MISMATCH, code="name_mismatch", params=params)
    if kind in _IMAGE_KINDS:
        _check_image(file, kind, name)
    return kind


def _check_image(file: UploadedFile | IO[bytes], kind: FileKind, name: str) -> None:
    too_many_pixels = ValidationError(
        TOO_MANY_PIXELS, code="too_many_pixels", params={"name": name, "limit": MAX_PIXELS // 1_000_000}
    )
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(file, formats=[kind.value]) as image:  # Pillow's format names are ours
                if image.width * image.height > MAX_PIXELS:
                    raise too_many_pixels
                if kind is FileKind.JPEG:
                    # verify() does not look at JPEG data; decoding at 1/8 scale does, and cheaply.
                    image.draft(None, (max(1, image.width // 8), max(1, image.height // 8)))
                    image.load()
                else:
                    image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many_pixels from None
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds of exception for broken files, as Django's ImageField knows.
        raise ValidationError(CORRUPT_IMAGE, code="corrupt_image", params={"name": name}) from None
    finally:
        file.seek(0)


def _size_mb(size: int) -> str:
    # Rounded up, so that a file one byte over a 10 MB limit does not show as "10.0 MB".
    return number_format(math.ceil(size * 10 / MB) / 10, decimal_pos=1)


def _limit_mb(size: int) -> str:
    return number_format(size / MB, decimal_pos=0 if size % MB == 0 else 1)


# Skipped uploads ---------------------------------------------------------------------------------------


class SkipReason(StrEnum):
    FILE_TOO_LARGE = "file_too_large"
    REQUEST_TOO_LARGE = "request_too_large"


@dataclass(frozen=True, slots=True)
class SkippedUpload:
    """A file refused while streaming in; stands in for it in `uploaded_files`."""

    field_name: str
    file_name: str
    reason: SkipReason
    limit: int  # bytes: the limit that the file (or the request) went over

    def error(self, policy: UploadPolicy) -> ValidationError:
        if self.reason is SkipReason.REQUEST_TOO_LARGE:
            params = {"name": self.file_name, "limit": _limit_mb(self.limit)}
            return ValidationError(NOT_UPLOADED_REQUEST, code="not_uploaded", params=params)
        # The file is over both limits when the field's is lower; that one is what the person can act on.
        params = {"name": self.file_name, "limit": _limit_mb(min(self.limit, policy.max_size))}
        return ValidationError(NOT_UPLOADED_FILE, code="not_uploaded", params=params)


class SizeLimitUploadHandler(FileUploadHandler):
    """Skips each file that grows over ``max_file_size`` or would take the request over ``max_request_size``.

    Must come first in ``request.upload_handlers`` so that the handlers that store data never see the
    refused chunk (Django then closes and deletes what they stored of that file). Skipped files are
    listed in ``request.skipped_uploads``; the other files and the text fields are kept.
    """

    def __init__(
        self,
        request: HttpRequest | None = None,
        *,
        max_file_size: int = MAX_FILE_SIZE,
        max_request_size: int = MAX_REQUEST_SIZE,
    ) -> None:
        super().__init__(request)
        self.max_file_size = max_file_size
        self.max_request_size = max_request_size
        self.skipped: list[SkippedUpload] = []
        self._kept = 0  # bytes of the files completed so far
        self._refuse_all = False
        if request is not None:
            request.skipped_uploads = self.skipped  # type: ignore[attr-defined]

    def handle_raw_input(
        self, input_data: Any, META: Any, content_length: int, boundary: Any, encoding: str | None = None
    ) -> None:
        # Known too large from the header: skip every file straight away, but keep the text fields so that
        # the person does not have to type them again.
        self._refuse_all = content_length > self.max_request_size

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        # Refusing here rather than in new_file(): a SkipFile there would make Django close the previous,
        # already accepted file, which the storing handler still holds.
        end = start + len(raw_data)
        if self._refuse_all:
            self._skip(SkipReason.REQUEST_TOO_LARGE, self.max_request_size)
        if end > self.max_file_size:
            self._skip(SkipReason.FILE_TOO_LARGE, self.max_file_size)
        if self._kept + end > self.max_request_size:
            self._skip(SkipReason.REQUEST_TOO_LARGE, self.max_request_size)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        self._kept += file_size
        return None  # the next handler provides the file object

    def _skip(self, reason: SkipReason, limit: int) -> None:
        self.skipped.append(SkippedUpload(self.field_name, self.file_name or "", reason, limit))
        raise SkipFile


def use_size_limited_uploads(
    request: HttpRequest, *, max_file_size: int = MAX_FILE_SIZE, max_request_size: int = MAX_REQUEST_SIZE
) -> SizeLimitUploadHandler:
    """Put a `SizeLimitUploadHandler` first; call before anything reads ``request.POST`` or ``FILES``."""
    handler = SizeLimitUploadHandler(request, max_file_size=max_file_size, max_request_size=max_request_size)
    # The setter, unlike list.insert, raises if the body has already been parsed.
    request.upload_handlers = [handler, *request.upload_handlers]
    return handler


def skipped_uploads(request: HttpRequest) -> list[SkippedUpload]:
    return getattr(request, "skipped_uploads", [])


def uploaded_files(request: HttpRequest) -> MultiValueDict[str, UploadedFile | SkippedUpload]:
    """``request.FILES`` plus a `SkippedUpload` for each skipped file, for binding forms."""
    files: MultiValueDict[str, UploadedFile | SkippedUpload] = request.FILES.copy()
    for skipped in skipped_uploads(request):
        files.appendlist(skipped.field_name, skipped)
    return files


# Form fields -------------------------------------------------------------------------------------------


class ValidatedFileField(forms.FileField):
    """A file checked against an `UploadPolicy` (size, then kind, name and content)."""

    def __init__(self, *, policy: UploadPolicy, **kwargs: Any) -> None:
        self.policy = policy  # before super().__init__(), which calls widget_attrs()
        # An empty file gets our message, which names it, rather than Django's.
        kwargs["allow_empty_file"] = True
        super().__init__(**kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = self.policy.accept
        return attrs

    def clean(self, data: Any, initial: Any = None) -> Any:
        if isinstance(data, SkippedUpload):
            raise data.error(self.policy)
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):  # not the file already saved (initial) nor False (cleared)
            validate_upload(value, self.policy)
        return value


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(ValidatedFileField):
    """Up to ``max_count`` pictures; cleans to a list. Reports the problems of all files at once."""

    widget = MultipleFileInput

    def __init__(self, *, policy: UploadPolicy = IMAGES, max_count: int = MAX_IMAGES, **kwargs: Any) -> None:
        self.max_count = max_count
        super().__init__(policy=policy, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        uploads: Sequence[Any] = data if isinstance(data, list | tuple) else [data]
        uploads = [upload for upload in uploads if upload]
        if not uploads:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(uploads) > self.max_count:
            params = {"count": len(uploads), "limit": self.max_count}
            raise ValidationError(TOO_MANY_IMAGES, code="too_many_files", params=params)
        cleaned: list[UploadedFile] = []
        errors: list[ValidationError] = []
        for upload in uploads:
            try:
                cleaned.append(super().clean(upload))
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return cleaned
