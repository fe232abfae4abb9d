"""Posting a problem: the form section by section, who may post, bad input, and sending it to screening."""

from django.urls import reverse
from wagtail.models import WorkflowState

from problems import drafts
from problems.models import LONG_TEXT_LIMIT, ProblemDraft, ProblemPage
from tests.builders import make_user

from .posting import ENGLISH, SECTION_DATA, fill_every_section, section_url, send_to_screening


def test_an_agency_posts_a_problem_section_by_section_and_sends_it_to_screening(
    agency_client, agency, bank, screener, outbox
):
    draft = fill_every_section(agency_client)
    assert draft.owner == agency
    assert draft.data["title"] == "Hồ sơ đất đai chờ quá hạn"
    assert draft.data["affected_count"] == 12000
    assert draft.data["expertise"] == ["phân tích dữ liệu", "luật đất đai"]
    assert draft.data["goals"] == ["egov"] and draft.data["province"] == "ha-noi"

    review = agency_client.get(reverse("problems:review", args=[draft.pk])).content.decode()
    assert "Trước khi gửi bài toán" not in review  # nothing missing
    assert "Nguyễn Văn Đầu Mối" in review

    response = send_to_screening(agency_client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    page = ProblemPage.objects.get(pk=draft.page_id)
    assert page.get_parent().pk == bank.pk and not page.live and page.owner == agency
    assert page.title == "Hồ sơ đất đai chờ quá hạn" and page.status == "open"
    assert sorted(tag.name for tag in page.expertise.all()) == ["luật đất đai", "phân tích dữ liệu"]
    assert page.current_workflow_state.workflow.name == "Problem screening"
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert drafts.status_of(draft).code == drafts.State.SCREENING

    by_recipient = {message.to[0]: message for message in outbox}
    assert set(by_recipient) == {agency.email, screener.email}
    assert by_recipient[agency.email].subject == "Đã nhận bài toán “Hồ sơ đất đai chờ quá hạn”"
    assert "/vi/my/problems/" in by_recipient[agency.email].body
    assert by_recipient[screener.email].subject == "Bài toán mới cần sàng lọc: “Hồ sơ đất đai chờ quá hạn”"
    assert f"/admin/problems/screening/{page.pk}/" in by_recipient[screener.email].body


def test_an_english_speaking_agency_posts_in_the_english_tree(client, english_bank, screener, outbox):
    from tests.problem_builders import make_agency

    author = make_agency("hoan-kiem@example.org", full_name="Jane Officer", preferred_language="en")
    client.force_login(author)
    new_form = client.get("/en/my/problems/new/")
    assert new_form.status_code == 200 and "Post a problem" in new_form.content.decode()
    client.post("/en/my/problems/new/", {**ENGLISH["problem"], "save_draft": ""})
    started = ProblemDraft.objects.get(owner=author)
    assert started.data["language"] == "en"
    assert (
        'value="en" id="id_language_1" checked' in client.get(section_url(started, "place")).content.decode()
    )
    started.delete()
    draft = fill_every_section(client, ENGLISH)
    send_to_screening(client, draft)
    page = ProblemPage.objects.get(pk=ProblemDraft.objects.get(pk=draft.pk).page_id)
    assert page.get_parent().pk == english_bank.pk and page.locale.language_code == "en"
    receipt = next(message for message in outbox if message.to == [author.email])
    assert receipt.subject == "Your problem “Land files wait for months” was received"
    notice = next(message for message in outbox if message.to == [screener.email])
    assert notice.subject == "Bài toán mới cần sàng lọc: “Land files wait for months”"


def test_save_draft_stays_and_save_and_continue_goes_on(agency_client, bank):
    response = agency_client.post(reverse("problems:new"), {**SECTION_DATA["problem"], "save_draft": ""})
    draft = ProblemDraft.objects.get()
    assert response["Location"] == section_url(draft, "problem")
    response = agency_client.post(
        section_url(draft, "context"), {**SECTION_DATA["context"], "save_continue": ""}
    )
    assert response["Location"] == section_url(draft, "outcome")
    response = agency_client.post(
        section_url(draft, "contact"), {**SECTION_DATA["contact"], "save_continue": ""}
    )
    assert response["Location"] == reverse("problems:review", args=[draft.pk])
    draft.refresh_from_db()
    # Each section kept its own values, and the others' stayed.
    assert (
        draft.data["causes"] == "Thiếu cán bộ địa chính."
        and draft.data["title"] == "Hồ sơ đất đai chờ quá hạn"
    )


def test_the_steps_show_what_is_done_current_and_to_do(agency_client, bank):
    agency_client.post(reverse("problems:new"), {**SECTION_DATA["problem"], "save_draft": ""})
    draft = ProblemDraft.objects.get()
    page = agency_client.get(section_url(draft, "context")).content.decode()
    steps = page[page.index('class="steps"') : page.index("</nav>", page.index('class="steps"'))]
    assert (
        steps.count("(đã xong)") == 1
        and steps.count("(phần đang điền)") == 1
        and steps.count("(chưa làm)") == 3
    )
    assert steps.index("(đã xong)") < steps.index("(phần đang điền)")


def test_an_empty_title_is_refused_and_no_draft_is_made(agency_client, bank):
    response = agency_client.post(reverse("problems:new"), {**SECTION_DATA["problem"], "title": "  \x00 "})
    assert response.status_code == 200
    assert "Hãy đặt tên cho bài toán" in response.content.decode()
    assert "Hồ sơ cấp giấy chứng nhận chờ trung bình 90 ngày." in response.content.decode()
    assert not ProblemDraft.objects.exists()


def test_a_very_long_text_is_refused_and_nothing_typed_is_lost(agency_client, bank):
    fill = "Quá dài. " * (LONG_TEXT_LIMIT // 8)
    data = {**SECTION_DATA["problem"], "statement": fill, "affected": "Người dân phường."}
    response = agency_client.post(reverse("problems:new"), data)
    assert response.status_code == 200
    text = response.content.decode()
    assert f"Giữ đoạn văn này trong {LONG_TEXT_LIMIT} ký tự" in text
    assert fill.strip() in text and "Người dân phường." in text
    assert not ProblemDraft.objects.exists()

    agency_client.post(reverse("problems:new"), {**SECTION_DATA["problem"], "save_draft": ""})
    draft = ProblemDraft.objects.get()
    response = agency_client.post(section_url(draft, "context"), {"context": fill, "causes": "Thiếu người."})
    assert response.status_code == 200 and "Thiếu người." in response.content.decode()
    draft.refresh_from_db()
    assert "context" not in draft.data


def test_wrong_types_and_nul_bytes_give_clear_errors_not_server_errors(agency_client, bank):
    agency_client.post(reverse("problems:new"), {**SECTION_DATA["problem"], "save_draft": ""})
    draft = ProblemDraft.objects.get()
    bad = {
        "problem": {"title": "Tên\x00 bài toán", "affected_count": "mười hai"},
        "outcome": {
            "budget_range": "999",
            "time_limit_months": "99999999999999999999",
            "expertise": "a," * 20,
        },
        "place": {
            "goals": ["khong-co"],
            "sector": ["x", "y"],
            "province": "\x00",
            "open_until": "2020-13-45",
        },
        "contact": {"contact_email": "khong-phai-email", "contact_phone": "gọi tôi"},
    }
    for slug, data in bad.items():
        response = agency_client.post(section_url(draft, slug), data)
        assert response.status_code == 200, slug
        assert "Vui lòng sửa các lỗi dưới đây" in response.content.decode(), slug
    response = agency_client.post(
        section_url(draft, "problem"), {"title": "Tên\x00 bài toán", "affected_count": "3"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["title"] == "Tên bài toán"
    assert agency_client.get(section_url(draft, "khong-co")).status_code == 404


def test_the_commune_is_checked_against_the_province(agency_client, bank, communes):
    agency_client.post(reverse("problems:new"), {**SECTION_DATA["problem"], "save_draft": ""})
    draft = ProblemDraft.objects.get()
    place = SECTION_DATA["place"]

    unknown = agency_client.post(section_url(draft, "place"), {**place, "commune": "999999"})
    assert unknown.status_code == 200
    assert "Không có xã, phường nào có mã 999999." in unknown.content.decode()
    other_province = agency_client.post(section_url(draft, "place"), {**place, "commune": "990004"})
    assert "Phường Sông Hàn Thử thuộc Đà Nẵng, không thuộc Hà Nội." in other_province.content.decode()
    # Two wards whose names differ only by their accents: the folded name alone does not choose.
    ambiguous = agency_client.post(section_url(draft, "place"), {**place, "commune": "hoa binh thu"})
    assert "Có nhiều xã, phường của Hà Nội cùng tên “hoa binh thu”" in ambiguous.content.decode()
    draft.refresh_from_db()
    assert "commune" not in draft.data

    by_name = agency_client.post(section_url(draft, "place"), {**place, "commune": "Hồ Gươm Thử"})
    assert by_name.status_code == 302
    draft.refresh_from_db()
    assert draft.data["commune"] == 990001
    shown = agency_client.get(section_url(draft, "place")).content.decode()
    assert 'value="Phường Hồ Gươm Thử"' in shown
    assert agency_client.post(section_url(draft, "place"), {**place, "commune": "990002"}).status_code == 302
    draft.refresh_from_db()
    assert draft.data["commune"] == 990002


def test_only_agencies_and_screeners_may_post(client, citizen, bank):
    client.force_login(citizen)
    response = client.get(reverse("problems:new"))
    assert response.status_code == 403
    assert "Ai có thể đăng bài toán" in response.content.decode()
    response = client.post(reverse("problems:new"), SECTION_DATA["problem"])
    assert response.status_code == 403 and not ProblemDraft.objects.exists()

    unverified_agency = make_user("chua-xac-nhan@example.org", proposer_type=drafts_agency_type())
    client.force_login(unverified_agency)
    assert client.post(reverse("problems:new"), SECTION_DATA["problem"]).status_code == 200
    assert not ProblemDraft.objects.exists()  # asked to confirm the address first


def drafts_agency_type():
    from initiatives.models import ProposerType

    return ProposerType.objects.get(code="agency")


def test_a_screener_posts_on_a_localitys_behalf_and_must_name_it(client, screener, bank, outbox):
    client.force_login(screener)
    draft = fill_every_section(client)
    review = client.get(reverse("problems:review", args=[draft.pk])).content.decode()
    assert "Đăng thay cho" in review
    assert drafts.missing_fields(draft) == [("place", "Đăng thay cho")]
    response = send_to_screening(client, draft)
    assert not ProblemDraft.objects.get(pk=draft.pk).page_id

    client.post(section_url(draft, "place"), {**SECTION_DATA["place"], "on_behalf_of": "UBND xã Vân Hồ"})
    draft.refresh_from_db()
    assert draft.on_behalf_of == "UBND xã Vân Hồ"
    response = send_to_screening(client, draft)
    assert response.status_code == 302
    assert ProblemDraft.objects.get(pk=draft.pk).page_id
