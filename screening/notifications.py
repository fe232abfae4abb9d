"""E-mails of screening, sent in the background, each in its recipient's language.

Authors (owner and co-authors) hear of the receipt of their submission and of every decision;
screeners hear of each submission or resubmission waiting for them. These e-mails replace
Wagtail's own workflow e-mails for the Expo's review workflows (which would reach submitters in
the admin's words and with admin links); other workflows keep Wagtail's.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMessage
from django.db import transaction
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django_tasks import task
from wagtail.admin import signal_handlers as wagtail_notifiers
from wagtail.models import Task, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from core.links import page_url, site_url
from initiatives.models import SCREENERS_GROUP_NAME, InitiativePage
from outbox.delivery import queue

from .models import AuthorExcludedApprovalTask, ReviewTaskState


def render_plain_text(template_name: str, context: dict) -> str:
    """E-mails are plain text: nothing in them is HTML-escaped."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def send_in_language(user, template_base: str, context: dict) -> None:
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {**context, "recipient": user, "site_url": site_url()}
        subject = " ".join(render_plain_text(f"{template_base}_subject.txt", context).split())
        body = render_plain_text(f"{template_base}_message.txt", context)
    queue(EmailMessage(subject, body, None, [user.email]))


def authors_of(page: InitiativePage) -> list:
    authors = [page.owner] if page.owner else []
    authors += [user for user in page.co_authors.all() if user.pk != page.owner_id]
    return [user for user in authors if user.is_active and user.email]


def screeners_for(page: InitiativePage):
    authors = {user.pk for user in authors_of(page)}
    return (
        get_user_model()
        .objects.filter(groups__name=SCREENERS_GROUP_NAME, is_active=True)
        .exclude(pk__in=authors)
        .exclude(email="")
        .distinct()
    )


def page_context(page: InitiativePage) -> dict:
    draft = page.get_latest_revision_as_object()
    submission = getattr(page, "submission", None)
    return {
        "page": page,
        "title": draft.title,
        "submission_id": submission.pk if submission else None,
    }


@task()
def notify_received(task_state_id: int) -> None:
    state = ReviewTaskState.objects.select_related("workflow_state").get(pk=task_state_id)
    page = InitiativePage.objects.get(pk=state.workflow_state.object_id)
    earlier = TaskState.objects.filter(workflow_state=state.workflow_state, started_at__lt=state.started_at)
    kind = "update" if page.live else ("resubmission" if earlier.exists() else "submission")
    context = {**page_context(page), "kind": kind}
    for author in authors_of(page):
        send_in_language(author, "screening/email/received", context)
    for screener in screeners_for(page):
        send_in_language(screener, "screening/email/waiting", context)


@task()
def notify_decision(task_state_id: int) -> None:
    state = ReviewTaskState.objects.select_related("workflow_state").get(pk=task_state_id)
    page = InitiativePage.objects.get(pk=state.workflow_state.object_id)
    context = {
        **page_context(page),
        "comment": state.comment,
        "outcome": state.outcome,
        # Acceptances and approved updates link to the published page.
        "page_url": page_url(page) if page.live else None,
    }
    for author in authors_of(page):
        send_in_language(author, f"screening/email/{state.outcome}", context)


def on_review_task_submitted(sender, instance, user=None, **kwargs) -> None:
    transaction.on_commit(lambda: notify_received.enqueue(instance.pk))


def is_expo_review(workflow_state: WorkflowState) -> bool:
    """Whether the workflow is one of the Expo's reviews, whose e-mails the Expo sends itself: every
    subclass of `AuthorExcludedApprovalTask`, the problem bank's included."""
    task_models = [model for model in apps.get_models() if issubclass(model, AuthorExcludedApprovalTask)]
    review_types = ContentType.objects.get_for_models(*task_models).values()
    return Task.objects.filter(
        workflow_tasks__workflow_id=workflow_state.workflow_id, content_type__in=review_types
    ).exists()


def except_expo_reviews(notifier):
    def receiver(sender, instance, **kwargs):
        if not is_expo_review(instance):
            notifier(sender=sender, instance=instance, **kwargs)

    return receiver


WAGTAIL_WORKFLOW_NOTIFIERS = (
    (workflow_submitted, "workflow_state_submitted_email_notification", "workflow_submission_email_notifier"),
    (workflow_rejected, "workflow_state_rejected_email_notification", "workflow_rejection_email_notifier"),
    (workflow_approved, "workflow_state_approved_email_notification", "workflow_approval_email_notifier"),
)


def connect_signals() -> None:
    """Runs after wagtail.admin's `ready` (see INSTALLED_APPS), which connects the notifiers replaced here."""
    task_submitted.connect(
        on_review_task_submitted, sender=ReviewTaskState, dispatch_uid="expo_review_task_submitted"
    )
    for signal, dispatch_uid, notifier_name in WAGTAIL_WORKFLOW_NOTIFIERS:
        signal.disconnect(sender=WorkflowState, dispatch_uid=dispatch_uid)
        signal.connect(
            except_expo_reviews(getattr(wagtail_notifiers, notifier_name)),
            sender=WorkflowState,
            dispatch_uid=f"{dispatch_uid}_except_expo_reviews",
            weak=False,
        )
