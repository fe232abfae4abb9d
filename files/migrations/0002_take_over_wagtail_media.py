"""Images and documents move from Wagtail's own models to the site's, with their ids, tags and uses.

The files of private collections (those with a view restriction, and their descendants) leave
MEDIA_ROOT for PRIVATE_MEDIA_ROOT. Renditions are dropped: they are made again on demand, in the
storage their image calls for.
"""

import os
import shutil

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

PRIVATE_PREFIX = "private/"
MODELS = (
    (("wagtailimages", "Image"), ("files", "ExpoImage")),
    (("wagtaildocs", "Document"), ("files", "ExpoDocument")),
)


def private_collection_ids(apps) -> set[int]:
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    restricted = Collection.objects.filter(
        pk__in=CollectionViewRestriction.objects.values("collection_id")
    ).values_list("path", flat=True)
    return {
        pk
        for pk, path in Collection.objects.values_list("pk", "path")
        if any(path.startswith(restricted_path) for restricted_path in restricted)
    }


def move_to_private_storage(name: str) -> str:
    source = os.path.join(settings.MEDIA_ROOT, name)
    if os.path.exists(source):
        target = os.path.join(settings.PRIVATE_MEDIA_ROOT, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.move(source, target)
    return PRIVATE_PREFIX + name


def remove_public_file(name: str) -> None:
    path = os.path.join(settings.MEDIA_ROOT, name)
    if name and os.path.exists(path):
        os.remove(path)


def take_over(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    private_ids = private_collection_ids(apps)

    Rendition = apps.get_model("wagtailimages", "Rendition")
    for name in Rendition.objects.values_list("file", flat=True):
        remove_public_file(name)
    Rendition.objects.all().delete()

    taken_over = []
    for (old_app, old_name), (new_app, new_name) in MODELS:
        Old = apps.get_model(old_app, old_name)
        New = apps.get_model(new_app, new_name)
        fields = [field.attname for field in New._meta.concrete_fields if field.attname != "file"]
        for old in Old.objects.iterator():
            name = old.file.name
            if old.collection_id in private_ids and not name.startswith(PRIVATE_PREFIX):
                name = move_to_private_storage(name)
            New.objects.create(file=name, **{field: getattr(old, field) for field in fields})
        taken_over.append(New)

        old_type = ContentType.objects.filter(app_label=old_app, model=old_name.lower()).first()
        if old_type is not None:
            new_type, _ = ContentType.objects.get_or_create(app_label=new_app, model=new_name.lower())
            TaggedItem.objects.filter(content_type=old_type).update(content_type=new_type)
            ReferenceIndex.objects.filter(to_content_type=old_type).update(to_content_type=new_type)

    # Rows were created with their old ids: the next new one must not collide with them.
    with schema_editor.connection.cursor() as cursor:
        for statement in schema_editor.connection.ops.sequence_reset_sql(no_style(), taken_over):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("files", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailcore", "0098_apitoken"),
        ("contenttypes", "0002_remove_content_type_name"),
        # The Endorsements collection and its restriction exist from here on.
        ("initiatives", "0005_search_words"),
    ]

    operations = [migrations.RunPython(take_over, migrations.RunPython.noop)]
