import io
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PILImage

from tests.builders import make_call, make_user


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def submitter(db):
    return verified(make_user("nguoi-nop@example.org", full_name="Người Nộp"))


@pytest.fixture
def submitter_client(client, submitter):
    client.force_login(submitter)
    return client


@pytest.fixture
def open_call(site_tree):
    today = timezone.localdate()
    return make_call(
        site_tree.calls,
        title="Đợt 2026",
        slug="dot-2026",
        intake_opens=today - timedelta(days=10),
        intake_closes=today + timedelta(days=20),
    )


def pdf(name: str = "xac-nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "application/pdf"
    )


def png(name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (200, 60, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


SECTION_DATA = {
    "basics": {
        "title": "Một cửa số xã Hòa Phong",
        "language": "vi",
        "summary": "Tiếp nhận hồ sơ trực tuyến.",
    },
    "classification": {
        "goals": ["egov", "feedback"],
        "innovation_types": ["service"],
        "stage": "pilot",
        "province": "48",
        "level": "commune",
        "proposer_type": "agency",
        "organisation": "UBND xã Hòa Phong",
    },
    "content": {
        "problem": "Người dân phải đi lại nhiều lần.",
        "solution": "Một cổng tiếp nhận trực tuyến.\n\nKết nối với bộ phận một cửa.",
        "results": "Giảm 60% số lần đi lại.",
        "beneficiaries": "Người dân trong xã.",
        "replicability": "Các xã khác có thể áp dụng.",
    },
    "endorsement": {
        "authority_name": "UBND huyện Hòa Vang",
        "authority_kind": "government",
        "authority_level": "district",
    },
    "media": {"video_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ"},
    "contact": {
        "contact_name": "Trần Văn Liên Hệ",
        "contact_phone": "0905 123 456",
        "contact_email": "lien-he@example.org",
        "contact_address": "Thôn 1, xã Hòa Phong",
        "co_author_emails": "",
    },
}


@pytest.fixture
def submission_with_co_author(submitter, site_tree):
    from submissions.models import Submission

    submission = Submission.objects.create(
        owner=submitter, data={"title": "Có đồng tác giả", "language": "vi"}
    )
    co_author = verified(make_user("dong-tac-gia@example.org"))
    submission.co_authors.add(co_author)
    return submission, co_author
