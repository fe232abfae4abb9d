"""A submitter drafts section by section, submits, answers a request for changes and resubmits."""

from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from wagtail.models import WorkflowState

from initiatives.models import InitiativePage
from screening.decisions import decide
from submissions.models import Submission, SubmissionFile
from submissions.services import status_of
from tests.builders import SECTION_DATA, make_screener, make_user, pdf, png


def section_url(submission: Submission, slug: str) -> str:
    return reverse("submissions:section", args=[submission.pk, slug])


def fill_every_section(client, call=None) -> Submission:
    basics = {**SECTION_DATA["basics"], "call": call.pk if call else ""}
    response = client.post(reverse("submissions:new"), basics)
    submission = Submission.objects.get()
    assert response.status_code == 302
    assert response["Location"] == section_url(submission, "classification")
    for slug in ("classification", "content"):
        assert client.post(section_url(submission, slug), SECTION_DATA[slug]).status_code == 302
    endorsement = {**SECTION_DATA["endorsement"], "scan": pdf()}
    assert client.post(section_url(submission, "endorsement"), endorsement).status_code == 302
    media = {**SECTION_DATA["media"], "images": [png("mot.png"), png("hai.png")]}
    assert client.post(section_url(submission, "media"), media).status_code == 302
    assert client.post(section_url(submission, "contact"), SECTION_DATA["contact"]).status_code == 302
    submission.refresh_from_db()
    return submission


def submit(client, submission: Submission):
    return client.post(reverse("submissions:review", args=[submission.pk]), {"declaration": "on"})


def test_draft_survives_logging_out(submitter_client, submitter, site_tree):
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    submitter_client.logout()
    submitter_client.force_login(submitter)
    submission = Submission.objects.get()
    html = submitter_client.get(section_url(submission, "basics")).content.decode()
    assert "Một cửa số xã Hòa Phong" in html


def test_the_whole_submission_starts_screening_on_the_submitted_revision(
    submitter_client, submitter, open_call
):
    submission = fill_every_section(submitter_client, open_call)
    assert submission.files.filter(role=SubmissionFile.Role.IMAGE).count() == 2
    assert submission.files.filter(role=SubmissionFile.Role.ENDORSEMENT).count() == 1

    response = submit(submitter_client, submission)
    assert response.status_code == 302
    submission.refresh_from_db()
    page = InitiativePage.objects.get(pk=submission.page_id)
    assert page.get_parent().specific_class.__name__ == "IntakePage"
    assert not page.live
    assert page.owner == submitter
    revision = page.get_latest_revision()
    assert revision.user == submitter
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == revision
    draft = revision.as_object()
    assert draft.title == "Một cửa số xã Hòa Phong"
    assert draft.province.gso_code == "48"
    assert sorted(goal.code for goal in draft.goals.all()) == ["egov", "feedback"]
    assert draft.solution == "<p>Một cổng tiếp nhận trực tuyến.</p><p>Kết nối với bộ phận một cửa.</p>"
    assert draft.contact_phone == "0905 123 456"
    assert draft.endorsement_document is not None and not draft.endorsement_verified
    assert draft.endorsement_document.collection.name == "Endorsements"
    assert len(draft.gallery_images.all()) == 2
    assert draft.call.pk == open_call.pk
    assert status_of(submission).code == "screening"

    dashboard = submitter_client.get(reverse("submissions:dashboard")).content.decode()
    assert "Một cửa số xã Hòa Phong" in dashboard
    assert "Đang sàng lọc" in dashboard or "In screening" in dashboard


def test_request_for_changes_then_resubmission(submitter_client, submitter, open_call):
    submission = fill_every_section(submitter_client, open_call)
    submit(submitter_client, submission)
    submission.refresh_from_db()
    state = submission.page.current_workflow_state
    decide(state.current_task_state, make_screener(), "reject", comment="Bổ sung số liệu kết quả.")
    assert status_of(submission).code == "changes_requested"

    edited = {**SECTION_DATA["content"], "results": "Giảm 60% số lần đi lại; 1.200 hồ sơ trong năm 2025."}
    assert submitter_client.post(section_url(submission, "content"), edited).status_code == 302
    assert submit(submitter_client, submission).status_code == 302

    page = InitiativePage.objects.get(pk=submission.page_id)
    state = page.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    latest = page.get_latest_revision()
    assert "1.200 hồ sơ" in latest.as_object().results
    assert state.current_task_state.revision == latest
    assert page.revisions.count() == 2


def test_an_initiative_in_screening_cannot_be_edited_or_submitted_twice(submitter_client, open_call):
    submission = fill_every_section(submitter_client, open_call)
    submit(submitter_client, submission)
    response = submitter_client.post(section_url(submission, "content"), SECTION_DATA["content"])
    assert response.status_code == 302
    assert response["Location"] == reverse("submissions:dashboard")
    submit(submitter_client, submission)
    assert WorkflowState.objects.count() == 1


def test_submitting_outside_the_intake_window_is_refused_with_the_dates(submitter_client, site_tree):
    from tests.builders import make_call

    closed = make_call(site_tree.calls, intake_opens=date(2021, 5, 5), intake_closes=date(2021, 6, 30))
    closed.intake_closes = date(2099, 1, 1)  # still offered in the form while we fill it in
    closed.save_revision().publish()
    submission = fill_every_section(submitter_client, closed)
    closed.intake_closes = date(2021, 6, 30)
    closed.save_revision().publish()

    response = submit(submitter_client, submission)
    html = response.content.decode()
    assert response.status_code == 200
    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        assert date_format(date(2021, 5, 5)) in html
        assert date_format(date(2021, 6, 30)) in html
    submission.refresh_from_db()
    assert submission.page is None
    assert status_of(submission).code == "draft"


def test_an_unverified_address_is_asked_to_confirm_before_using_the_form(client, site_tree):
    client.force_login(make_user("chua-xac-nhan@example.org"))
    response = client.get(reverse("submissions:new"))
    assert response.status_code == 200
    assert "account/verified_email_required.html" in [t.name for t in response.templates]
    assert len(mail.outbox) == 1  # a fresh confirmation link
    client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    assert not Submission.objects.exists()


def test_incomplete_submission_lists_what_is_missing(submitter_client, site_tree):
    submitter_client.post(reverse("submissions:new"), {"title": "Chỉ có tên", "language": "vi"})
    submission = Submission.objects.get()
    response = submitter_client.get(reverse("submissions:review", args=[submission.pk]))
    missing = dict(response.context["missing"])
    assert "classification" in missing and "content" in missing
    assert submit(submitter_client, submission).status_code == 200
    submission.refresh_from_db()
    assert submission.page is None


def test_withdrawing_stops_screening(submitter_client, open_call):
    submission = fill_every_section(submitter_client, open_call)
    submit(submitter_client, submission)
    confirm = submitter_client.get(reverse("submissions:withdraw", args=[submission.pk]))
    assert confirm.status_code == 200
    submitter_client.post(reverse("submissions:withdraw", args=[submission.pk]))
    submission.refresh_from_db()
    assert status_of(submission).code == "withdrawn"
    assert submission.page.current_workflow_state is None


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_form_speaks_the_visitors_language(submitter_client, site_tree, language):
    url = reverse("submissions:new").replace("/vi/", f"/{language}/")
    html = submitter_client.get(url).content.decode()
    assert f'<html lang="{language}"' in html
    assert ("Tên sáng kiến" if language == "vi" else "Title of the initiative") in html


def test_an_author_proposes_an_update_while_the_published_version_stays_online(submitter_client, open_call):
    submission = fill_every_section(submitter_client, open_call)
    submit(submitter_client, submission)
    submission.refresh_from_db()
    page = submission.page
    page.get_latest_revision().publish()  # accepted as it is, for this test
    hall_title = InitiativePage.objects.get(pk=page.pk).title
    submission = Submission.objects.get(pk=submission.pk)
    assert status_of(submission).code in {"expo", "community"}

    response = submitter_client.post(reverse("submissions:propose_update", args=[submission.pk]))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.data["solution"] == "Một cổng tiếp nhận trực tuyến.\n\nKết nối với bộ phận một cửa."
    basics = {**SECTION_DATA["basics"], "title": "Một cửa số xã Hòa Phong (2026)", "call": open_call.pk}
    submitter_client.post(section_url(submission, "basics"), basics)
    assert submit(submitter_client, submission).status_code == 302

    live = InitiativePage.objects.get(pk=page.pk)
    assert live.live and live.title == hall_title
    assert live.get_latest_revision().as_object().title == "Một cửa số xã Hòa Phong (2026)"
    assert live.has_unpublished_changes


def test_the_form_links_to_the_registration_form_template(submitter_client, site_tree):
    from wagtail.models import Site

    from home.models import ExpoSettings
    from tests.builders import make_document

    template = make_document("Mẫu đăng ký", private=False)
    expo_settings = ExpoSettings.for_site(Site.objects.get(is_default_site=True))
    expo_settings.registration_form_vi = template
    expo_settings.save()
    html = submitter_client.get(reverse("submissions:new")).content.decode()
    assert template.url in html
