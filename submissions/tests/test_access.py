"""Who reaches which address of "My initiatives", and the private files behind them."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from submissions.models import Submission, SubmissionFile
from submissions.services import add_files
from tests.builders import make_user

from .conftest import pdf, verified


@pytest.fixture
def draft(submitter, site_tree):
    submission = Submission.objects.create(
        owner=submitter, data={"title": "Bản nháp riêng tư", "language": "vi"}
    )
    add_files(submission, SubmissionFile.Role.ENDORSEMENT, [pdf("con-dau.pdf")])
    return submission


@pytest.fixture
def people(draft):
    co_author = verified(make_user("dong-tac-gia@example.org"))
    draft.co_authors.add(co_author)
    screener = verified(make_user("sang-loc@example.org"))
    screener.groups.add(Group.objects.get(name="Screeners"))
    return {
        "anonymous": None,
        "stranger": verified(make_user("nguoi-la@example.org")),
        "co_author": co_author,
        "screener": screener,
        "owner": draft.owner,
    }


def urls(draft: Submission) -> dict[str, str]:
    upload = draft.files.get()
    return {
        "dashboard": reverse("submissions:dashboard"),
        "new": reverse("submissions:new"),
        "section": reverse("submissions:section", args=[draft.pk, "basics"]),
        "review": reverse("submissions:review", args=[draft.pk]),
        "withdraw": reverse("submissions:withdraw", args=[draft.pk]),
        "file": reverse("submissions:file", args=[draft.pk, upload.pk]),
    }


# Expected status per person and address: 302 to the login page, 404 for what is not theirs.
EXPECTED = {
    "anonymous": dict.fromkeys(["dashboard", "new", "section", "review", "withdraw", "file"], 302),
    "stranger": {"dashboard": 200, "new": 200, "section": 404, "review": 404, "withdraw": 404, "file": 404},
    "co_author": dict.fromkeys(["dashboard", "new", "section", "review", "withdraw", "file"], 200),
    "screener": {"dashboard": 200, "new": 200, "section": 404, "review": 404, "withdraw": 404, "file": 200},
    "owner": dict.fromkeys(["dashboard", "new", "section", "review", "withdraw", "file"], 200),
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_access_matrix(client, draft, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    for name, url in urls(draft).items():
        response = client.get(url)
        assert response.status_code == EXPECTED[who][name], (who, name)
        if response.status_code == 302 and who == "anonymous":
            assert "/accounts/login/" in response["Location"]


def test_private_file_is_served_with_its_content_only_to_those_allowed(client, draft, people):
    client.force_login(people["owner"])
    response = client.get(urls(draft)["file"])
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Cache-Control"] == "private, no-store"


def test_private_files_live_outside_the_public_media_folder(draft, settings):
    path = draft.files.get().file.path
    assert str(settings.PRIVATE_MEDIA_ROOT) in path
    assert not path.startswith(str(settings.MEDIA_ROOT) + "/")


def test_a_stranger_cannot_change_or_withdraw_someone_elses_draft(client, draft, people):
    client.force_login(people["stranger"])
    response = client.post(
        reverse("submissions:section", args=[draft.pk, "basics"]), {"title": "Chiếm quyền"}
    )
    assert response.status_code == 404
    assert client.post(reverse("submissions:withdraw", args=[draft.pk])).status_code == 404
    upload = draft.files.get()
    assert client.post(reverse("submissions:delete_file", args=[draft.pk, upload.pk])).status_code == 404
    draft.refresh_from_db()
    assert draft.data["title"] == "Bản nháp riêng tư" and draft.withdrawn_at is None
    assert draft.files.exists()


def test_files_of_a_submitted_draft_stay_private(client, submitter_client, open_call):
    from .test_journey import fill_every_section, submit

    submission = fill_every_section(submitter_client, open_call)
    submitter_client.post(
        reverse("submissions:section", args=[submission.pk, "media"]), {"attachments": [pdf("phu-luc.pdf")]}
    )
    submit(submitter_client, submission)
    submission.refresh_from_db()
    draft = submission.page.get_latest_revision_as_object()
    documents = [draft.endorsement_document, *(item.document for item in draft.attachments.all())]
    assert len(documents) == 2
    for document in documents:
        response = client.get(document.url)
        assert response.status_code in (302, 403), document.url
    for item in draft.gallery_images.all():
        assert "mot" not in item.image.file.name and "hai" not in item.image.file.name  # not guessable
