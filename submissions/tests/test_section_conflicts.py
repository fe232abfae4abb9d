"""Two authors editing one draft: other sections are never overwritten, the same section is merged by hand."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation

from initiatives.models import Stage
from submissions.models import CoAuthorInvitation, Submission, SubmissionFile
from tests.builders import SECTION_DATA, pdf

VERSION_INPUT = re.compile(r'name="section_version" value="([^"]*)"')
CONFLICT_MESSAGE = {
    "vi": "Trong lúc bạn đang sửa, một người khác đã lưu phần này.",
    "en": "Someone else saved this section while you were editing it.",
}


@pytest.fixture
def draft(submission_with_co_author):
    return submission_with_co_author[0]


@pytest.fixture
def co_author_client(submission_with_co_author):
    client = Client()
    client.force_login(submission_with_co_author[1])
    return client


def section_url(submission: Submission, slug: str, language: str = "vi") -> str:
    with translation.override(language):
        return reverse("submissions:section", args=[submission.pk, slug])


def version_in(response) -> dict:
    found = VERSION_INPUT.search(response.content.decode())
    assert found, "the form carries no section version"
    return {"section_version": found.group(1)}


def open_section(client, submission: Submission, slug: str, language: str = "vi") -> dict:
    """The form's data as the author finds it: their typing goes on top of this."""
    return version_in(client.get(section_url(submission, slug, language)))


def test_different_sections_opened_together_keep_both_edits(submitter_client, co_author_client, draft):
    basics = {**SECTION_DATA["basics"], **open_section(submitter_client, draft, "basics")}
    content = {**SECTION_DATA["content"], **open_section(co_author_client, draft, "content")}

    assert submitter_client.post(section_url(draft, "basics"), basics).status_code == 302
    assert co_author_client.post(section_url(draft, "content"), content).status_code == 302

    draft.refresh_from_db()
    assert draft.data["title"] == SECTION_DATA["basics"]["title"]
    assert draft.data["problem"] == SECTION_DATA["content"]["problem"]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_section_saved_meanwhile_is_not_overwritten_and_the_author_is_told(
    submitter_client, co_author_client, draft, language
):
    owner_form = {**SECTION_DATA["content"], **open_section(submitter_client, draft, "content")}
    co_author_form = {**SECTION_DATA["content"], **open_section(co_author_client, draft, "content", language)}
    submitter_client.post(section_url(draft, "content"), {**owner_form, "problem": "Chủ sở hữu viết trước."})

    response = co_author_client.post(
        section_url(draft, "content", language), {**co_author_form, "problem": "Đồng tác giả viết sau."}
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert CONFLICT_MESSAGE[language] in html
    assert ">\nĐồng tác giả viết sau.</textarea>" in html
    assert html.count("Chủ sở hữu viết trước.") == 1
    assert 'id="problem-saved-meanwhile"' in html
    assert 'id="solution-saved-meanwhile"' not in html
    draft.refresh_from_db()
    assert draft.data["problem"] == "Chủ sở hữu viết trước."


def test_saving_again_after_being_told_goes_through(submitter_client, co_author_client, draft):
    owner_form = {**SECTION_DATA["content"], **open_section(submitter_client, draft, "content")}
    co_author_form = {**SECTION_DATA["content"], **open_section(co_author_client, draft, "content")}
    submitter_client.post(section_url(draft, "content"), {**owner_form, "problem": "Bản của chủ sở hữu."})
    merged = {**co_author_form, "problem": "Bản của chủ sở hữu, thêm ý của đồng tác giả."}
    told = co_author_client.post(section_url(draft, "content"), merged)

    response = co_author_client.post(section_url(draft, "content"), {**merged, **version_in(told)})

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["problem"] == "Bản của chủ sở hữu, thêm ý của đồng tác giả."


def test_the_same_values_saved_meanwhile_are_no_conflict(submitter_client, co_author_client, draft):
    same = {**SECTION_DATA["content"], "problem": "Cả hai cùng viết thế này."}
    owner_form = open_section(submitter_client, draft, "content")
    co_author_form = open_section(co_author_client, draft, "content")
    submitter_client.post(section_url(draft, "content"), {**same, **owner_form})

    assert co_author_client.post(section_url(draft, "content"), {**same, **co_author_form}).status_code == 302


def test_choices_saved_meanwhile_are_shown_by_their_labels_and_cleared_fields_as_empty(
    submitter_client, co_author_client, draft
):
    owner_form = {**SECTION_DATA["classification"], **open_section(submitter_client, draft, "classification")}
    co_author_form = {
        **SECTION_DATA["classification"],
        **open_section(co_author_client, draft, "classification"),
    }
    submitter_client.post(
        section_url(draft, "classification"), {**owner_form, "stage": "scaled", "organisation": ""}
    )

    response = co_author_client.post(
        section_url(draft, "classification"), {**co_author_form, "stage": "idea"}
    )

    html = response.content.decode()
    assert Stage.objects.get(code="scaled").name_vi in html
    assert 'id="stage-saved-meanwhile"' in html and 'id="organisation-saved-meanwhile"' in html
    assert "(để trống)" in html
    assert 'id="goals-saved-meanwhile"' not in html


def test_a_failed_check_does_not_hide_a_save_made_meanwhile(submitter_client, co_author_client, draft):
    owner_form = {**SECTION_DATA["content"], **open_section(submitter_client, draft, "content")}
    co_author_form = {**SECTION_DATA["content"], **open_section(co_author_client, draft, "content")}
    submitter_client.post(section_url(draft, "content"), {**owner_form, "problem": "Chủ sở hữu viết trước."})
    too_long = co_author_client.post(
        section_url(draft, "content"), {**co_author_form, "problem": "x" * 10_001}
    )
    assert too_long.context["form"].errors["problem"]

    response = co_author_client.post(
        section_url(draft, "content"), {**co_author_form, **version_in(too_long), "problem": "Đồng tác giả."}
    )

    assert CONFLICT_MESSAGE["vi"] in response.content.decode()
    draft.refresh_from_db()
    assert draft.data["problem"] == "Chủ sở hữu viết trước."


def test_files_uploaded_with_a_conflicting_section_are_kept(submitter_client, co_author_client, draft):
    owner_form = {**SECTION_DATA["endorsement"], **open_section(submitter_client, draft, "endorsement")}
    co_author_form = {**SECTION_DATA["endorsement"], **open_section(co_author_client, draft, "endorsement")}
    submitter_client.post(
        section_url(draft, "endorsement"), {**owner_form, "authority_name": "UBND xã Hòa Phong"}
    )

    response = co_author_client.post(
        section_url(draft, "endorsement"), {**co_author_form, "authority_name": "UBND tỉnh", "scan": pdf()}
    )

    assert CONFLICT_MESSAGE["vi"] in response.content.decode()
    assert draft.files.filter(role=SubmissionFile.Role.ENDORSEMENT).count() == 1
    draft.refresh_from_db()
    assert draft.data["authority_name"] == "UBND xã Hòa Phong"


def test_co_authors_are_invited_once_the_contact_section_is_saved(
    submitter_client, co_author_client, draft, django_capture_on_commit_callbacks
):
    owner_form = {**SECTION_DATA["contact"], **open_section(submitter_client, draft, "contact")}
    co_author_form = {**SECTION_DATA["contact"], **open_section(co_author_client, draft, "contact")}
    submitter_client.post(section_url(draft, "contact"), {**owner_form, "contact_phone": "0905 000 111"})

    with django_capture_on_commit_callbacks(execute=True):
        told = co_author_client.post(
            section_url(draft, "contact"), {**co_author_form, "co_author_emails": "ban-moi@example.org"}
        )
    assert not CoAuthorInvitation.objects.exists() and not mail.outbox

    merged = {**co_author_form, **version_in(told), "contact_phone": "0905 000 111"}
    with django_capture_on_commit_callbacks(execute=True):
        response = co_author_client.post(
            section_url(draft, "contact"), {**merged, "co_author_emails": "ban-moi@example.org"}
        )

    assert response.status_code == 302
    assert list(CoAuthorInvitation.objects.values_list("email", flat=True)) == ["ban-moi@example.org"]
    assert mail.outbox[0].to == ["ban-moi@example.org"]


def test_a_new_draft_kept_after_a_failed_check_saves_without_conflict(submitter_client, site_tree):
    english_form = {**SECTION_DATA["basics"], "title": "x" * 256}
    with translation.override("en"):
        new_url = reverse("submissions:new")
    refused = submitter_client.post(new_url, english_form)
    assert refused.status_code == 200
    draft = Submission.objects.get()

    response = submitter_client.post(
        section_url(draft, "basics", "en"), {**SECTION_DATA["basics"], **version_in(refused)}
    )

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.data["title"] == SECTION_DATA["basics"]["title"]
    assert draft.data["language"] == "vi"
