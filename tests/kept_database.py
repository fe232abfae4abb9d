"""The test database that `--reuse-db` keeps between runs, and when it can be used again.

The migrations put reference data, groups, workflows and Wagtail's root page and collection in the
database. A transactional test (the browser tests, the concurrency tests) empties every table after it,
and a database that went through another branch's migrations may not match this branch's: either way the
kept database must be created afresh rather than used as it is.
"""

from __future__ import annotations

import json
import pkgutil
from collections import defaultdict
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import DatabaseError, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

# Tables that only the migrations fill (Wagtail's root page, its default workflow, the groups) and that
# emptying the database after a transactional test leaves empty.
MIGRATED_DATA_PRESENT = """
    SELECT EXISTS (SELECT 1 FROM wagtailcore_page)
       AND EXISTS (SELECT 1 FROM wagtailcore_workflow)
       AND EXISTS (SELECT 1 FROM auth_group)
"""
RECORDED_MIGRATIONS = "SELECT app, name FROM django_migrations"


def migrated_data_present(connection: BaseDatabaseWrapper) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(MIGRATED_DATA_PRESENT)
        return bool(cursor.fetchone()[0])


def migrations_on_disk() -> set[tuple[str, str]]:
    """The migrations of this checkout, found by the names of their files as Django finds them.

    They are not imported: one of Wagtail Localize's queries the database as it is imported, which here
    would be the development database rather than the test database that is not yet in place.
    """
    found = set()
    for app_config in apps.get_app_configs():
        package_name, _explicit = MigrationLoader.migrations_module(app_config.label)
        try:
            package = import_module(package_name)
        except ModuleNotFoundError:  # an app without migrations
            continue
        found |= {
            (app_config.label, name)
            for _finder, name, is_package in pkgutil.iter_modules(getattr(package, "__path__", []))
            if not is_package and name[0] not in "_~"
        }
    return found


def migrations_the_code_lacks(connection: BaseDatabaseWrapper) -> set[tuple[str, str]]:
    """Migrations recorded as applied that no migration file of this checkout matches."""
    with connection.cursor() as cursor:
        cursor.execute(RECORDED_MIGRATIONS)
        recorded = {(app, name) for app, name in cursor.fetchall()}
    return recorded - migrations_on_disk()


def can_be_used_again(connection: BaseDatabaseWrapper) -> bool:
    """Whether the test database kept for `connection` may be used as it is; true where none is kept.

    It is opened on a connection of its own, before the test set-up opens it.
    """
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite" and (
        connection.creation.is_in_memory_db(name) or not Path(name).exists()
    ):
        return True
    kept = type(connection)({**connection.settings_dict, "NAME": name}, connection.alias)
    try:
        kept.ensure_connection()
    except DatabaseError:  # PostgreSQL: no test database yet
        return True
    try:
        return migrated_data_present(kept) and not migrations_the_code_lacks(kept)
    except DatabaseError:  # tables missing, or not a database at all
        return False
    finally:
        kept.close()


def restore_migrated_data(connection: BaseDatabaseWrapper, data: str) -> None:
    """Replaces whatever the tables hold with `data`, the database as the test set-up serialized it."""
    objects = json.loads(data)
    # Some models (Wagtail's tasks) look their content type up as they are built: with the content types
    # in first, the lookup finds them instead of creating rows that the copy's would then clash with.
    objects.sort(key=lambda item: item["model"] != "contenttypes.contenttype")
    with transaction.atomic(using=connection.alias):
        # A transactional test without serialized rollback leaves the content types and permissions
        # that Django makes again after emptying the tables, under keys other than the copy's.
        connection.ops.execute_sql_flush(sql_flush(no_style(), connection, reset_sequences=False))
        connection.creation.deserialize_db_from_string(json.dumps(objects))
    # Content types looked up meanwhile are cached under the keys of the rows just replaced. The cache is
    # filled again rather than left empty: a page built in memory looks its content type up in it, which
    # tests without database access rely on.
    ContentType.objects.clear_cache()
    ContentType.objects.get_for_models(*apps.get_models())


# Django's deserialization saves rows one at a time, an UPDATE then an INSERT each: the 3,321 communes of
# 2025, most of the migrated rows, added 12 s on PostgreSQL to every transactional test's set-up. Their
# rows are plain (no many-to-many, nothing computed on save), so they go in in bulk, as an upsert.
RESTORED_IN_BULK = {"initiatives.commune"}


def deserialize_in_bulk(deserialize_db_from_string):
    """Django's `deserialize_db_from_string`, with the rows of `RESTORED_IN_BULK` inserted in bulk."""

    def deserialize(creation, data: str) -> None:
        objects = json.loads(data)
        alias = creation.connection.alias
        with transaction.atomic(using=alias):
            deserialize_db_from_string(
                creation, json.dumps([item for item in objects if item["model"] not in RESTORED_IN_BULK])
            )
            rows = defaultdict(list)
            in_bulk = json.dumps([item for item in objects if item["model"] in RESTORED_IN_BULK])
            for item in serializers.deserialize("json", in_bulk, using=alias):
                rows[type(item.object)].append(item.object)
            for model, instances in rows.items():
                # Rows already there are overwritten, as Django's own save (an UPDATE first) does.
                fields = [field.name for field in model._meta.concrete_fields if not field.primary_key]
                model._base_manager.using(alias).bulk_create(
                    instances,
                    batch_size=500,
                    update_conflicts=True,
                    unique_fields=[model._meta.pk.name],
                    update_fields=fields,
                )

    return deserialize
