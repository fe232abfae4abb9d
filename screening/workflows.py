"""The Expo's two workflows and where they apply.

"Screening" sits on the intake page, where submissions arrive; "Update review" sits on the
halls, where published initiatives live and their authors propose updates. Both are decided by
the Screeners group, which gets the page rights it needs on those subtrees (editing, publishing,
and moving out of the intake page) as the pages are saved (see `signal_handlers`); no screener
needs to be a superuser. Only screeners (and administrators) may view the intake page.
"""

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    GroupPagePermission,
    Page,
    PageViewRestriction,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from initiatives.models import SCREENERS_GROUP_NAME

from .models import ScreeningTask, UpdateReviewTask

SCREENING_WORKFLOW_NAME = "Screening"
UPDATE_REVIEW_WORKFLOW_NAME = "Update review"


def screeners() -> Group:
    return Group.objects.get_or_create(name=SCREENERS_GROUP_NAME)[0]


def review_workflow(name: str, task_class) -> Workflow:
    """The named workflow with its single task, made on first use (the migration makes it on install)."""
    workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if created:
        task = task_class.objects.create(name=name)
        task.groups.set([screeners()])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def grant_screeners(page: Page, codenames: tuple[str, ...]) -> None:
    group = screeners()
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def assign_screening_workflow(intake: Page) -> None:
    WorkflowPage.objects.update_or_create(
        page=intake, defaults={"workflow": review_workflow(SCREENING_WORKFLOW_NAME, ScreeningTask)}
    )
    grant_screeners(intake, ("change_page",))


def assign_update_review_workflow(hall: Page) -> None:
    WorkflowPage.objects.update_or_create(
        page=hall, defaults={"workflow": review_workflow(UPDATE_REVIEW_WORKFLOW_NAME, UpdateReviewTask)}
    )
    grant_screeners(hall, ("change_page", "publish_page"))


def restrict_to_screeners(intake: Page) -> None:
    # A copy (e.g. the intake page's translation) may bring its own restriction along: keep the first.
    restriction = PageViewRestriction.objects.filter(page=intake).order_by("pk").first()
    if restriction is None:
        restriction = PageViewRestriction.objects.create(
            page=intake, restriction_type=PageViewRestriction.GROUPS
        )
    if restriction.restriction_type != PageViewRestriction.GROUPS:
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()
    restriction.groups.add(screeners())
