"""An initiative's 2025 province and commune; the 2025 province of those made before is the one their 2021
province merged into."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_province_2025(apps, schema_editor):
    InitiativePage = apps.get_model("initiatives", "InitiativePage")
    Province = apps.get_model("initiatives", "Province")
    merged_into = Province.objects.filter(pk=OuterRef("province_id")).values("merged_into_id")[:1]
    InitiativePage.objects.filter(province_2025__isnull=True).update(province_2025_id=Subquery(merged_into))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0009_load_localities"),
    ]

    operations = [
        migrations.AddField(
            model_name="initiativepage",
            name="commune",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="initiatives",
                to="initiatives.commune",
                verbose_name="commune or ward",
            ),
        ),
        migrations.AddField(
            model_name="initiativepage",
            name="province_2025",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="initiatives",
                to="initiatives.province2025",
                verbose_name="province since July 2025",
            ),
        ),
        migrations.RunPython(fill_province_2025, migrations.RunPython.noop),
    ]
