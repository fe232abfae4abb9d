"""The selection's e-mails link to its pages by reversing the URLconf: moved pages are still reached."""

import pytest
from django.core import mail

from jury.models import Assignment
from jury.reminders import remind
from jury.secretariat import notify_assigned
from jury.shortlist import publish
from tests.builders import make_call, make_initiative, make_user

from .builders import make_evaluation, make_juror, submit_scores

SCORES = {"commitment": 4, "feasibility": 4, "benefit": 4, "replicability": 4}


@pytest.mark.urls("jury.tests.moved_urls")
def test_the_e_mails_follow_the_pages_when_their_addresses_change(
    site_tree, django_capture_on_commit_callbacks
):
    call = make_call(site_tree.calls)
    chair = make_juror("chu-tich@example.org", preferred_language="en")
    juror = make_juror("giam-khao@example.org", preferred_language="vi")
    evaluation = make_evaluation(call, chairs=[chair], jurors=[juror])
    languages = ("en", "vi", "vi")
    pages = [
        make_initiative(
            site_tree.expo,
            f"Sáng kiến {number}",
            call=call,
            owner=make_user(f"tac-gia-{number}@example.org", preferred_language=language),
        )
        for number, language in enumerate(languages)
    ]
    for page in pages:
        submit_scores(evaluation, chair, page, SCORES)
    assignment = Assignment.objects.create(evaluation=evaluation, juror=juror, initiative=pages[0])
    reviews_link = "\nhttp://testserver/back-office/evaluation/reviews/\n"

    remind(evaluation)
    [reminder] = mail.outbox
    assert reminder.to == [juror.email] and reviews_link in reminder.body
    mail.outbox.clear()

    notify_assigned.call(juror.pk, [assignment.pk])
    [assigned] = mail.outbox
    assert reviews_link in assigned.body
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        publish(evaluation, pages, "Ba sáng kiến tốt nhất.", chair)
    bodies = {message.to[0]: message.body for message in mail.outbox}
    for number, (page, language) in enumerate(zip(pages, languages, strict=True)):
        link = f"\nhttp://testserver/{language}/selection/proposals/{page.pk}/\n"
        assert link in bodies[f"tac-gia-{number}@example.org"]
    assert all("/my/" not in body and "/admin/" not in body for body in bodies.values())
