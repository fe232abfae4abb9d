"""The two review tasks of the Expo: screening new submissions, and reviewing updates to published ones.

Both are group approvals by the Screeners group, with two rules of the Expo added: nobody decides
on an initiative they wrote or co-authored, and every decision records its outcome beside the
comment (`ReviewTaskState.outcome`), which the submitter's e-mails and dashboard show.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, TaskState

from initiatives.lifecycle import InitiativeStatus

from .permissions import authored_page_ids, is_author

#: Sent when Wagtail's workflow views act on a review task (see `on_action`). `signal_handlers` connects
#: `decisions.carry_out_review_action` to it: the decision is a service built on these models, which
#: therefore do not import it.
review_action_requested = Signal()


class ReviewTaskState(TaskState):
    class Outcome(models.TextChoices):
        """A decision, named by the status it gives the initiative; approving an update keeps its hall."""

        EXPO = InitiativeStatus.EXPO.value, InitiativeStatus.EXPO.label
        COMMUNITY = InitiativeStatus.COMMUNITY.value, InitiativeStatus.COMMUNITY.label
        CHANGES_REQUESTED = InitiativeStatus.CHANGES_REQUESTED.value, InitiativeStatus.CHANGES_REQUESTED.label
        DECLINED = InitiativeStatus.DECLINED.value, InitiativeStatus.DECLINED.label
        UPDATE_APPROVED = "update_approved", _("Update approved and published")

    outcome = models.CharField(_("outcome"), max_length=32, choices=Outcome.choices, blank=True)

    class Meta:
        verbose_name = _("review task state")
        verbose_name_plural = _("review task states")

    def get_comment(self):
        if not self.outcome:
            return self.comment
        return f"{self.get_outcome_display()}: {self.comment}" if self.comment else self.get_outcome_display()


class AuthorExcludedApprovalTask(AbstractGroupApprovalTask):
    """A group approval that the group's members cannot give on an initiative they wrote."""

    task_state_class = ReviewTaskState
    #: (action, label, whether it asks for details), as Wagtail's workflow views expect.
    decisions: tuple[tuple[str, str, bool], ...] = ()

    class Meta:
        abstract = True

    def get_actions(self, obj, user):
        return list(self.decisions) if self.may_decide(obj, user) else []

    def may_decide(self, page, user) -> bool:
        return (user.is_superuser or self._user_in_groups(user)) and not is_author(page.pk, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        own = [str(pk) for pk in authored_page_ids(user)]
        return states.exclude(workflow_state__object_id__in=own)

    def get_form_for_action(self, action):
        from .forms import FORMS_BY_ACTION

        return FORMS_BY_ACTION[type(self).__name__, action]

    def on_action(self, task_state, user, action_name, **kwargs):
        """Wagtail's own workflow views land here. The decision is carried out by `decisions`, which
        answers with the page to send the screener to when it refuses."""
        responses = review_action_requested.send(
            sender=type(self), task_state=task_state, user=user, action=action_name, data=kwargs
        )
        if not responses:
            raise ImproperlyConfigured("Nothing carries out screening decisions: is the app ready?")
        return next((redirect for _receiver, redirect in responses if redirect), None)


class ScreeningTask(AuthorExcludedApprovalTask):
    """Places a submission in a hall, sends it back for changes, or declines it for good."""

    decisions = (
        ("approve", _("Accept into a hall"), True),
        ("reject", _("Request changes"), True),
        ("decline", _("Decline"), True),
    )

    class Meta:
        verbose_name = _("screening task")
        verbose_name_plural = _("screening tasks")

    @classmethod
    def get_description(cls):
        return _(
            "Members of the chosen groups accept submissions into a hall, request changes or decline them"
        )


class UpdateReviewTask(AuthorExcludedApprovalTask):
    """Publishes an update an author proposed to their published initiative, or sends it back."""

    decisions = (
        ("approve", _("Approve the update"), True),
        ("reject", _("Request changes"), True),
    )

    class Meta:
        verbose_name = _("update review task")
        verbose_name_plural = _("update review tasks")

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups publish or send back updates to published initiatives")
