"""Endorsement scans live in a collection whose documents only screeners and admins can read."""

from django.db import migrations

COLLECTION_NAME = "Endorsements"


def create_collection(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Group = apps.get_model("auth", "Group")

    root = Collection.objects.filter(depth=1).first()
    collection = Collection.objects.filter(name=COLLECTION_NAME, depth=2).first()
    if collection is None:
        # Historical models lack treebeard's add_child: build the child path by hand.
        last = Collection.objects.filter(depth=2).order_by("-path").first()
        next_number = int(last.path[-4:], 36) + 1 if last else 1
        step = ""
        while next_number:
            next_number, digit = divmod(next_number, 36)
            step = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"[digit] + step
        collection = Collection.objects.create(
            name=COLLECTION_NAME, depth=2, path=root.path + step.rjust(4, "0"), numchild=0
        )
        root.numchild += 1
        root.save(update_fields=["numchild"])
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": "groups"}
    )
    restriction.groups.add(Group.objects.get(name="Screeners"))


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0002_reference_data"),
        ("wagtailcore", "0096_referenceindex_referenceindex_source_object_and_more"),
    ]

    operations = [migrations.RunPython(create_collection, migrations.RunPython.noop)]
