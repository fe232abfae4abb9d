"""The migration that equips the Screeners group, run on a site built before screening existed."""

import importlib

from django.apps import apps
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, GroupPagePermission, Workflow, WorkflowPage, WorkflowTask

from screening.models import ScreeningTask, UpdateReviewTask

install = importlib.import_module("screening.migrations.0002_screeners_rights_and_workflows").install


def test_an_earlier_site_gets_the_workflows_and_the_rights(site_tree):
    screeners = Group.objects.get(name="Screeners")
    GroupPagePermission.objects.filter(group=screeners).delete()
    WorkflowPage.objects.all().delete()
    plain = Workflow.objects.create(name="Screening (earlier)")
    plain_task = GroupApprovalTask.objects.create(name="Screening by the Screeners group")
    WorkflowTask.objects.create(workflow=plain, task=plain_task, sort_order=0)
    Workflow.objects.filter(name="Screening").update(name="Screening (current)")
    plain.name = "Screening"
    plain.save()
    WorkflowPage.objects.create(page=site_tree.intake, workflow=plain)

    install(apps, None)

    plain.refresh_from_db()
    assert not plain.active and plain.name == "Screening (retired)"
    intake_workflow = WorkflowPage.objects.get(page=site_tree.intake).workflow
    assert isinstance(intake_workflow.tasks.get().specific, ScreeningTask)
    for hall in (site_tree.expo, site_tree.community):
        assert isinstance(WorkflowPage.objects.get(page=hall).workflow.tasks.get().specific, UpdateReviewTask)
    rights = set(
        GroupPagePermission.objects.filter(group=screeners).values_list("page_id", "permission__codename")
    )
    assert rights == {
        (site_tree.intake.pk, "change_page"),
        (site_tree.expo.pk, "change_page"),
        (site_tree.expo.pk, "publish_page"),
        (site_tree.community.pk, "change_page"),
        (site_tree.community.pk, "publish_page"),
    }
    assert screeners.permissions.filter(codename="access_admin").exists()
    assert {p.permission.codename for p in screeners.collection_permissions.all()} == {
        "choose_document",
        "choose_image",
    }
