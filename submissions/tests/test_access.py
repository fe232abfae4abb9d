"""Who reaches which address of "My initiatives", and the private files behind them."""

import pytest
from django.urls import reverse

from submissions.models import Submission, SubmissionFile
from submissions.services import add_files
from tests.builders import pdf


@pytest.fixture
def draft(submitter, site_tree):
    submission = Submission.objects.create(
        owner=submitter, data={"title": "Bản nháp riêng tư", "language": "vi"}
    )
    add_files(submission, SubmissionFile.Role.ENDORSEMENT, [pdf("con-dau.pdf")])
    return submission


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


# Expected status per person and address: 302 to the login page, 404 for what is not theirs. The draft
# was never submitted, so its file is no screener's business.
EXPECTED = {
    "anonymous": dict.fromkeys(["dashboard", "new", "section", "review", "withdraw", "file"], 302),
    "stranger": {"dashboard": 200, "new": 200, "section": 404, "review": 404, "withdraw": 404, "file": 404},
    "co_author": {"dashboard": 200, "new": 200, "section": 200, "review": 200, "withdraw": 404, "file": 200},
    "screener": {"dashboard": 200, "new": 200, "section": 404, "review": 404, "withdraw": 404, "file": 404},
    # A draft never sent has no screening to stop: withdrawing it leads to deleting it.
    "owner": {**dict.fromkeys(["dashboard", "new", "section", "review", "file"], 200), "withdraw": 302},
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


def test_screeners_open_the_files_sent_to_screening_and_no_later_one(client, draft, people):
    client.force_login(people["screener"])
    sent = draft.files.get()
    draft.submitted_at = sent.created_at
    draft.save(update_fields=["submitted_at"])
    add_files(draft, SubmissionFile.Role.ATTACHMENT, [pdf("them-sau.pdf")])
    added_later = draft.files.exclude(pk=sent.pk).get()

    response = client.get(reverse("submissions:file", args=[draft.pk, sent.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert client.get(reverse("submissions:file", args=[draft.pk, added_later.pk])).status_code == 404
    client.force_login(draft.owner)
    assert client.get(reverse("submissions:file", args=[draft.pk, added_later.pk])).status_code == 200


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
        assert response.status_code in (302, 403, 404), document.url
        assert not getattr(response, "streaming", False), document.url
    for item in draft.gallery_images.all():
        assert "mot" not in item.image.file.name and "hai" not in item.image.file.name  # not guessable


# Actions that change something, asked for by POST; the file removal comes last as it deletes the file.
EXPECTED_POST = {
    "anonymous": {"propose_update": 302, "remove_co_author": 302, "withdraw": 302, "delete_file": 302},
    "stranger": {"propose_update": 404, "remove_co_author": 404, "withdraw": 404, "delete_file": 404},
    "co_author": {"propose_update": 403, "remove_co_author": 404, "withdraw": 404, "delete_file": 302},
    "screener": {"propose_update": 404, "remove_co_author": 404, "withdraw": 404, "delete_file": 404},
    "owner": {"propose_update": 403, "remove_co_author": 302, "withdraw": 302, "delete_file": 302},
}


@pytest.mark.parametrize("who", list(EXPECTED_POST))
def test_access_matrix_for_actions(client, draft, people, who):
    if people[who] is not None:
        client.force_login(people[who])
    upload = draft.files.get()
    co_author = people["co_author"]
    actions = {
        "propose_update": reverse("submissions:propose_update", args=[draft.pk]),
        "remove_co_author": reverse("submissions:remove_co_author", args=[draft.pk, co_author.pk]),
        "withdraw": reverse("submissions:withdraw", args=[draft.pk]),
        "delete_file": reverse("submissions:delete_file", args=[draft.pk, upload.pk]),
    }
    for name, url in actions.items():
        response = client.post(url)
        assert response.status_code == EXPECTED_POST[who][name], (who, name)
        if who == "anonymous":
            assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(("who", "status"), [("anonymous", 302), ("stranger", 200), ("co_author", 200)])
def test_invitation_and_profile_pages_need_an_account(client, draft, people, who, status):
    from submissions.models import CoAuthorInvitation

    invitation = CoAuthorInvitation.objects.create(
        submission=draft, email="moi@example.org", invited_by=draft.owner
    )
    if people[who] is not None:
        client.force_login(people[who])
    for url in (reverse("submissions:invitation", args=[invitation.token]), reverse("account_profile")):
        assert client.get(url).status_code == status, (who, url)
