"""Small builders for test data: page trees and initiatives made in code, as the tests need them."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from calls.models import CallIndexPage, CallPage
from halls.models import HallPage
from home.models import HomePage
from initiatives.models import (
    ENDORSEMENTS_COLLECTION_NAME,
    Goal,
    InitiativeGalleryImage,
    InitiativePage,
    InnovationType,
    IntakePage,
    ProposerType,
    Province,
    Stage,
)
from initiatives.text import ascii_slug


@dataclass
class SiteTree:
    home: HomePage
    expo: HallPage
    community: HallPage
    intake: IntakePage
    calls: CallIndexPage


def make_user(email: str = "someone@example.org", **fields):
    return get_user_model().objects.create_user(email=email, password="a-long-test-password", **fields)


def build_site_tree(locale_code: str = "vi") -> SiteTree:
    locale, _created = Locale.objects.get_or_create(language_code=locale_code)
    root = Page.get_first_root_node()
    Page.objects.filter(depth=2).delete()
    home = HomePage(title="Triển lãm số", slug="home", locale=locale)
    root.add_child(instance=home)
    Site.objects.create(is_default_site=True, hostname="localhost", root_page=home)
    expo = home.add_child(instance=HallPage(title="Gian Triển lãm số", slug="gian-trien-lam-so", kind="expo"))
    community = home.add_child(
        instance=HallPage(title="Gian Cộng đồng", slug="gian-cong-dong", kind="community")
    )
    intake = home.add_child(instance=IntakePage(title="Tiếp nhận", slug="tiep-nhan"))
    calls = home.add_child(instance=CallIndexPage(title="Đợt tiếp nhận", slug="dot-tiep-nhan"))
    return SiteTree(home=home, expo=expo, community=community, intake=intake, calls=calls)


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
