"""Builds the demo site: the page tree in Vietnamese with English translations, and sample initiatives.

Every step looks for what an earlier run made before creating anything, so running it again
changes no counts.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail_localize.models import LocaleSynchronization

from api.models import DevelopersPage
from calls.models import CallCriterion, CallIndexPage, CallPage, CallPhase, CallTopic
from core.text import ascii_slug
from halls.models import HallPage
from initiatives.media import store_endorsement_scan
from initiatives.models import (
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
from jury.models import GrantIndexPage
from opendata.models import OpenDataPage
from stats.models import StatisticsPage
from submissions.importing import InitiativeRecord
from submissions.models import Submission, SubmissionFile
from submissions.services import add_files, submit

from .demo_contests import ContestsDemo
from .demo_problems import ProblemsDemo
from .demo_screening import ScreeningDemo
from .demo_selection import SelectionDemo
from .demo_visits import VisitsDemo
from .docx import build_docx
from .models import (
    ExpoSettings,
    FaqItem,
    FaqPage,
    HomeFeaturedInitiative,
    HomePage,
    PartnerMark,
    StandardPage,
)

DATA_DIR = Path(__file__).resolve().parent / "demo_data"
DEMO_ADMIN_EMAIL = "admin@demo.expo.local"
DEMO_ADMIN_PASSWORD = "demo-admin-2026"  # noqa: S105 - printed for the local demo on purpose
DEMO_SCREENER_EMAIL = "screener@demo.expo.local"
DEMO_SCREENER_PASSWORD = "demo-screener-2026"  # noqa: S105 - printed for the local demo on purpose
DEMO_SUBMITTER_EMAIL = "submitter@demo.expo.local"
DEMO_SUBMITTER_PASSWORD = "demo-submitter-2026"  # noqa: S105 - printed for the local demo on purpose
DEMO_IMAGE_COUNT = 12

HALL_SLUGS = {"expo": ("gian-trien-lam-so", "expo-hall"), "community": ("gian-cong-dong", "community-hall")}


def paragraphs(texts: list[str]) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def load_json(name: str):
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return json.load(f)


@dataclass
class DemoReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, number: int = 1) -> None:
        self.created[what] = self.created.get(what, 0) + number


def demo_site_hostname() -> str:
    """EXPO_SITE_HOSTNAME, else the host of the site's public address (WAGTAILADMIN_BASE_URL)."""
    return settings.EXPO_SITE_HOSTNAME or urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "localhost"


def demo_site_port() -> int:
    """EXPO_SITE_PORT, else the port of the site's public address, 443 for https and 80 for http."""
    address = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return settings.EXPO_SITE_PORT or address.port or (443 if address.scheme == "https" else 80)


DEMO_DRAFT = {
    "title": "Sổ tay điện tử cho cán bộ tiếp công dân cấp xã",
    "language": "vi",
    "summary": "Tra cứu nhanh quy định và mẫu văn bản khi tiếp công dân, ngay trên điện thoại.",
    "problem": "Cán bộ tiếp công dân ở xã mới sáp nhập phải tra nhiều văn bản giấy khi trả lời người dân.",
}


class DemoBuilder:
    def __init__(self, log: Callable[[str], None] = print) -> None:
        self.log = log
        self.report = DemoReport()
        self.pages = load_json("pages.json")
        self.calls = load_json("calls.json")
        self.initiatives = load_json("initiatives.json")
        self.submissions = load_json("submissions.json")

    @transaction.atomic
    def build(self) -> DemoReport:
        self.vi, _created = Locale.objects.get_or_create(language_code="vi")
        self.en, _created = Locale.objects.get_or_create(language_code="en")
        LocaleSynchronization.objects.get_or_create(locale=self.en, defaults={"sync_from": self.vi})
        self.admin = self.ensure_admin()
        home = self.ensure_home()
        halls = {kind: self.ensure_hall(home, kind) for kind in ("expo", "community")}
        self.ensure_intake(home)
        calls_index = self.ensure_menu_page(
            home, CallIndexPage, "calls_index", ("dot-tiep-nhan", "calls"), "calls index"
        )
        contests = ContestsDemo(self, calls_index, load_json("contests.json"))
        calls = {**self.ensure_calls(calls_index), **contests.ensure_pages()}
        form_documents = self.ensure_registration_forms()
        self.ensure_standard_page(home, "about", ("gioi-thieu", "about"))
        self.ensure_standard_page(home, "how_to", ("cach-thuc-tham-gia", "how-to-take-part"), form_documents)
        self.ensure_faq(home)
        self.ensure_trust_pages(home)
        self.ensure_partners()
        self.ensure_menu_page(home, GrantIndexPage, "grants", ("tai-tro", "grants"), "grants page")
        self.ensure_menu_page(
            home, OpenDataPage, "open_data", ("du-lieu-mo", "open-data"), "open data page", in_menu=False
        )
        self.ensure_menu_page(
            home, StatisticsPage, "statistics", ("thong-ke", "statistics"), "statistics page", in_menu=False
        )
        self.ensure_menu_page(
            home,
            DevelopersPage,
            "developers",
            ("nha-phat-trien", "developers"),
            "page for developers",
            in_menu=False,
        )
        images = self.ensure_images()
        featured = []
        for position, record in enumerate(self.initiatives):
            page = self.ensure_initiative(record, halls, calls, images, position)
            if record["hall"] == "expo" and len(featured) < 6:
                featured.append(page)
        self.ensure_featured(home, featured, calls["cpii-2021"])
        screener = self.ensure_screener()
        self.ensure_waiting_submissions()
        submitter = get_user_model().objects.get(email=DEMO_SUBMITTER_EMAIL)
        ScreeningDemo(self, calls, submitter, screener, load_json("screened.json"), demo_pdf).build()
        SelectionDemo(self, calls["cpii-2021"]["vi"], submitter, demo_pdf).build()
        contests.build()
        ProblemsDemo(self, home, load_json("problems.json")).build()
        VisitsDemo(self).build()
        return self.report

    # Accounts -------------------------------------------------------------------------------

    def ensure_admin(self):
        User = get_user_model()
        admin, created = User.objects.get_or_create(
            email=DEMO_ADMIN_EMAIL,
            defaults={"is_staff": True, "is_superuser": True, "first_name": "Demo", "last_name": "Admin"},
        )
        if created:
            admin.set_password(DEMO_ADMIN_PASSWORD)
            admin.save()
            self.report.count("administrator")
        return admin

    def ensure_user(self, email: str, password: str, what: str, **fields):
        """A demo account with a confirmed address, so that it can use every part of the site."""
        user, created = get_user_model().objects.get_or_create(email=email, defaults=fields)
        if created:
            user.set_password(password)
            user.save()
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            self.report.count(what)
        return user

    def ensure_screener(self):
        screener = self.ensure_user(
            DEMO_SCREENER_EMAIL, DEMO_SCREENER_PASSWORD, "screener", full_name="Người sàng lọc (demo)"
        )
        screener.groups.add(Group.objects.get(name=SCREENERS_GROUP_NAME))
        return screener

    def ensure_waiting_submissions(self) -> None:
        """A few submissions in the screeners' queue, made as the submission form makes them."""
        submitter = self.ensure_user(
            DEMO_SUBMITTER_EMAIL,
            DEMO_SUBMITTER_PASSWORD,
            "submitter",
            full_name="Người nộp sáng kiến (demo)",
            proposer_type=ProposerType.objects.get(code="citizen"),
        )
        for record in self.submissions:
            if Submission.objects.filter(owner=submitter, data__title=record["title"]).exists():
                continue
            values = {name: value for name, value in record.items() if name != "scan"}
            contact = {"contact_name": submitter.full_name, "contact_email": DEMO_SUBMITTER_EMAIL}
            submission = Submission.objects.create(owner=submitter, data={**values, **contact})
            if record["scan"]:
                scan = ContentFile(demo_pdf(record["title"][:20]), name="xac-nhan.pdf")
                add_files(submission, SubmissionFile.Role.ENDORSEMENT, [scan])
            submit(submission, submitter)
            self.report.count("submission waiting for screening")
        if not Submission.objects.filter(owner=submitter, data__title=DEMO_DRAFT["title"]).exists():
            # Half filled and never sent: "My initiatives" offers to continue it or delete it.
            Submission.objects.create(owner=submitter, data=DEMO_DRAFT)
            self.report.count("draft never sent")

    # Structural pages -----------------------------------------------------------------------

    def publish(self, page: Page) -> Page:
        page.save_revision(user=self.admin).publish(user=self.admin)
        page.refresh_from_db()
        return page

    def child(self, parent: Page, model, slug: str):
        return model.objects.child_of(parent).filter(slug=slug).first()

    def add_child(self, parent: Page, page: Page, what: str) -> Page:
        parent.add_child(instance=page)
        self.report.count(what)
        return self.publish(page)

    def translate(self, page: Page, slug: str, **fields) -> Page:
        """The English translation of a Vietnamese page, created as a real (non-alias) copy. The alias that
        publishing a problem or an initiative leaves becomes the translation, as a translator's work would."""
        existing = page.get_translation_or_none(self.en)
        if existing is not None and existing.alias_of_id is None:
            return existing.specific
        if existing is not None:
            translation = ConvertAliasPageAction(existing.specific).execute(skip_permission_checks=True)
        else:
            translation = page.copy_for_translation(self.en, copy_parents=True)
        translation.slug = slug
        for name, value in fields.items():
            setattr(translation, name, value)
        translation.save()
        self.report.count(f"{type(page).__name__} translation")
        return self.publish(translation)

    def ensure_home(self) -> HomePage:
        root = Page.get_first_root_node()
        home = HomePage.objects.filter(locale=self.vi, depth=2).first()
        texts = self.pages["home"]
        if home is None:
            # Wagtail's initial migration leaves a "Welcome" page (and a site) where the home page goes.
            Page.objects.filter(depth=2).delete()
            home = HomePage(
                title=texts["vi"]["title"],
                slug="home",
                locale=self.vi,
                intro=paragraphs(texts["vi"]["intro"]),
            )
            self.add_child(root, home, "home page")
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": demo_site_hostname(),
                "port": demo_site_port(),
                "root_page": home,
                "site_name": "Triển lãm số",
            },
        )
        self.translate(home, "home-en", title=texts["en"]["title"], intro=paragraphs(texts["en"]["intro"]))
        return home

    def ensure_hall(self, home: HomePage, kind: str) -> dict[str, HallPage]:
        texts = self.pages[f"{kind}_hall"]
        slug_vi, slug_en = HALL_SLUGS[kind]
        hall = self.child(home, HallPage, slug_vi)
        if hall is None:
            hall = HallPage(
                title=texts["vi"]["title"],
                slug=slug_vi,
                kind=kind,
                intro=paragraphs(texts["vi"]["intro"]),
                show_in_menus=True,
            )
            self.add_child(home, hall, "hall")
        english = self.translate(
            hall, slug_en, title=texts["en"]["title"], intro=paragraphs(texts["en"]["intro"])
        )
        return {"vi": hall, "en": english}

    def ensure_intake(self, home: HomePage) -> IntakePage:
        intake = self.child(home, IntakePage, "tiep-nhan")
        if intake is None:
            intake = IntakePage(title="Tiếp nhận sáng kiến", slug="tiep-nhan", show_in_menus=False)
            home.add_child(instance=intake)
            intake.save_revision(user=self.admin)
            self.report.count("intake page")
        self.translate(intake, "intake", title="Initiative intake")  # English submissions arrive here
        return intake

    def ensure_menu_page(
        self, home: HomePage, model, key: str, slugs: tuple[str, str], what: str, *, in_menu: bool = True
    ) -> Page:
        """A section of the site with a title and an introduction in both languages (`pages.json`), in the
        header's menu or, if not, in the footer only."""
        texts = self.pages[key]
        slug_vi, slug_en = slugs
        page = self.child(home, model, slug_vi)
        if page is None:
            page = model(
                title=texts["vi"]["title"],
                slug=slug_vi,
                intro=paragraphs(texts["vi"]["intro"]),
                show_in_menus=in_menu,
            )
            self.add_child(home, page, what)
        self.translate(page, slug_en, title=texts["en"]["title"], intro=paragraphs(texts["en"]["intro"]))
        return page

    def ensure_calls(self, index: CallIndexPage) -> dict[str, dict[str, CallPage]]:
        return {key: self.ensure_call(index, key, data) for key, data in self.calls.items()}

    def ensure_call(self, index: CallIndexPage, key: str, data: dict) -> dict[str, CallPage]:
        call = self.child(index, CallPage, data["slug_vi"])
        if call is None:
            call = CallPage(
                slug=data["slug_vi"],
                intake_opens=date.fromisoformat(data["intake_opens"]),
                intake_closes=date.fromisoformat(data["intake_closes"]),
                grant_min=data["grant_min"],
                grant_max=data["grant_max"],
                grant_currency=data["grant_currency"] or "",
                endorsement_required_for_expo=data["endorsement_required_for_expo"],
                **self.call_texts(data["vi"]),
            )
            self.set_call_children(call, data["vi"])
            self.add_child(index, call, "call")
        translation = call.get_translation_or_none(self.en)
        if translation is None:
            translation = self.translate(call, data["slug_en"], **self.call_texts(data["en"]))
            self.set_call_children(translation, data["en"])
            self.publish(translation)
        return {"vi": call, "en": translation.specific}

    @staticmethod
    def call_texts(texts: dict) -> dict:
        return {
            "title": texts["title"],
            "organiser": texts["organiser"],
            "description": paragraphs(texts["description"]),
        }

    @staticmethod
    def set_call_children(call: CallPage, texts: dict) -> None:
        call.phases = [
            CallPhase(
                name=phase["name"],
                starts=date.fromisoformat(phase["starts"]),
                ends=date.fromisoformat(phase["ends"]) if phase.get("ends") else None,
                description=phase.get("description", ""),
            )
            for phase in texts["phases"]
        ]
        call.topics = [CallTopic(name=name) for name in texts["topics"]]
        call.criteria = [CallCriterion(name=name) for name in texts["criteria"]]

    def ensure_registration_forms(self) -> dict[str, object]:
        Document = get_document_model()
        documents = {}
        for language in ("vi", "en"):
            form = self.pages["registration_form"][language]
            title = form["title"]
            document = Document.objects.filter(title=title).first()
            if document is None:
                document = Document(title=title, collection=Collection.get_first_root_node())
                filename = f"{ascii_slug(title)}.docx"
                document.file.save(filename, ContentFile(build_docx(title, form["sections"])), save=False)
                document.save()
                self.report.count("registration form document")
            documents[language] = document
        expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
        if not (expo_settings.registration_form_vi and expo_settings.registration_form_en):
            expo_settings.registration_form_vi = documents["vi"]
            expo_settings.registration_form_en = documents["en"]
            expo_settings.save()
        return documents

    def standard_body(self, texts: dict, document=None) -> list[tuple[str, object]]:
        body = [
            ("heading", text["heading"]) if isinstance(text, dict) else ("paragraph", paragraphs([text]))
            for text in texts["body"]
        ]
        if document is not None:
            body.append(("document", {"document": document, "label": document.title}))
        return body

    def ensure_standard_page(
        self, home: HomePage, key: str, slugs: tuple[str, str], documents=None, in_menu: bool = True
    ) -> StandardPage:
        texts = self.pages[key]
        page = self.child(home, StandardPage, slugs[0])
        if page is None:
            page = StandardPage(
                title=texts["vi"]["title"],
                slug=slugs[0],
                show_in_menus=in_menu,
                body=self.standard_body(texts["vi"], documents and documents["vi"]),
            )
            self.add_child(home, page, "standard page")
        self.translate(
            page,
            slugs[1],
            title=texts["en"]["title"],
            body=self.standard_body(texts["en"], documents and documents["en"]),
        )
        if key == "how_to" and not home.cta_page_id:
            home.cta_page = page
            self.publish(home)
        return page

    # The pages every footer links to, chosen in the site's settings; linked from the footer, not the menu.
    TRUST_PAGES = {
        "privacy_page": ("privacy", ("chinh-sach-quyen-rieng-tu", "privacy-policy")),
        "terms_page": ("terms", ("dieu-khoan-su-dung", "terms-of-use")),
        "contact_page": ("contact", ("lien-he", "contact")),
        "accessibility_page": ("accessibility", ("kha-nang-tiep-can", "accessibility")),
    }

    def ensure_trust_pages(self, home: HomePage) -> None:
        expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
        changed = False
        for setting, (key, slugs) in self.TRUST_PAGES.items():
            page = self.ensure_standard_page(home, key, slugs, in_menu=False)
            if getattr(expo_settings, f"{setting}_id") is None:
                setattr(expo_settings, setting, page)
                changed = True
        if changed:
            expo_settings.save()

    # The programme's partners, as the source site names them; their marks are drawn here, not copied.
    PARTNERS = (
        ("UNDP Việt Nam", "UNDP Viet Nam", "UNDP", "#0468b1", "https://www.undp.org/vietnam"),
        (
            "Trường Chính sách công và Quản lý Fulbright",
            "Fulbright School of Public Policy and Management",
            "FSPPM",
            "#7a1f2b",
            "https://fsppm.fulbright.edu.vn/",
        ),
    )

    def ensure_partners(self) -> None:
        expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
        if expo_settings.partners.exists():
            return
        for name_vi, name_en, letters, colour, url in self.PARTNERS:
            logo = get_image_model()(
                title=f"Biểu trưng {letters}",
                collection=Collection.get_first_root_node(),
                file=ImageFile(io.BytesIO(self.mark(letters, colour)), name=f"partner-{letters.lower()}.png"),
            )
            logo.save()
            expo_settings.partners.add(PartnerMark(name_vi=name_vi, name_en=name_en, logo=logo, url=url))
            self.report.count("partner")
        expo_settings.save()

    @staticmethod
    def mark(letters: str, colour: str) -> bytes:
        """A stand-in mark: the partner's initials on its colour (the real logo is uploaded in the admin)."""
        image = PILImage.new("RGB", (240, 96), colour)
        font = ImageFont.load_default(size=48)
        ImageDraw.Draw(image).text((120, 48), letters, fill="#ffffff", font=font, anchor="mm")
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        return buffer.getvalue()

    def ensure_faq(self, home: HomePage) -> None:
        texts = self.pages["faq"]
        faq = self.child(home, FaqPage, "cau-hoi-thuong-gap")
        if faq is None:
            faq = FaqPage(
                title=texts["vi"]["title"],
                slug="cau-hoi-thuong-gap",
                intro=texts["vi"]["intro"],
                show_in_menus=False,  # in the footer
            )
            faq.questions = self.faq_items(texts["vi"])
            self.add_child(home, faq, "FAQ page")
        if faq.get_translation_or_none(self.en) is None:
            translation = self.translate(faq, "faq", title=texts["en"]["title"], intro=texts["en"]["intro"])
            translation.questions = self.faq_items(texts["en"])
            self.publish(translation)

    @staticmethod
    def faq_items(texts: dict) -> list[FaqItem]:
        return [
            FaqItem(question=item["question"], answer=paragraphs(item["answer"])) for item in texts["items"]
        ]

    # Media ----------------------------------------------------------------------------------

    def ensure_images(self) -> list:
        Image = get_image_model()
        images = []
        palette = random.Random(2021)  # noqa: S311 - decorative colours, not security
        for number in range(1, DEMO_IMAGE_COUNT + 1):
            title = f"Ảnh minh hoạ {number:02d}"
            image = Image.objects.filter(title=title).first()
            if image is None:
                image = Image(
                    title=title,
                    collection=Collection.get_first_root_node(),
                    file=ImageFile(io.BytesIO(self.picture(palette)), name=f"demo-{number:02d}.png"),
                )
                image.save()
                self.report.count("image")
            images.append(image)
        return images

    @staticmethod
    def picture(palette: random.Random) -> bytes:
        """An abstract illustration: a two-tone background with a few discs."""
        width, height = 1200, 750
        base = tuple(palette.randint(30, 120) for _ in range(3))
        accent = tuple(palette.randint(130, 230) for _ in range(3))
        picture = PILImage.new("RGB", (width, height), base)
        draw = ImageDraw.Draw(picture)
        draw.rectangle([0, height * 2 // 3, width, height], fill=accent)
        for _disc in range(6):
            x, y, r = palette.randint(0, width), palette.randint(0, height), palette.randint(40, 160)
            draw.ellipse([x - r, y - r, x + r, y + r], outline=accent, width=12)
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        return buffer.getvalue()

    def endorsement_scan(self, record: dict):
        Document = get_document_model()
        title = f"Xác nhận (demo) {record['ref']}"
        document = Document.objects.filter(title=title).first()
        if document is None:
            name = f"{record['ref']}-endorsement.pdf"
            document = store_endorsement_scan(
                ContentFile(demo_pdf(record["ref"])), original_name=name, title=title, stored_as=name
            )
        return document

    # Initiatives ----------------------------------------------------------------------------

    def ensure_initiative(self, record: dict, halls: dict, calls: dict, images: list, position: int):
        locale = self.vi if record["language"] == "vi" else self.en
        existing = InitiativePage.objects.filter(
            source_ref=record["ref"], locale=locale, alias_of=None
        ).first()
        if existing is not None:
            return existing
        initiative = InitiativeRecord(
            ref=record["ref"],
            hall=halls[record["hall"]][record["language"]],
            language=record["language"],
            title=record["title"],
            summary=record["summary"],
            problem=paragraphs(record["problem"]),
            solution=paragraphs(record["solution"]),
            results=paragraphs(record["results"]),
            province=Province.objects.get(gso_code=record["province"]),
            goals=tuple(Goal.objects.filter(code__in=record["goals"])),
            innovation_types=tuple(InnovationType.objects.filter(code__in=record["innovation_types"])),
            stage=Stage.objects.get(code=record["stage"]),
            proposer_type=ProposerType.objects.get(code=record["proposer_type"]),
            organisation=record["organisation"],
            level=record["level"],
            start_year=record["start_year"],
            call=calls[record["call"]][record["language"]] if record.get("call") else None,
            tags=tuple(record["tags"]),
        )
        page = InitiativePage(
            slug=initiative.slug,
            beneficiaries=paragraphs(record["beneficiaries"]),
            replicability=paragraphs(record["replicability"]),
            video_url=record.get("video_url") or "",
            owner=self.admin,
        )
        initiative.apply_to(page)
        authority = record.get("authority")
        if authority:
            page.authority_name = authority["name"]
            page.authority_kind = authority["kind"]
            page.authority_level = authority["level"]
        if record["hall"] == "expo":
            page.attach_verified_endorsement(self.endorsement_scan(record), verified_by=self.admin)
        page.gallery_images = [
            InitiativeGalleryImage(image=images[(position + offset) % len(images)], caption=record["title"])
            for offset in range(position % 3)
        ]
        self.add_child(initiative.hall, page, "initiative")  # publishing adds the alias in the other language
        self.date_back(page, calls[record["call"]]["vi"] if record.get("call") else None, position)
        return page

    @staticmethod
    def date_back(page: InitiativePage, call: CallPage | None, position: int) -> None:
        """Published some weeks after its call's intake closed (else in 2025), a day apart from the one
        before: the statistics by year, the feeds and the newest first read these dates."""
        closed = call.intake_closes if call else date(2025, 3, 1)
        DemoBuilder.published_on(
            page, timezone.make_aware(datetime.combine(closed + timedelta(days=30 + position), time(10)))
        )

    @staticmethod
    def published_on(page: Page, when) -> None:
        """Dates the publication of a live page and of its aliases in the other language."""
        copies = Page.objects.filter(Q(pk=page.pk) | Q(alias_of_id=page.pk), live=True)
        copies.update(first_published_at=when, last_published_at=when)

    def ensure_featured(self, home: HomePage, featured: list, cpii: dict) -> None:
        if home.featured_initiatives.exists():
            return
        home.featured_initiatives = [HomeFeaturedInitiative(initiative=page) for page in featured]
        home.active_call = cpii["vi"]
        self.publish(home)
        english = home.get_translation(self.en).specific
        english.active_call = cpii["en"]
        english.featured_initiatives = [HomeFeaturedInitiative(initiative=page) for page in featured]
        self.publish(english)


def demo_pdf(reference: str) -> bytes:
    """A one-page PDF standing in for a stamped endorsement; it says it is a demo."""
    text = f"DEMO - not a real endorsement - {reference}"
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
