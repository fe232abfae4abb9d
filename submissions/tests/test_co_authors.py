import re

from django.core import mail
from django.urls import reverse

from screening.decisions import decide
from submissions.models import CoAuthorInvitation, Submission
from tests.builders import SECTION_DATA, make_screener, make_user, verified

from .test_journey import fill_every_section, submit


def invite(client, submission, *emails):
    data = {**SECTION_DATA["contact"], "co_author_emails": "\n".join(emails)}
    return client.post(reverse("submissions:section", args=[submission.pk, "contact"]), data)


def invitation_link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


def test_invited_co_author_accepts_then_sees_and_edits(
    submitter_client, submitter, client, site_tree, django_capture_on_commit_callbacks
):
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        invite(submitter_client, submission, "Ban-Dong@example.org", "ban-dong@example.org")
    assert CoAuthorInvitation.objects.count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ban-dong@example.org"]
    assert "Một cửa số xã Hòa Phong" in mail.outbox[0].subject

    co_author = verified(make_user("ban-dong@example.org", preferred_language="en"))
    client.force_login(co_author)
    link = invitation_link(mail.outbox[0])
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    assert co_author in submission.co_authors.all()
    dashboard = client.get(reverse("submissions:dashboard")).content.decode()
    assert "Một cửa số xã Hòa Phong" in dashboard
    response = client.post(
        reverse("submissions:section", args=[submission.pk, "content"]), {"problem": "Đồng tác giả sửa."}
    )
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.data["problem"] == "Đồng tác giả sửa."


def test_invitation_sent_in_the_invitees_language(
    submitter_client, site_tree, django_capture_on_commit_callbacks
):
    make_user("english@example.org", preferred_language="en")
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        invite(submitter_client, submission, "english@example.org")
    assert mail.outbox[0].subject.startswith("You are invited to co-author")


def test_an_invitation_only_works_for_the_invited_address(
    submitter_client, client, site_tree, django_capture_on_commit_callbacks
):
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        invite(submitter_client, submission, "dung-nguoi@example.org")
    client.force_login(verified(make_user("sai-nguoi@example.org")))
    client.post(invitation_link(mail.outbox[0]))
    assert not submission.co_authors.exists()


def test_the_owner_removes_a_co_author(submitter_client, submission_with_co_author):
    submission, co_author = submission_with_co_author
    url = reverse("submissions:remove_co_author", args=[submission.pk, co_author.pk])
    assert submitter_client.post(url).status_code == 302
    assert not submission.co_authors.exists()


def test_a_co_author_cannot_remove_anyone(client, submission_with_co_author):
    submission, co_author = submission_with_co_author
    client.force_login(co_author)
    url = reverse("submissions:remove_co_author", args=[submission.pk, co_author.pk])
    assert client.post(url).status_code == 404
    assert submission.co_authors.exists()


def test_co_authors_of_a_submitted_initiative_are_on_the_page(submitter_client, open_call):
    co_author = verified(make_user("dong-tac-gia@example.org"))
    submission = fill_every_section(submitter_client, open_call)
    submission.co_authors.add(co_author)
    submit(submitter_client, submission)
    submission.refresh_from_db()
    assert co_author in submission.page.co_authors.all()


def test_dashboard_shows_the_screeners_feedback(submitter_client, open_call):
    submission = fill_every_section(submitter_client, open_call)
    submit(submitter_client, submission)
    submission.refresh_from_db()
    task_state = submission.page.current_workflow_state.current_task_state
    decide(task_state, make_screener(), "reject", comment="Cần bổ sung số liệu về kết quả.")
    html = submitter_client.get(reverse("submissions:dashboard")).content.decode()
    assert "Cần bổ sung số liệu về kết quả." in html


def test_an_unconfirmed_address_cannot_accept(
    submitter_client, client, site_tree, django_capture_on_commit_callbacks
):
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    submission = Submission.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        invite(submitter_client, submission, "chua-xac-nhan@example.org")
    client.force_login(make_user("chua-xac-nhan@example.org"))
    client.post(invitation_link(mail.outbox[0]))
    assert not submission.co_authors.exists()
