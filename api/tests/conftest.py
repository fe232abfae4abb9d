"""A small public site in both languages with every page type and private data the API must not show."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
from django.utils import timezone
from wagtail.actions.convert_alias import ConvertAliasPageAction
from wagtail.models import Locale

from api.models import DevelopersPage
from calls.models import CallPhase
from home.models import FaqItem, FaqPage, StandardPage
from initiatives.media import SUBMISSIONS_COLLECTION_NAME, private_collection
from initiatives.models import InitiativeAttachment, InitiativePage
from jury.models import Grant, GrantIndexPage, Shortlist, ShortlistEntry
from jury.tests.builders import make_evaluation
from opendata.models import OpenDataPage
from problems.models import LinkKind, ProblemLink, ProblemPage
from stats.models import StatisticsPage
from tests.builders import (
    add_english_tree,
    build_site_tree,
    fresh,
    make_call,
    make_document,
    make_image,
    make_initiative,
    make_user,
)
from tests.problem_builders import add_problem_bank, make_problem

PRIVATE_CONTACT = {
    "contact_name": "Bà Riêng Tư Hạnh",
    "contact_phone": "0987 654 321",
    "contact_email": "rieng-tu@example.org",
    "contact_address": "Ngõ Bí Mật số 7",
}
PROBLEM_CONTACT = {
    "contact_name": "Ông Đầu Mối Kín",
    "contact_phone": "0911 000 999",
    "contact_email": "dau-moi-kin@example.org",
}


def translated(page, locale, slug: str, title: str):
    """The page's published translation into `locale` (a page of its own, not an alias)."""
    existing = page.get_translation_or_none(locale)
    if existing is None:
        copy = page.copy_for_translation(locale, copy_parents=True)
    else:
        if existing.alias_of_id is not None:
            ConvertAliasPageAction(existing).execute(skip_permission_checks=True)
        copy = type(page).objects.get(pk=existing.pk)
    copy.slug, copy.title = slug, title
    copy.save_revision().publish()
    return type(page).objects.get(pk=copy.pk)


@dataclass
class Expo:
    pages: dict[str, object]
    images: dict[str, object]
    documents: dict[str, object]
    private_values: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def expo_built_once(module_transaction) -> Expo:
    tree = build_site_tree()
    english = add_english_tree(tree)
    en = Locale.objects.get(language_code="en")

    call = make_call(tree.calls, title="Đợt CPII 2021", slug="cpii-2021", grant_min=20000, grant_max=40000)
    CallPhase.objects.create(page=call, name="Tiếp nhận", starts=datetime.date(2021, 5, 5), sort_order=0)
    call.save_revision().publish()
    call_en = call.copy_for_translation(en, copy_parents=True)
    call_en.title, call_en.slug = "CPII 2021 round", "cpii-2021-round"
    call_en.save_revision().publish()

    co_author = make_user("dong-tac-gia@example.org", full_name="Đồng Tác Giả Ẩn")
    public_attachment = make_document("Báo cáo kết quả công khai", private=False)
    hidden_attachment = make_document("Tệp nháp nội bộ", private=True)
    reform = make_initiative(
        tree.expo,
        "Một cửa số liên thông",
        province="48",
        goals=("egov", "satisfaction"),
        images=2,
        call=call,
        video_url="https://youtu.be/abcdefghijk",
        **PRIVATE_CONTACT,
    )
    reform.co_authors.add(co_author)
    reform.tags.add("một cửa")
    InitiativeAttachment.objects.create(page=reform, document=public_attachment, sort_order=0)
    InitiativeAttachment.objects.create(page=reform, document=hidden_attachment, sort_order=1)
    reform.save_revision().publish()
    reform = fresh(reform)

    community = make_initiative(tree.community, "Phản ánh hiện trường", province="01", **PRIVATE_CONTACT)
    english_original = make_initiative(
        english.community, "Citizen feedback kiosk", province="79", language="en", **PRIVATE_CONTACT
    )
    draft = make_initiative(tree.intake, "Sáng kiến đang sàng lọc", publish=False, summary="Bản nháp kín")
    draft_image = make_image("Ảnh của bản nháp")
    draft_image.collection = private_collection(SUBMISSIONS_COLLECTION_NAME)
    draft_image.save()

    evaluation = make_evaluation(call)
    shortlist = Shortlist.objects.create(evaluation=evaluation, rationale="Tốt", published_at=timezone.now())
    ShortlistEntry.objects.create(shortlist=shortlist, initiative=reform, rank=1)
    Grant.objects.create(
        call=call, initiative=reform, amount=30000, duration_months=18, starts_on=datetime.date(2021, 10, 1)
    )

    bank = add_problem_bank(tree.home)
    bank.save_revision().publish()
    problem = make_problem(bank, "Hồ sơ đất đai tồn đọng", **PROBLEM_CONTACT)
    ProblemLink.objects.create(
        problem=problem, initiative=reform, kind=LinkKind.PROPOSED, state=ProblemLink.State.CONFIRMED,
        confirmed_at=timezone.now(),
    )  # fmt: skip

    standard = tree.home.add_child(
        instance=StandardPage(title="Giới thiệu", slug="gioi-thieu", intro="Về chúng tôi")
    )
    faq = tree.home.add_child(instance=FaqPage(title="Hỏi đáp", slug="hoi-dap", intro="Câu hỏi thường gặp"))
    FaqItem.objects.create(page=faq, question="Ai được gửi?", answer="<p>Mọi người.</p>", sort_order=0)
    faq.save_revision().publish()
    grants = tree.home.add_child(instance=GrantIndexPage(title="Tài trợ", slug="tai-tro"))
    developers = tree.home.add_child(
        instance=DevelopersPage(title="Dành cho nhà phát triển", slug="nha-phat-trien")
    )
    open_data = tree.home.add_child(instance=OpenDataPage(title="Dữ liệu mở", slug="du-lieu-mo"))
    statistics = tree.home.add_child(instance=StatisticsPage(title="Thống kê", slug="thong-ke"))
    english_copies = {
        name: translated(page, en, slug, title)
        for name, page, slug, title in [
            ("calls_en", tree.calls, "calls", "Calls"),
            ("bank_en", bank, "problems", "Problem bank"),
            ("standard_en", standard, "about", "About"),
            ("faq_en", faq, "faq", "FAQ"),
            ("grants_en", grants, "grants", "Grants"),
            ("developers_en", developers, "developers", "For developers"),
            ("open_data_en", open_data, "open-data", "Open data"),
            ("statistics_en", statistics, "statistics", "Statistics"),
        ]
    }

    pages = {
        "home": tree.home,
        "home_en": english.home,
        "expo": tree.expo,
        "expo_en": english.expo,
        "calls": tree.calls,
        "call": call,
        "call_en": call_en,
        "reform": reform,
        "reform_en": InitiativePage.objects.get(translation_key=reform.translation_key, locale=en),
        "community": community,
        "english_original": english_original,
        "draft": draft,
        "intake": tree.intake,
        "bank": bank,
        "problem": problem,
        "standard": standard,
        "faq": faq,
        "grants": grants,
        "developers": developers,
        "open_data": open_data,
        "statistics": statistics,
        "problem_en": ProblemPage.objects.get(translation_key=problem.translation_key, locale=en),
        **english_copies,
    }
    private_values = [
        *PRIVATE_CONTACT.values(),
        *PROBLEM_CONTACT.values(),
        "Đồng Tác Giả Ẩn",
        "dong-tac-gia@example.org",
        "Tệp nháp nội bộ",
        hidden_attachment.file.name,
        reform.endorsement_document.title,
        reform.endorsement_document.file.name,
        "Ảnh của bản nháp",
        draft_image.file.name,
        "Sáng kiến đang sàng lọc",
        "Bản nháp kín",
    ]
    return Expo(
        pages=pages,
        images={"gallery": [item.image for item in reform.gallery_images.all()], "draft": draft_image},
        documents={
            "public": public_attachment,
            "hidden": hidden_attachment,
            "endorsement": reform.endorsement_document,
        },
        private_values=private_values,
    )


@pytest.fixture
def expo(expo_built_once, db) -> Expo:
    return expo_built_once


@pytest.fixture(autouse=True)
def _generous_rate_limit(settings):
    """The tests that read the whole site make hundreds of requests; those of the limit set their own."""
    settings.API_ANON_RATE = "10000/minute"
