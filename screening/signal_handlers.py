"""Screening's hold on the pages it reviews, kept as they are saved: in code, in the admin or by a migration.

Saving the intake page restricts it to screeners and puts the screening workflow on it; saving a
hall puts the update review workflow on it. Both give the Screeners group its page rights there.
"""

from django.db.models.signals import post_save

from halls.models import HallPage
from initiatives.models import IntakePage

from .workflows import assign_screening_workflow, assign_update_review_workflow, restrict_to_screeners


def intake_page_saved(sender, instance: IntakePage, raw: bool = False, **kwargs) -> None:
    if raw:  # a fixture being loaded: its rows come as they are
        return
    restrict_to_screeners(instance)
    assign_screening_workflow(instance)


def hall_page_saved(sender, instance: HallPage, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    assign_update_review_workflow(instance)


def register_signal_handlers() -> None:
    post_save.connect(intake_page_saved, sender=IntakePage)
    post_save.connect(hall_page_saved, sender=HallPage)
