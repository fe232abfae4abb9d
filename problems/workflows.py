"""The "Problem screening" workflow and where it applies: on every problem bank, decided by the Screeners.

Saving a bank (in code, in the admin, or as the copy for another language) puts the workflow on it and
gives the Screeners group the page rights its decisions need there: editing, and publishing (finishing
the workflow publishes the problem as the screener who approves it). See `signal_handlers`.
"""

from wagtail.models import Page, WorkflowPage

from screening.workflows import grant_screeners, review_workflow

from .models import ProblemScreeningTask

PROBLEM_SCREENING_WORKFLOW_NAME = "Problem screening"


def assign_problem_screening_workflow(bank: Page) -> None:
    WorkflowPage.objects.update_or_create(
        page=bank,
        defaults={"workflow": review_workflow(PROBLEM_SCREENING_WORKFLOW_NAME, ProblemScreeningTask)},
    )
    grant_screeners(bank, ("change_page", "publish_page"))
