from django.db import migrations, models

from initiatives.search_words import initiative_search_words


def fill_search_words(apps, schema_editor):
    InitiativePage = apps.get_model("initiatives", "InitiativePage")
    InitiativeTag = apps.get_model("initiatives", "InitiativeTag")
    for page in InitiativePage.objects.select_related("province", "province__merged_into"):
        tags = InitiativeTag.objects.filter(content_object_id=page.pk).values_list("tag__name", flat=True)
        words = initiative_search_words(page, page.province, tags).as_fields()
        InitiativePage.objects.filter(pk=page.pk).update(**words)


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0006_use_expo_media_models")]

    operations = [
        migrations.AddField(
            model_name="initiativepage",
            name="search_summary",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="initiativepage",
            name="search_accented",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_words, migrations.RunPython.noop),
    ]
