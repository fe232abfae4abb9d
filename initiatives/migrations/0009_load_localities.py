"""Loads the 34 provinces' statistics-office codes and the 3,321 communes, wards and special zones of 2025."""

from django.db import migrations

from initiatives.localities import load_localities


def load(apps, schema_editor):
    load_localities(apps.get_model("initiatives", "Province2025"), apps.get_model("initiatives", "Commune"))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0008_communes"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
