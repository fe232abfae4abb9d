"""What each section of the problem form sends, filled in, and the steps of posting a problem."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from problems.models import ProblemDraft, ProblemPage
from problems.review import review_in_progress

SECTION_DATA = {
    "problem": {
        "title": "Hồ sơ đất đai chờ quá hạn",
        "statement": "Hồ sơ cấp giấy chứng nhận chờ trung bình 90 ngày.",
        "affected": "Người dân và doanh nghiệp trong phường.",
        "affected_count": "12000",
    },
    "context": {
        "context": "Năm 2025 phường nhận 3.000 hồ sơ.",
        "causes": "Thiếu cán bộ địa chính.",
        "tried": "Tăng giờ làm việc.",
    },
    "outcome": {
        "outcome_wanted": "Giải quyết hồ sơ trong 30 ngày.",
        "outcome_measure": "Thời gian xử lý trung bình.",
        "budget_range": "100m_500m",
        "time_limit_months": "12",
        "constraints": "Phần mềm do tỉnh quản lý.",
        "expertise": "phân tích dữ liệu, luật đất đai",
    },
    "place": {
        "goals": ["egov"],
        "sector": "land-construction",
        "province": "ha-noi",
        "commune": "",
        "owner_body": "UBND phường Hoàn Kiếm",
        "open_until": "",
        "language": "vi",
    },
    "contact": {
        "contact_name": "Nguyễn Văn Đầu Mối",
        "contact_phone": "0912 345 678",
        "contact_email": "dau-moi@example.org",
    },
}
ENGLISH = {
    "problem": {
        **SECTION_DATA["problem"],
        "title": "Land files wait for months",
        "statement": "Land certificates take 90 days on average.",
    },
    "place": {**SECTION_DATA["place"], "language": "en", "owner_body": "Hoan Kiem ward People's Committee"},
}


def section_url(draft: ProblemDraft, slug: str) -> str:
    return reverse("problems:section", args=[draft.pk, slug])


def fill_every_section(client, overrides: dict | None = None, **extra) -> ProblemDraft:
    """Fills the form section by section as the author would, "save and continue" each time."""
    overrides = overrides or {}
    data = {slug: {**values, **overrides.get(slug, {})} for slug, values in SECTION_DATA.items()}
    data["place"].update(extra)
    response = client.post(reverse("problems:new"), {**data["problem"], "save_continue": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = ProblemDraft.objects.latest("pk")
    for slug in ("context", "outcome", "place", "contact"):
        response = client.post(section_url(draft, slug), {**data[slug], "save_continue": ""})
        assert response.status_code == 302, (slug, response.content.decode()[:3000])
    draft.refresh_from_db()
    return draft


def send_to_screening(client, draft: ProblemDraft):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("problems:review", args=[draft.pk]), {"declaration": "on"})


def decide(client, page_id: int, action: str, comment: str = "Đã xem xét kỹ.", **extra):
    """Posts a decision as the decision page's form does, and lets the e-mails queued on commit go out."""
    current = review_in_progress(ProblemPage.objects.get(pk=page_id))
    data = {"action": action, "task_state": current.pk if current else "", f"{action}-comment": comment}
    data.update({f"{action}-{name}": value for name, value in extra.items()})
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("problem_screening:decide", args=[page_id]), data)
