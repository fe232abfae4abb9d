"""The "Contest organisers" group: the admin, and creating pages in each calls section.

Which contests an organiser runs is decided per contest (`ContestPage.is_organised_by`): the group's
page right lets its members create contests; Wagtail lets them edit only those they created, and
`ContestPermissionTester` adds those whose organising staff they are. Calls sections made later get
the same right (`contests.signal_handlers`).
"""

from django.db import migrations

ORGANISERS_GROUP_NAME = "Contest organisers"


def permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    return Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )[0]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    organisers, _created = Group.objects.get_or_create(name=ORGANISERS_GROUP_NAME)
    organisers.permissions.add(
        permission(apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin")
    )
    add_page = permission(apps, "wagtailcore", "page", "add_page", "Can add page")
    for calls_index in apps.get_model("calls", "CallIndexPage").objects.all():
        GroupPagePermission.objects.get_or_create(
            group=organisers, page_id=calls_index.pk, permission=add_page
        )


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=ORGANISERS_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contests", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0094_alter_page_locale"),
    ]

    operations = [migrations.RunPython(create, remove)]
