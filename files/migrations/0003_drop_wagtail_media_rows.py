"""Wagtail's own image and document rows, copied into the site's models, are no longer used."""

from django.db import migrations


def drop(apps, schema_editor):
    apps.get_model("wagtailimages", "Image").objects.all().delete()
    apps.get_model("wagtaildocs", "Document").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("files", "0002_take_over_wagtail_media"),
        # Nothing points at Wagtail's rows any more, so deleting them cascades to nothing of the site's.
        ("initiatives", "0006_use_expo_media_models"),
        ("home", "0004_use_expo_media_models"),
    ]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
