"""Screening problems: the decisions, their reasons and e-mails, Wagtail's own dialogs, and the queue."""

import json

import pytest
from django.test import Client, TestCase
from django.urls import reverse
from wagtail.models import Locale, WorkflowPage

from problems import drafts
from problems.models import ProblemDraft, ProblemPage, ProblemReviewState
from problems.signals import problem_published
from tests.builders import make_screener, verified
from tests.problem_builders import make_agency

from .posting import ENGLISH, decide, fill_every_section, send_to_screening


@pytest.fixture
def screener_client(screener):
    client = Client()
    client.force_login(screener)
    return client


@pytest.fixture
def posted(agency_client, bank, screener, outbox):
    draft = fill_every_section(agency_client)
    send_to_screening(agency_client, draft)
    outbox.clear()
    return ProblemDraft.objects.get(pk=draft.pk)


@pytest.fixture
def published_signals():
    received = []

    def receiver(sender, page, first_time, **kwargs):
        received.append((sender, page.pk, first_time, page.live))

    problem_published.connect(receiver)
    yield received
    problem_published.disconnect(receiver)


def test_every_bank_gets_the_problem_screening_workflow_and_screeners_their_rights(bank, english_bank):
    for page in (bank, english_bank):
        assert WorkflowPage.objects.get(page=page).workflow.name == "Problem screening"
        rights = set(
            page.group_permissions.filter(group__name="Screeners").values_list(
                "permission__codename", flat=True
            )
        )
        assert rights == {"change_page", "publish_page"}


def test_a_screener_publishes_with_a_reason_and_the_author_hears_of_it(
    screener_client, posted, agency, outbox, published_signals
):
    response = decide(screener_client, posted.page_id, "approve", "Rõ ràng, có số liệu.")
    assert response.status_code == 302 and response["Location"] == reverse("problem_queue:index")
    page = ProblemPage.objects.get(pk=posted.page_id)
    assert page.live and page.status == "open"
    assert published_signals == [(ProblemPage, page.pk, True, True)]
    assert drafts.status_of(posted).code == drafts.State.PUBLISHED
    [message] = outbox
    assert message.to == [agency.email]
    assert message.subject == "Bài toán “Hồ sơ đất đai chờ quá hạn” đã được đăng tải"
    assert "Rõ ràng, có số liệu." in message.body and page.full_url in message.body


def test_request_changes_then_resubmit_then_publish(
    screener_client, agency_client, posted, agency, screener, outbox
):
    decide(screener_client, posted.page_id, "reject", "Bổ sung số liệu năm 2025.")
    assert drafts.status_of(posted).code == drafts.State.CHANGES_REQUESTED
    [message] = outbox
    assert message.subject == "Bài toán “Hồ sơ đất đai chờ quá hạn” cần bổ sung, cải thiện"
    assert "Bổ sung số liệu năm 2025." in message.body
    assert reverse("problems:review", args=[posted.pk]) in message.body
    dashboard = agency_client.get(reverse("problems:dashboard")).content.decode()
    assert "Cần bổ sung, cải thiện" in dashboard and "Bổ sung số liệu năm 2025." in dashboard

    outbox.clear()
    agency_client.post(
        reverse("problems:section", args=[posted.pk, "context"]),
        {"context": "Năm 2025: 3.000 hồ sơ, 40% quá hạn.", "save_draft": ""},
    )
    response = send_to_screening(agency_client, posted)
    assert response.status_code == 302
    assert drafts.status_of(posted).code == drafts.State.SCREENING
    notice = next(message for message in outbox if message.to == [screener.email])
    assert "đã sửa đổi theo đề nghị" in notice.body

    decide(screener_client, posted.page_id, "approve", "Đã đủ.")
    page = ProblemPage.objects.get(pk=posted.page_id)
    assert page.live and page.context == "Năm 2025: 3.000 hồ sơ, 40% quá hạn."


def test_a_declined_problem_cannot_be_sent_again(screener_client, agency_client, posted, outbox):
    refused = decide(screener_client, posted.page_id, "decline", "Không thuộc phạm vi.")
    assert refused.status_code == 200  # the confirmation box was not ticked
    assert drafts.status_of(posted).code == drafts.State.SCREENING

    decide(screener_client, posted.page_id, "decline", "Không thuộc phạm vi.", confirm="on")
    assert drafts.status_of(posted).code == drafts.State.DECLINED
    [message] = outbox
    assert message.subject == "Bài toán “Hồ sơ đất đai chờ quá hạn” không được đăng tải"
    assert "Không thuộc phạm vi." in message.body
    assert not ProblemPage.objects.get(pk=posted.page_id).live

    dashboard = agency_client.get(reverse("problems:dashboard")).content.decode()
    assert "Bị từ chối" in dashboard or "Từ chối" in dashboard
    assert "Không thuộc phạm vi." in dashboard
    with TestCase.captureOnCommitCallbacks(execute=True):
        agency_client.post(reverse("problems:review", args=[posted.pk]), {"declaration": "on"})
    assert drafts.status_of(posted).code == drafts.State.DECLINED
    assert agency_client.get(reverse("problems:section", args=[posted.pk, "problem"])).status_code == 302


@pytest.mark.parametrize("action", ["approve", "reject", "decline"])
def test_every_decision_needs_a_written_reason(screener_client, posted, outbox, action):
    response = decide(screener_client, posted.page_id, action, "   ", confirm="on")
    assert response.status_code == 200
    assert "Hãy viết lý do cho quyết định của bạn" in response.content.decode()
    assert drafts.status_of(posted).code == drafts.State.SCREENING and outbox == []


def test_a_screener_cannot_decide_on_a_problem_they_posted(client, bank, screener, outbox):
    other = verified(make_screener("sang-loc-2@example.org"))
    client.force_login(other)
    draft = fill_every_section(client, on_behalf_of="UBND xã Vân Hồ")
    send_to_screening(client, draft)
    page_id = ProblemDraft.objects.get(pk=draft.pk).page_id

    assert (
        "Bạn đã đăng bài toán này"
        in client.get(reverse("problem_screening:decide", args=[page_id])).content.decode()
    )
    response = decide(client, page_id, "approve", "Tự duyệt.")
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")  # refused
    assert not ProblemPage.objects.get(pk=page_id).live
    assert (
        reverse("problem_screening:decide", args=[page_id])
        not in client.get(reverse("problem_queue:index")).content.decode()
    )

    screener_client = Client()
    screener_client.force_login(screener)
    assert (
        reverse("problem_screening:decide", args=[page_id])
        in screener_client.get(reverse("problem_queue:index")).content.decode()
    )


def test_a_decision_already_taken_is_not_taken_twice(screener_client, posted, outbox):
    task_state = ProblemReviewState.objects.get(workflow_state__object_id=str(posted.page_id))
    decide(screener_client, posted.page_id, "reject", "Bổ sung.")
    outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = screener_client.post(
            reverse("problem_screening:decide", args=[posted.page_id]),
            {"action": "approve", "task_state": task_state.pk, "approve-comment": "Đăng."},
        )
    assert "đã quyết định về bài toán này" in response.content.decode()
    assert not ProblemPage.objects.get(pk=posted.page_id).live and outbox == []


def workflow_action(client, page_id, action, data):
    state = ProblemReviewState.objects.get(workflow_state__object_id=str(page_id), status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[page_id, action, state.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, data, headers={"x-requested-with": "XMLHttpRequest"})


def test_wagtails_own_workflow_dialog_publishes_with_a_required_reason(
    screener_client, posted, outbox, published_signals
):
    state = ProblemReviewState.objects.get(workflow_state__object_id=str(posted.page_id))
    form = screener_client.get(
        reverse("wagtailadmin_pages:workflow_action", args=[posted.page_id, "approve", state.pk])
    )
    assert 'name="comment"' in json.loads(form.content)["html"]

    without_reason = workflow_action(screener_client, posted.page_id, "approve", {"comment": ""})
    assert json.loads(without_reason.content)["step"] == "action"
    assert not ProblemPage.objects.get(pk=posted.page_id).live

    response = workflow_action(screener_client, posted.page_id, "approve", {"comment": "Đạt."})
    assert json.loads(response.content)["step"] == "success"
    assert ProblemPage.objects.get(pk=posted.page_id).live
    assert [signal[2] for signal in published_signals] == [True]
    assert len(outbox) == 1 and "đã được đăng tải" in outbox[0].subject


def test_wagtails_own_workflow_dialog_declines(screener_client, posted, outbox):
    response = workflow_action(
        screener_client, posted.page_id, "decline", {"comment": "Trùng lặp.", "confirm": "on"}
    )
    assert json.loads(response.content)["step"] == "success"
    assert drafts.status_of(posted).code == drafts.State.DECLINED


def test_wagtails_own_dialog_sends_an_author_to_the_decision_page(client, bank, outbox):
    author_screener = verified(make_screener("tac-gia-sang-loc@example.org"))
    client.force_login(author_screener)
    draft = fill_every_section(client, on_behalf_of="UBND xã Vân Hồ")
    send_to_screening(client, draft)
    page_id = ProblemDraft.objects.get(pk=draft.pk).page_id
    state = ProblemReviewState.objects.get(workflow_state__object_id=str(page_id))
    # Wagtail offers the author no action; a forged post reaches the refusal.
    assert state.task.specific.get_actions(ProblemPage.objects.get(pk=page_id), author_screener) == []
    from problems.review import carry_out_review_action

    redirect = carry_out_review_action(None, state, author_screener, "approve", {"comment": "Tự duyệt."})
    assert redirect == f"{reverse('problem_screening:decide', args=[page_id])}?refused=own_problem"
    assert "Bạn đã đăng bài toán này" in client.get(redirect).content.decode()


def test_posting_through_screening_in_english(
    client, bank, english_bank, screener_client, outbox, published_signals
):
    author = make_agency("hoan-kiem@example.org", full_name="Jane Officer", preferred_language="en")
    client.force_login(author)
    draft = fill_every_section(client, ENGLISH)
    send_to_screening(client, draft)
    page_id = ProblemDraft.objects.get(pk=draft.pk).page_id
    outbox.clear()

    decide(screener_client, page_id, "reject", "Add the 2025 figures.")
    [message] = outbox
    assert message.subject == "Changes requested to your problem “Land files wait for months”"
    assert "Add the 2025 figures." in message.body and "/en/my/problems/" in message.body

    send_to_screening(client, draft)
    outbox.clear()
    decide(screener_client, page_id, "approve", "Clear and measurable.")
    page = ProblemPage.objects.get(pk=page_id)
    assert page.live and page.get_parent().pk == english_bank.pk
    assert page.locale == Locale.objects.get(language_code="en") and page.url.startswith("/en/")
    published = next(message for message in outbox if message.to == [author.email])
    assert published.subject == "Your problem “Land files wait for months” is published"
    assert "Clear and measurable." in published.body
    # The Vietnamese bank lists it too, as an alias, until a translator translates it.
    shown_in_vietnamese = ProblemPage.objects.get(translation_key=page.translation_key, locale=bank.locale)
    assert shown_in_vietnamese.alias_of_id == page.pk and shown_in_vietnamese.get_parent().pk == bank.pk
    assert shown_in_vietnamese.live and "Land files wait for months" in client.get(bank.url).content.decode()


def test_the_queue_lists_waiting_problems_for_screeners_only(client, screener_client, posted, agency, bank):
    from tests.problem_builders import make_problem

    make_problem(bank, "Đã đăng từ trước")
    queue = screener_client.get(reverse("problem_queue:index"))
    assert queue.status_code == 200
    text = queue.content.decode()
    assert "Hồ sơ đất đai chờ quá hạn" in text and "Đã đăng từ trước" not in text
    assert reverse("problem_screening:decide", args=[posted.page_id]) in text
    assert screener_client.get(reverse("problem_queue:index"), {"kind": "update"}).status_code == 200
    assert (
        "Hồ sơ đất đai"
        not in screener_client.get(reverse("problem_queue:index"), {"kind": "update"}).content.decode()
    )
    assert (
        "1 bài toán đang chờ quyết định."
        in screener_client.get(reverse("wagtailadmin_home")).content.decode()
    )

    decide(screener_client, posted.page_id, "approve", "Đạt.")
    decision_url = reverse("problem_screening:decide", args=[posted.page_id])
    assert decision_url not in screener_client.get(reverse("problem_queue:index")).content.decode()

    client.force_login(agency)
    assert client.get(reverse("problem_queue:index")).status_code in (302, 403)
    assert client.get(reverse("problem_screening:decide", args=[posted.page_id])).status_code in (302, 403)


def test_bad_input_on_the_decision_page_and_the_queue(screener_client, posted):
    url = reverse("problem_screening:decide", args=[posted.page_id])
    for data in (
        {"action": "approve", "task_state": "²", "approve-comment": "x"},
        {"action": "\x00", "task_state": "1"},
        {"action": "approve", "task_state": "9" * 30, "approve-comment": "x" * 5000},
    ):
        # Refused admin views send back to the dashboard with a message.
        assert screener_client.post(url, data).status_code in (200, 302)
    for query in ({"province": "\x00"}, {"sector": "x"}, {"kind": "khac"}, {"q": "\x00đ"}, {"p": "²"}):
        assert screener_client.get(reverse("problem_queue:index"), query).status_code == 200
    assert screener_client.get(reverse("problem_screening:decide", args=[999999])).status_code in (302, 404)
    assert not ProblemPage.objects.get(pk=posted.page_id).live


ADMIN_EXPECTED = {
    "anonymous": {"queue": 302, "decide": 302},
    "submitter": {"queue": 302, "decide": 302},
    "agency": {"queue": 302, "decide": 302},
    "other_agency": {"queue": 302, "decide": 302},
    "screener": {"queue": 200, "decide": 200},
    "administrator": {"queue": 200, "decide": 200},
}


@pytest.mark.parametrize("who", list(ADMIN_EXPECTED))
def test_admin_access_matrix(client, posted, agency, other_agency, citizen, screener, who):
    from tests.builders import make_user

    people = {
        "anonymous": None,
        "submitter": citizen,
        "agency": agency,
        "other_agency": other_agency,
        "screener": screener,
        "administrator": verified(make_user("quan-tri@example.org", is_superuser=True, is_staff=True)),
    }
    if people[who] is not None:
        client.force_login(people[who])
    addresses = {
        "queue": reverse("problem_queue:index"),
        "decide": reverse("problem_screening:decide", args=[posted.page_id]),
    }
    for name, url in addresses.items():
        response = client.get(url)
        assert response.status_code == ADMIN_EXPECTED[who][name], (who, name)
        if response.status_code == 200:
            assert "Hồ sơ đất đai chờ quá hạn" in response.content.decode()
        else:
            assert "/admin/" in response["Location"]
    # Only those who may decide see the decision forms.
    if who in ("screener", "administrator"):
        assert 'name="approve-comment"' in client.get(addresses["decide"]).content.decode()


def test_the_screener_opens_the_problem_in_the_editor_and_reads_it_whole(screener_client, posted):
    # (The preview needs the public problem page's template, which the bank's part of the work brings.)
    assert screener_client.get(reverse("wagtailadmin_pages:edit", args=[posted.page_id])).status_code == 200
    decision_page = screener_client.get(
        reverse("problem_screening:decide", args=[posted.page_id])
    ).content.decode()
    assert "Nguyễn Văn Đầu Mối" in decision_page  # the private contact, for the screeners only
    assert "Hồ sơ cấp giấy chứng nhận chờ trung bình 90 ngày." in decision_page
