"""The test database kept between runs is used again only while it holds what the migrations made."""

import sqlite3
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.management import create_contenttypes
from django.core.management.color import no_style
from django.core.management.sql import sql_flush
from django.db import connection, connections

from tests.kept_database import (
    can_be_used_again,
    migrated_data_present,
    migrations_the_code_lacks,
    restore_migrated_data,
)

ANOTHER_BRANCHS_MIGRATION = ("wagtailcore", "9999_from_another_branch")
RECORD_MIGRATION = "INSERT INTO django_migrations (app, name, applied) VALUES (%s, %s, CURRENT_TIMESTAMP)"
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the kept database is a file on SQLite"
)


def emptying_statements() -> list[str]:
    """What empties every table after a transactional test."""
    return sql_flush(no_style(), connection, reset_sequences=False)


def rows_per_model() -> Counter:
    return Counter({model._meta.label: model._base_manager.count() for model in apps.get_models()})


def test_the_test_database_holds_the_migrated_data_and_only_migrations_the_code_has(db):
    assert migrated_data_present(connection)
    assert migrations_the_code_lacks(connection) == set()


def test_emptied_tables_are_noticed(db):
    connection.ops.execute_sql_flush(emptying_statements())
    assert not migrated_data_present(connection)


def test_a_migration_the_code_does_not_have_is_noticed(db):
    with connection.cursor() as cursor:
        cursor.execute(RECORD_MIGRATION, ANOTHER_BRANCHS_MIGRATION)
    assert migrations_the_code_lacks(connection) == {ANOTHER_BRANCHS_MIGRATION}


def test_the_migrated_data_comes_back_in_place_of_what_the_tables_hold(db):
    before = rows_per_model()
    data = connection.creation.serialize_db_to_string()
    connection.ops.execute_sql_flush(emptying_statements())
    for (
        app_config
    ) in apps.get_app_configs():  # as Django does after emptying them without serialized rollback
        create_contenttypes(app_config, verbosity=0)

    restore_migrated_data(connection, data)
    assert migrated_data_present(connection)
    assert rows_per_model() == before


@pytest.fixture
def kept(db, tmp_path) -> Path:
    """A copy of the test database, as the next run would find it."""
    path = tmp_path / "kept.sqlite3"
    with (
        closing(sqlite3.connect(connection.settings_dict["NAME"])) as source,
        closing(sqlite3.connect(path)) as copy,
    ):
        source.backup(copy)
    return path


def change(path: Path, *statements: tuple[str, tuple]) -> None:
    with closing(sqlite3.connect(path)) as database, database:
        for statement, parameters in statements:
            database.execute(statement.replace("%s", "?"), parameters)


def next_run_keeping(path: Path):
    """The connection of the next run, before its set-up, with its test database at `path`."""
    current = connections[connection.alias]
    settings = current.settings_dict
    return type(current)({**settings, "TEST": {**settings["TEST"], "NAME": str(path)}}, current.alias)


@sqlite_only
def test_a_kept_database_as_the_migrations_left_it_is_used_again(kept):
    assert can_be_used_again(next_run_keeping(kept))


@sqlite_only
def test_a_kept_database_emptied_by_a_transactional_test_is_created_afresh(kept):
    change(kept, *[(statement, ()) for statement in emptying_statements()])
    assert not can_be_used_again(next_run_keeping(kept))


@sqlite_only
def test_a_kept_database_migrated_on_another_branch_is_created_afresh(kept):
    change(kept, (RECORD_MIGRATION, ANOTHER_BRANCHS_MIGRATION))
    assert not can_be_used_again(next_run_keeping(kept))


@sqlite_only
def test_a_kept_file_that_is_no_database_is_created_afresh(kept):
    kept.write_bytes(b"not a database")
    assert not can_be_used_again(next_run_keeping(kept))


@sqlite_only
def test_without_a_kept_database_there_is_nothing_to_create_afresh(kept):
    kept.unlink()
    assert can_be_used_again(next_run_keeping(kept))
    assert not kept.exists()
