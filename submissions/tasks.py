"""E-mails of the submitter's area, sent in the background."""

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from core.links import site_url
from outbox.delivery import queue


@task()
def send_co_author_invitation(invitation_id: int, language: str) -> None:
    from .models import CoAuthorInvitation

    invitation = CoAuthorInvitation.objects.select_related("submission", "invited_by").get(pk=invitation_id)
    invitee = get_user_model().objects.filter(email__iexact=invitation.email).first()
    with translation.override(getattr(invitee, "preferred_language", None) or language):
        context = {
            "invitation": invitation,
            "title": invitation.submission.title,
            "inviter": invitation.invited_by,
            "url": site_url(reverse("submissions:invitation", args=[invitation.token])),
        }
        subject = render_to_string("submissions/email/invitation_subject.txt", context).strip()
        body = render_to_string("submissions/email/invitation_message.txt", context)
    queue(EmailMessage(subject, body, None, [invitation.email]))
