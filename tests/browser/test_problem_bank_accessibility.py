"""axe-core on the problem bank's pages, in both languages, on a desktop and at 360 pixels wide: the bank,
a problem, the community's forms and an agency's "My problems", and the screeners' admin pages."""

import pytest
from playwright.sync_api import expect
from wagtail.users.models import UserProfile

from problems import drafts
from problems.models import ProblemDraft
from tests.builders import make_screener, verified

from .actions import BANK_SLUGS, admin_log_in, gettext_in, log_in
from .test_accessibility import Audit


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_the_problem_banks_pages(open_page, problem_bank, language, phone):
    problem = problem_bank["problems"][language]
    initiative = problem_bank["initiative"]
    draft = ProblemDraft.objects.create(
        owner=problem_bank["other"], data={"title": "Bản nháp bài toán", "language": "vi"}
    )
    audit = Audit(open_page(language, phone=phone), phone=phone)
    audit.visit(
        {
            "bank": f"/{language}/{BANK_SLUGS[language]}/",
            "bank filtered": f"/{language}/{BANK_SLUGS[language]}/?province_2025=da-nang&status=open",
            "bank without results": f"/{language}/{BANK_SLUGS[language]}/?status=archived",
            "problem": problem.url,
            "replications per province": f"/{language}/community/replications/statistics/",
        }
    )

    log_in(audit.page, language, problem_bank["other"].email)
    audit.visit(
        {
            "problem, signed in": problem.url,
            "we face this too": f"/{language}/community/problems/{problem.pk}/face-too/",
            "offer of expertise": f"/{language}/community/problems/{problem.pk}/offer/",
            "replication": f"/{language}/community/initiatives/{initiative.pk}/replications/new/",
            "my replications": f"/{language}/community/replications/",
            "my problems": f"/{language}/my/problems/",
            "new problem": f"/{language}/my/problems/new/",
            "problem section": f"/{language}/my/problems/{draft.pk}/place/",
            "problem review": f"/{language}/my/problems/{draft.pk}/review/",
        }
    )
    audit.page.goto(f"/{language}/my/problems/{draft.pk}/contact/")
    audit.page.locator("[name=contact_email]").fill("khong-phai-email")
    audit.page.get_by_role("button", name=gettext_in(language)("Save draft")).click()
    expect(audit.page.get_by_role("alert")).to_be_visible()
    audit.check("problem section with errors")

    owner_audit = Audit(open_page(language, phone=phone), phone=phone)
    log_in(owner_audit.page, language, problem_bank["owner"].email)
    owner_audit.visit(
        {
            "offers received": f"/{language}/community/offers/",
            "link an initiative": f"/{language}/my/problems/{problem.pk}/link-initiative/?q=mot+cua",
        }
    )

    assert not audit.problems, audit.report()
    assert not owner_audit.problems, owner_audit.report()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_screeners_pages_of_the_problem_bank(open_page, problem_bank, language):
    draft = ProblemDraft.objects.create(owner=problem_bank["other"], data={})
    drafts.save_section(
        draft,
        {
            "title": "Chợ tạm lấn chiếm lòng đường",
            "statement": "Chợ tạm họp trên lòng đường mỗi sáng.",
            "goals": ["feedback"],
            "sector": "public-order",
            "province": "ha-noi",
            "owner_body": "UBND phường Thử",
            "language": "vi",
            "contact_name": "Cán bộ đầu mối",
            "contact_email": "dau-moi@example.org",
        },
    )
    drafts.submit(draft, problem_bank["other"])
    draft.refresh_from_db()
    screener = verified(make_screener("sang-loc@example.org"))
    UserProfile.objects.update_or_create(user=screener, defaults={"preferred_language": language})
    audit = Audit(open_page(language), phone=False)

    admin_log_in(audit.page, screener.email)
    audit.visit(
        {
            "problems to screen": "/admin/problems/queue/",
            "decision on a problem": f"/admin/problems/screening/{draft.page_id}/",
            "replications to screen": "/admin/screening/replications/",
            "links to confirm": "/admin/problem-links/",
        }
    )

    assert not audit.problems, audit.report()
