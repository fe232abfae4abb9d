"""Small builders for test data, shared by every app's tests: page trees, initiatives, people, uploads and
submissions made in code, as the tests need them."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from calls.models import CallIndexPage, CallPage
from core.text import ascii_slug
from halls.models import HallPage
from home.models import HomePage
from initiatives.models import (
    ENDORSEMENTS_COLLECTION_NAME,
    SCREENERS_GROUP_NAME,
    Goal,
    InitiativeGalleryImage,
    InitiativePage,
    InnovationType,
    IntakePage,
    ProposerType,
    Province,
    Stage,
)
from submissions.models import Submission, SubmissionFile
from submissions.services import add_files, submit

USER_PASSWORD = "a-long-test-password"
SIGNUP_PASSWORD = "ruong-bac-thang-2024"


@dataclass
class SiteTree:
    home: HomePage
    expo: HallPage
    community: HallPage
    intake: IntakePage
    calls: CallIndexPage


def fresh(page: Page) -> Page:
    """`page` read again from the database: a test's own copy of a page built once for its module."""
    return type(page).objects.get(pk=page.pk)


def fresh_tree(tree: SiteTree) -> SiteTree:
    return SiteTree(**{field.name: fresh(getattr(tree, field.name)) for field in fields(tree)})


def make_user(email: str = "someone@example.org", **fields):
    return get_user_model().objects.create_user(email=email, password=USER_PASSWORD, **fields)


def make_screener(email: str = "sang-loc@example.org", **fields):
    user = make_user(email, **fields)
    user.groups.add(Group.objects.get(name=SCREENERS_GROUP_NAME))
    return user


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def signup_data(**overrides) -> dict:
    """What the sign-up form sends, filled in."""
    data = {
        "email": "nguoi.dan@example.org",
        "full_name": "Nguyễn Thị Hoa",
        "organisation": "",
        "proposer_type": ProposerType.objects.get(code="citizen").pk,
        "province_2025": "da-nang",
        "phone": "0912 345 678",
        "password1": SIGNUP_PASSWORD,
        "password2": SIGNUP_PASSWORD,
        "website": "",
    }
    data.update(overrides)
    return data


def build_site_tree(locale_code: str = "vi") -> SiteTree:
    locale, _created = Locale.objects.get_or_create(language_code=locale_code)
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Triển lãm số", slug="home", locale=locale)
    root.add_child(instance=home)
    # The Wagtail Site at the configured address of the site, as a server should be set up.
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    port = address.port or {"http": 80, "https": 443}[address.scheme]
    Site.objects.create(is_default_site=True, hostname=address.hostname, port=port, root_page=home)
    expo = home.add_child(instance=HallPage(title="Gian Triển lãm số", slug="gian-trien-lam-so", kind="expo"))
    community = home.add_child(
        instance=HallPage(title="Gian Cộng đồng", slug="gian-cong-dong", kind="community")
    )
    intake = home.add_child(instance=IntakePage(title="Tiếp nhận", slug="tiep-nhan"))
    calls = home.add_child(instance=CallIndexPage(title="Đợt tiếp nhận", slug="dot-tiep-nhan"))
    return SiteTree(home=home, expo=expo, community=community, intake=intake, calls=calls)


def add_english_tree(tree: SiteTree) -> SiteTree:
    """English translations of the structural pages of a Vietnamese tree, published; returns them."""
    english = Locale.objects.get_or_create(language_code="en")[0]

    def translated(page: Page, slug: str, title: str) -> Page:
        copy = page.copy_for_translation(english, copy_parents=True)
        copy.slug, copy.title = slug, title
        copy.save_revision().publish()
        return copy.specific_class.objects.get(pk=copy.pk)

    home = translated(tree.home, "home-en", "Digital Expo")
    return SiteTree(
        home=home,
        expo=translated(tree.expo, "expo-hall", "Expo Hall"),
        community=translated(tree.community, "community-hall", "Community Hall"),
        intake=translated(tree.intake, "intake", "Intake"),
        calls=translated(tree.calls, "calls", "Calls"),
    )


def make_call(index: CallIndexPage, **fields) -> CallPage:
    values = {
        "title": "CPII 2021",
        "slug": "cpii-2021",
        "organiser": "UNDP",
        "intake_opens": date(2021, 5, 5),
        "intake_closes": date(2021, 6, 30),
    }
    values.update(fields)
    return index.add_child(instance=CallPage(**values))


def make_document(title: str = "Scan", *, private: bool = True, content: bytes = b"%PDF-1.4\n%demo\n"):
    collection = (
        Collection.objects.get(name=ENDORSEMENTS_COLLECTION_NAME)
        if private
        else Collection.get_first_root_node()
    )
    document = get_document_model()(title=title, collection=collection)
    document.file.save("scan.pdf", ContentFile(content), save=False)
    document.save()
    return document


def make_image(title: str = "Picture"):
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 40), (10, 120, 90)).save(buffer, format="PNG")
    image = get_image_model()(
        title=title, collection=Collection.get_first_root_node(), file=ImageFile(buffer, name="picture.png")
    )
    image.save()
    return image


def make_initiative(
    parent: Page,
    title: str = "Một cửa điện tử",
    *,
    province: str = "01",
    stage: str = "pilot",
    proposer: str = "agency",
    goals: tuple[str, ...] = ("egov",),
    types: tuple[str, ...] = ("service",),
    endorsed: bool | None = None,
    images: int = 0,
    publish: bool = True,
    **fields,
) -> InitiativePage:
    """An initiative under `parent`; in an Expo Hall it is endorsed unless told otherwise."""
    values = {
        "summary": f"Tóm tắt: {title}",
        "level": "province",
        "start_year": 2020,
        "contact_name": "Người liên hệ thử",
        "contact_phone": "0900000000",
        "contact_email": "lien-he@example.org",
        "contact_address": "Số 1 phố Thử",
    }
    values.update(fields)
    page = InitiativePage(
        title=title,
        slug=ascii_slug(title),
        live=False,
        stage=Stage.objects.get(code=stage),
        province=Province.objects.get(gso_code=province),
        proposer_type=ProposerType.objects.get(code=proposer),
        **values,
    )
    page.goals = list(Goal.objects.filter(code__in=goals))
    page.innovation_types = list(InnovationType.objects.filter(code__in=types))
    if endorsed is None:
        endorsed = getattr(parent.specific, "requires_endorsement", False)
    if endorsed:
        page.authority_name = "UBND tỉnh"
        page.endorsement_document = make_document(f"Xác nhận {title}")
        page.endorsement_verified = True
        page.endorsement_verified_at = timezone.now()
    if images:
        pictures = [make_image(f"{title} {n}") for n in range(images)]
        page.gallery_images = [
            InitiativeGalleryImage(image=p, caption=f"Ảnh {n}") for n, p in enumerate(pictures)
        ]
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_many_initiatives(
    parent: Page, count: int, *, prefix: str = "Sáng kiến", published_at: datetime | None = None
) -> None:
    """Published initiatives in bulk, straight into the tables: for listings that need volume.

    No revisions, search entries or reference-index rows are made; only what listings read.
    """
    provinces = list(Province.objects.all()[:20])
    stages, proposers = list(Stage.objects.all()), list(ProposerType.objects.all())
    goals, kinds = list(Goal.objects.all()), list(InnovationType.objects.all())
    parent.refresh_from_db()
    now = published_at or timezone.now()
    content_type = ContentType.objects.get_for_model(InitiativePage)
    base_pages = Page.objects.bulk_create(
        Page(
            title=f"{prefix} {number}",
            draft_title=f"{prefix} {number}",
            slug=f"{ascii_slug(prefix)}-{number}",
            path=InitiativePage._get_path(parent.path, parent.depth + 1, parent.numchild + number + 1),
            depth=parent.depth + 1,
            numchild=0,
            url_path=f"{parent.url_path}{ascii_slug(prefix)}-{number}/",
            content_type=content_type,
            locale_id=parent.locale_id,
            translation_key=uuid.uuid4(),
            live=True,
            first_published_at=now,
            last_published_at=now,
        )
        for number in range(count)
    )
    for number, base in enumerate(base_pages):
        page = InitiativePage(
            page_ptr_id=base.pk,
            summary="Tóm tắt",
            stage=stages[number % len(stages)],
            province=provinces[number % len(provinces)],
            proposer_type=proposers[number % len(proposers)],
            level="commune",
            start_year=2000 + number % 20,
        )
        page.save_base(raw=True)
    InitiativePage.goals.through.objects.bulk_create(
        InitiativePage.goals.through(initiativepage_id=base.pk, goal=goal)
        for number, base in enumerate(base_pages)
        for goal in goals[: 1 + number % len(goals)]
    )
    InitiativePage.innovation_types.through.objects.bulk_create(
        InitiativePage.innovation_types.through(initiativepage_id=base.pk, innovationtype=kind)
        for number, base in enumerate(base_pages)
        for kind in kinds[: 1 + number % len(kinds)]
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + count)


def pdf(name: str = "xac-nhan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "application/pdf"
    )


def png(name: str = "anh.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PILImage.new("RGB", (120, 80), (200, 60, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), "image/png")


# What each section of the submission form sends, filled in.
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

COMPLETE_DATA = {
    **SECTION_DATA["basics"],
    **SECTION_DATA["classification"],
    **SECTION_DATA["content"],
    **SECTION_DATA["endorsement"],
    **SECTION_DATA["media"],
    **{name: value for name, value in SECTION_DATA["contact"].items() if name != "co_author_emails"},
}


def submit_initiative(owner, *, title: str = "Một cửa số xã Hòa Phong", scan: bool = True, **values):
    """A complete submission sent to screening, as the submission form would leave it."""
    submission = Submission.objects.create(owner=owner, data={**COMPLETE_DATA, "title": title, **values})
    if scan:
        add_files(submission, SubmissionFile.Role.ENDORSEMENT, [pdf()])
    add_files(submission, SubmissionFile.Role.IMAGE, [png("mot.png")])
    add_files(submission, SubmissionFile.Role.ATTACHMENT, [pdf("bao-cao.pdf")])
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submission, owner)
    submission.refresh_from_db()
    return submission
