"""The checks of benchmark_pages --submitters find what a run lost: a value changed, a draft doubled or never
submitted, an e-mail the worker never sent; and a later run starts again from the same accounts."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.utils import timezone

from benchmarks import submitters
from outbox.delivery import deliver, queue
from outbox.tests.worker import DATABASE_TASKS
from submissions.models import CoAuthorInvitation, Submission
from submissions.services import submit
from tests.builders import make_screener, submit_initiative


def sent_as_planned(plan: submitters.Plan) -> Submission:
    """The submission a run leaves when nothing went wrong: the draft as planned, its co-author invited, sent
    to screening."""
    owner = get_user_model().objects.get(email=plan.email)
    submission = Submission.objects.create(owner=owner, data=dict(plan.expected))
    CoAuthorInvitation.objects.create(submission=submission, email=plan.co_author, invited_by=owner)
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submission, owner)
    return Submission.objects.get(pk=submission.pk)


def test_a_submission_as_sent_loses_nothing(site_tree):
    make_screener()
    plan = submitters.prepare(1)[0]
    submission = sent_as_planned(plan)
    assert submitters.losses([plan], {1: submission.pk}) == []


def test_a_changed_value_is_reported(site_tree):
    make_screener()
    plan = submitters.prepare(1)[0]
    submission = sent_as_planned(plan)
    submission.data["summary"] = "Một tóm tắt khác."
    submission.save()

    assert submitters.losses([plan], {1: submission.pk}) == [
        f"{plan.email}: summary holds 'Một tóm tắt khác.' instead of {plan.expected['summary']!r}"
    ]


def test_a_draft_never_submitted_or_doubled_is_reported(site_tree):
    first, second = submitters.prepare(2)
    draft = Submission.objects.create(
        owner=get_user_model().objects.get(email=first.email), data=first.expected
    )
    for _ in range(2):
        Submission.objects.create(
            owner=get_user_model().objects.get(email=second.email), data=second.expected
        )

    assert submitters.losses([first, second], {1: draft.pk}) == [
        f"{first.email}: 0 invitations of the co-author instead of one",
        f"{first.email}: not submitted",
        f"{second.email}: 2 drafts instead of one",
    ]


def test_each_submitter_sends_values_of_its_own(site_tree):
    plans = submitters.prepare(3)
    for name in ["title", "summary", "organisation", "problem", "contact_phone", "video_url"]:
        assert len({plan.expected[name] for plan in plans}) == 3, name


def test_a_later_run_reuses_the_accounts_and_removes_what_the_last_one_submitted(site_tree):
    plan = submitters.prepare(1)[0]
    owner = get_user_model().objects.get(email=plan.email)
    page = submit_initiative(owner).page

    assert submitters.prepare(1)[0].email == plan.email
    assert get_user_model().objects.filter(email=plan.email).count() == 1
    assert not Submission.objects.exists()
    assert not type(page).objects.filter(pk=page.pk).exists()
    assert (
        get_user_model().objects.get(email=plan.email).check_password(submitters.PASSWORD) is False
    )  # PBKDF2


def test_an_e_mail_the_worker_never_sent_is_reported(site_tree, settings):
    settings.TASKS = DATABASE_TASKS
    plan = submitters.prepare(1)[0]
    since = timezone.now()
    queue(EmailMessage("Biên nhận", "Đã nhận.", None, [plan.email]))  # no worker runs

    delivery = submitters.wait_for_delivery(since, timezone.now(), [plan], lambda: "", patience=0)

    assert (delivery.queued, delivery.delivered, delivery.waiting, delivery.failed) == (1, 0, 1, 0)
    assert delivery.unfinished_tasks == {deliver.module_path: 1}
    assert delivery.missing_recipients == [plan.email, plan.co_author]
    assert not delivery.complete


def test_only_submitters_needs_submitters():
    with pytest.raises(CommandError, match="--only-submitters needs --submitters"):
        call_command("benchmark_pages", only_submitters=True, stdout=io.StringIO())
