"""The "Jury" group: jurors reach the admin (to score what they are assigned) and nothing else.

What each juror may see is decided per evaluation by the views (`jury.access`), not by the group's
rights: the group gives no page, image, document or collection permission.
"""

from django.db import migrations

JURY_GROUP_NAME = "Jury"


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    jury, _created = Group.objects.get_or_create(name=JURY_GROUP_NAME)
    content_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access, _ = Permission.objects.get_or_create(
        content_type=content_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    jury.permissions.add(access)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=JURY_GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jury", "0001_selection"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(create, remove)]
