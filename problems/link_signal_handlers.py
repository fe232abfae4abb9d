"""Links follow the initiatives: named in a submission, announced when the initiative is published."""

from __future__ import annotations

from wagtail.signals import page_published

from initiatives.models import InitiativePage
from submissions.models import Submission
from submissions.signals import submission_submitted

from .link_forms import PROBLEM_LINK_KIND_FIELD, PROBLEMS_FIELD
from .links import announce_published, propose_links


def on_submission_submitted(sender, submission, page, user, **kwargs) -> None:
    named = submission.data.get(PROBLEMS_FIELD)
    if isinstance(named, list):
        propose_links(page, named, submission.data.get(PROBLEM_LINK_KIND_FIELD) or "", user)


def on_initiative_published(sender, instance, **kwargs) -> None:
    announce_published(instance)


def connect() -> None:
    submission_submitted.connect(
        on_submission_submitted, sender=Submission, dispatch_uid="problem_links_named"
    )
    page_published.connect(
        on_initiative_published, sender=InitiativePage, dispatch_uid="problem_links_announced"
    )
