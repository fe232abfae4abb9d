"""The contests' signal handlers, connected in `ContestsConfig.ready`."""

from django.db.models.signals import post_delete, post_save

from calls.models import CallIndexPage
from jury.models import Evaluation, JuryMember

from .committee import follow_contest_dates, sync_assignments
from .models import ContestPage, Entry
from .rights import let_organisers_create_contests_in


def grant_organisers_rights(
    sender, instance: CallIndexPage, created: bool, raw: bool = False, **kwargs
) -> None:
    if created and not raw:
        let_organisers_create_contests_in(instance)


def keep_committee_on_dates(sender, instance: ContestPage, raw: bool = False, **kwargs) -> None:
    if not raw:
        follow_contest_dates(instance)


def assign_after_decision(sender, instance: Entry, raw: bool = False, update_fields=None, **kwargs) -> None:
    """A unit's decision (or a new submission after a return) changes what the committee reviews."""
    if not raw and update_fields is not None and "unit_decision" in update_fields:
        sync_assignments(instance.contest)


def assign_after_membership_change(sender, instance: JuryMember, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    evaluation = Evaluation.objects.filter(pk=instance.evaluation_id, round=Evaluation.Round.CONTEST).first()
    if evaluation is not None:
        contest = ContestPage.objects.filter(pk=evaluation.call_id).first()
        if contest is not None:
            sync_assignments(contest)


def connect() -> None:
    post_save.connect(
        grant_organisers_rights, sender=CallIndexPage, dispatch_uid="contests_organisers_rights"
    )
    post_save.connect(keep_committee_on_dates, sender=ContestPage, dispatch_uid="contests_committee_dates")
    post_save.connect(assign_after_decision, sender=Entry, dispatch_uid="contests_assign_after_decision")
    post_save.connect(assign_after_membership_change, sender=JuryMember, dispatch_uid="contests_member_saved")
    post_delete.connect(
        assign_after_membership_change, sender=JuryMember, dispatch_uid="contests_member_deleted"
    )
