"""Screening's signal handlers, connected in `ScreeningConfig.ready`.

Saving the intake page, in code or in the admin, restricts it to screeners and puts the screening
workflow on it; saving a hall puts the update review workflow on it. Both give the Screeners group
its page rights there. (Migrations save through historical models, which send no such signal: a
migration that makes these pages equips them itself, as screening's 0002 does.) Wagtail's workflow
views act on a review task through `review_action_requested`, which `decisions` carries out.
"""

from django.db.models.signals import post_save

from halls.models import HallPage
from initiatives.models import IntakePage

from .decisions import carry_out_review_action
from .models import ScreeningTask, UpdateReviewTask, review_action_requested
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
    # Other apps' review tasks (the problem bank's) send the same signal and carry out their own decisions.
    for task_class in (ScreeningTask, UpdateReviewTask):
        review_action_requested.connect(
            carry_out_review_action, sender=task_class, dispatch_uid=f"expo_carry_out_{task_class.__name__}"
        )
