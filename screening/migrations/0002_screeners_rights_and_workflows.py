"""Gives the Screeners group what it needs without superuser rights, and installs the two review workflows.

Rights: the admin, choosing documents and images (to read endorsement scans and pictures from the
editor), editing on the intake pages, editing and publishing on the halls. Workflows: "Screening"
on the intake pages and "Update review" on the halls, each with its single task by the
Screeners group. A plain group-approval "Screening" workflow from earlier installs is retired.
Pages made later get the same through `IntakePage.save` and `HallPage.save`.
"""

from django.db import migrations

PAGE_RIGHTS = {"initiatives.intakepage": ("change_page",), "halls.hallpage": ("change_page", "publish_page")}
WORKFLOWS = {
    "initiatives.intakepage": ("Screening", "screeningtask"),
    "halls.hallpage": ("Update review", "updatereviewtask"),
}


def permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": codename.replace("_", " ").capitalize()},
    )[0]


def retire_plain_screening_workflow(apps):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    for workflow in Workflow.objects.filter(name="Screening"):
        if workflow.workflow_tasks.filter(task__content_type__app_label="screening").exists():
            continue
        WorkflowPage.objects.filter(workflow=workflow).delete()
        workflow.name = "Screening (retired)"
        workflow.active = False
        workflow.save(update_fields=["name", "active"])


def review_workflow(apps, name, task_model, screeners):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("screening", task_model)
    workflow, created = Workflow.objects.get_or_create(name=name, defaults={"active": True})
    if created:
        content_type, _ = ContentType.objects.get_or_create(app_label="screening", model=task_model)
        task = Task.objects.create(name=name, content_type=content_type, active=True)
        task.groups.set([screeners])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def install(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")

    screeners, _ = Group.objects.get_or_create(name="Screeners")
    screeners.permissions.add(permission(apps, "wagtailadmin", "admin", "access_admin"))
    root_collection = Collection.objects.filter(depth=1).first()
    for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
        GroupCollectionPermission.objects.get_or_create(
            group=screeners,
            collection=root_collection,
            permission=permission(apps, app_label, model, f"choose_{model}"),
        )

    retire_plain_screening_workflow(apps)
    for page_type, (workflow_name, task_model) in WORKFLOWS.items():
        app_label, model = page_type.split(".")
        workflow = review_workflow(apps, workflow_name, task_model, screeners)
        for page in apps.get_model(app_label, model).objects.all():
            WorkflowPage.objects.update_or_create(page_id=page.pk, defaults={"workflow": workflow})
            for codename in PAGE_RIGHTS[page_type]:
                GroupPagePermission.objects.get_or_create(
                    group=screeners,
                    page_id=page.pk,
                    permission=permission(apps, "wagtailcore", "page", codename),
                )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0001_initial"),
        ("initiatives", "0004_reverse_relations_for_facets"),
        ("halls", "0001_initial"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
