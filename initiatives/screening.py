"""The screening workflow that submissions enter on the intake page.

A plain group-approval task by the Screeners group; the screening decisions of the Expo (halls,
decline with a reason) build on it.
"""

from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Workflow, WorkflowPage, WorkflowTask

SCREENING_WORKFLOW_NAME = "Screening"
SCREENING_TASK_NAME = "Screening by the Screeners group"


def screening_workflow() -> Workflow:
    workflow, created = Workflow.objects.get_or_create(
        name=SCREENING_WORKFLOW_NAME, defaults={"active": True}
    )
    if created:
        from .models import SCREENERS_GROUP_NAME

        task = GroupApprovalTask.objects.create(name=SCREENING_TASK_NAME)
        task.groups.set([Group.objects.get_or_create(name=SCREENERS_GROUP_NAME)[0]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def assign_screening_workflow(intake: Page) -> None:
    WorkflowPage.objects.update_or_create(page=intake, defaults={"workflow": screening_workflow()})
