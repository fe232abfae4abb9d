"""A signed-in person downloads their own data and deletes their account; nobody else can do either."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from wagtail.documents import get_document_model
from wagtail.models import Page, WorkflowState

from home.personal_data import delete_account, personal_data
from initiatives.models import InitiativePage, Province2025
from problems.models import Follow, LinkKind, ProblemLink, Replication
from problems.notifications_community import notify_replication_decided
from submissions.models import Submission, SubmissionFile
from tests.builders import make_screener, make_user, submit_initiative, verified
from tests.decisions import accept
from tests.problem_builders import add_problem_bank, make_problem

pytestmark = pytest.mark.django_db

OWNER_EMAIL = "chu.so.huu@example.org"


@pytest.fixture
def owner(site_tree):
    return verified(make_user(OWNER_EMAIL, full_name="Trần Văn Chủ", phone="0912345678"))


@pytest.fixture
def other():
    return verified(make_user("nguoi.khac@example.org", full_name="Người Khác"))


@pytest.fixture
def published(owner, client):
    """A submission accepted into the Expo Hall: its page is live."""
    submission = submit_initiative(owner, title="Sáng kiến đã công bố", contact_phone="0987654321")
    client.force_login(verified(make_screener()))
    assert accept(client, submission, hall="expo").status_code == 302
    client.logout()
    submission.refresh_from_db()
    assert submission.page.live
    return submission


@pytest.fixture
def waiting(owner):
    """Sent to screening, never published."""
    return submit_initiative(owner, title="Sáng kiến đang chờ sàng lọc")


@pytest.fixture
def draft(owner):
    data = {"title": "Bản nháp riêng", "contact_phone": "0900111222"}
    return Submission.objects.create(owner=owner, data=data)


def data_url(language: str = "vi") -> str:
    with translation.override(language):
        return reverse("account_data")


def download_url() -> str:
    return reverse("account_data_download")


# Download ---------------------------------------------------------------------------------------


def test_download_holds_the_account_and_its_submissions(client, owner, waiting, draft, site_tree):
    Follow.objects.create(user=owner, page=site_tree.expo)
    client.force_login(owner)
    response = client.get(download_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="digital-expo-my-data-')
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["account"]["email"] == OWNER_EMAIL
    assert data["account"]["phone"] == "0912345678"
    assert "password" not in data["account"]
    assert [address["email"] for address in data["email_addresses"]] == [OWNER_EMAIL]
    titles = {submission["data"]["title"] for submission in data["submissions"]}
    assert titles == {"Sáng kiến đang chờ sàng lọc", "Bản nháp riêng"}
    sent = next(s for s in data["submissions"] if s["id"] == waiting.pk)
    assert sent["role"] == "owner"
    assert {upload["original_name"] for upload in sent["files"]} == {"xac-nhan.pdf", "mot.png", "bao-cao.pdf"}
    assert [page["id"] for page in data["initiative_pages"]] == [waiting.page_id]
    assert [follow["page"] for follow in data["follows"]] == [site_tree.expo.pk]


def test_download_never_holds_another_persons_data(client, owner, other, waiting):
    client.force_login(other)
    data = json.loads(client.get(download_url()).content)
    assert data["account"]["email"] == other.email
    assert data["submissions"] == [] and data["initiative_pages"] == []
    assert OWNER_EMAIL not in client.get(download_url()).content.decode()


def test_co_authors_get_the_submission_in_their_download(owner, other, waiting):
    waiting.co_authors.add(other)
    data = personal_data(other)
    assert [(s["id"], s["role"]) for s in data["submissions"]] == [(waiting.pk, "co-author")]


# Access matrix ----------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", [data_url, download_url])
def test_anonymous_visitors_are_sent_to_sign_in(client, owner, method, url):
    response = getattr(client, method)(url(), {"email": OWNER_EMAIL})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert get_user_model().objects.filter(email=OWNER_EMAIL).exists()


def test_another_person_cannot_delete_the_owners_account(client, owner, other, waiting):
    client.force_login(other)
    response = client.post(data_url(), {"email": OWNER_EMAIL})
    assert response.status_code == 200
    assert "Đây không phải là địa chỉ thư điện tử của tài khoản bạn." in response.content.decode()
    assert get_user_model().objects.filter(pk=owner.pk).exists()
    assert get_user_model().objects.filter(pk=other.pk).exists()
    assert Submission.objects.filter(pk=waiting.pk).exists()


@pytest.mark.parametrize("typed", ["", "sai@example.org", "x" * 5000])
def test_a_wrong_confirmation_deletes_nothing(client, owner, typed):
    client.force_login(owner)
    response = client.post(data_url(), {"email": typed})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=owner.pk).exists()


def test_the_page_explains_what_deletion_does(client, owner):
    client.force_login(owner)
    html = client.get(data_url()).content.decode()
    assert "Khi bạn xóa tài khoản:" in html
    assert f'href="{download_url()}"' in html
    assert 'name="email"' in html


def test_accounts_holding_a_role_are_closed_by_the_secretariat(client):
    screener = verified(make_screener())
    client.force_login(screener)
    page = client.get(data_url())
    assert page.status_code == 200 and 'name="email"' not in page.content.decode()
    assert client.post(data_url(), {"email": screener.email}).status_code == 200
    assert get_user_model().objects.filter(pk=screener.pk).exists()


# Deletion ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Tài khoản của bạn đã được xóa."),
        ("en", "Your account has been deleted."),
    ],
)
@pytest.mark.usefixtures("english_tree")
def test_the_owner_deletes_their_account(client, owner, published, waiting, draft, language, message):
    scan_id = InitiativePage.objects.get(pk=waiting.page_id).endorsement_document_id
    assert scan_id and WorkflowState.objects.filter(object_id=str(waiting.page_id)).exists()
    stored = [upload.file.name for upload in SubmissionFile.objects.filter(submission__owner=owner)]
    storage = SubmissionFile._meta.get_field("file").storage
    assert stored and all(storage.exists(name) for name in stored)
    client.force_login(owner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(data_url(language), {"email": f"  {OWNER_EMAIL.upper()} "}, follow=True)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not get_user_model().objects.filter(email=OWNER_EMAIL).exists()
    # Logged out: the account pages now ask to sign in.
    assert client.get(data_url()).status_code == 302
    # The published initiative stays, public, without an owner; the one never published is gone.
    page = InitiativePage.objects.get(pk=published.page_id)
    assert page.live and page.owner_id is None
    assert client.get(page.url).status_code == 200
    assert not Page.objects.filter(pk=waiting.page_id).exists()
    assert not WorkflowState.objects.filter(object_id=str(waiting.page_id)).exists()  # not left in the queue
    assert not get_document_model().objects.filter(pk=scan_id).exists()
    # Form data (with contact details) and uploads go with the account.
    assert not Submission.objects.filter(pk__in=[published.pk, waiting.pk, draft.pk]).exists()
    assert not any(storage.exists(name) for name in stored)


def test_a_co_authored_submission_passes_to_the_co_author(owner, other, waiting):
    waiting.co_authors.add(other)
    InitiativePage.objects.get(pk=waiting.page_id).co_authors.add(other)
    delete_account(owner)
    waiting.refresh_from_db()
    assert waiting.owner == other
    assert not waiting.co_authors.exists()
    assert InitiativePage.objects.get(pk=waiting.page_id).owner == other


def test_replications_and_problem_links_stay_when_their_recorder_leaves(client, owner, published, site_tree):
    initiative = InitiativePage.objects.get(pk=published.page_id)
    problem = make_problem(add_problem_bank(site_tree.home))
    link = ProblemLink.objects.create(
        problem=problem, initiative=initiative, kind=LinkKind.PROPOSED, created_by=owner
    )
    replication = Replication.objects.create(
        initiative=initiative,
        province=Province2025.objects.get(code="ha-noi"),
        organisation="UBND phường Hoàn Kiếm",
        year=2024,
        adapted="Đổi mẫu đơn.",
        state=Replication.State.PUBLISHED,
        created_by=owner,
    )
    delete_account(owner)
    assert ProblemLink.objects.get(pk=link.pk).created_by is None
    replication.refresh_from_db()
    assert replication.created_by is None and replication.organisation == "UBND phường Hoàn Kiếm"
    # A screener's later decision tells nobody rather than failing.
    notify_replication_decided.call(replication.pk)
    html = client.get(initiative.url).content.decode()
    assert "UBND phường Hoàn Kiếm" in html and "None" not in html
    client.force_login(make_screener("sang-loc-2@example.org"))
    screening = client.get(reverse("replication_screening:edit", args=[replication.pk]))
    assert screening.status_code == 200
    shown = re.findall(
        r'class="w-field__textoutput"[^>]*>\s*(.*?)\s*</div>', screening.content.decode(), re.S
    )
    assert "—" in shown and "None" not in shown  # "recorded by" shows a dash
