import gettext
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.base.creation import BaseDatabaseCreation
from django.test import override_settings
from django.utils import translation
from pytest_django.plugin import blocking_manager_key

from tests.builders import SiteTree, add_english_tree, build_site_tree
from tests.kept_database import (
    can_be_used_again,
    deserialize_in_bulk,
    migrated_data_present,
    restore_migrated_data,
)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix) -> None:
    """The folder of a test database file (on SQLite) is there before Django creates the file in it."""
    for connection in connections.all():
        if connection.vendor == "sqlite":
            name = connection.creation._get_test_db_name()
            if not connection.creation.is_in_memory_db(name):
                Path(name).parent.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def django_db_createdb(
    django_db_createdb, django_db_keepdb, django_db_modify_db_settings, django_db_blocker
) -> bool:
    """With `--reuse-db`, the kept test database is created afresh when it cannot be used as it is.

    Keeping a database, Django only applies the migrations it lacks: one that transactional tests emptied,
    or that another branch's migrations built, would be used as it is. (The names of the test databases,
    which django_db_modify_db_settings completes, are final here.)
    """
    if django_db_createdb or not django_db_keepdb:
        return django_db_createdb
    with django_db_blocker.unblock():
        return not all(can_be_used_again(connections[alias]) for alias in connections)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_keepdb, django_db_blocker):
    """After transactional tests, which empty every table, the copy of the migrated data that their
    serialized rollback restores from is put back: the next run can then use the kept database as it is.
    That copy is restored partly in bulk (`deserialize_in_bulk`)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(
            BaseDatabaseCreation,
            "deserialize_db_from_string",
            deserialize_in_bulk(BaseDatabaseCreation.deserialize_db_from_string),
        )
        yield
        if not django_db_keepdb:
            return
        with django_db_blocker.unblock():
            for connection in connections.all(initialized_only=True):
                data = getattr(connection, "_test_serialized_contents", None)
                if data is not None and not migrated_data_present(connection):
                    restore_migrated_data(connection, data)


def restores_migrated_data(item: pytest.Item | None) -> bool:
    """Whether the test is transactional with `serialized_rollback`: it puts the migrations' rows back
    as it starts, and its flush takes them as it ends."""
    marker = item.get_closest_marker("django_db") if item is not None else None
    return bool(marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    """After a transactional test, the rows the migrations wrote are put back at once.

    Its flush takes them (the root page, the groups, the reference data), and a test that builds on
    them may come next in the same process: pytest-xdist sends whole files, so the order that runs
    transactional tests last does not hold. A next test that restores them itself is left to it.
    """
    yield
    if not restores_migrated_data(item) or restores_migrated_data(nextitem):
        return
    with item.config.stash[blocking_manager_key].unblock():
        for connection in connections.all():
            if contents := getattr(connection, "_test_serialized_contents", None):
                connection.creation.deserialize_db_from_string(contents)


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker, tmp_path_factory):
    """For data that a module's tests only read: what is built in it is built once for the module, in a
    transaction rolled back after the module's last test. Each test's own transaction nests inside it, so
    what a test changes is undone after it as usual. Files go to media folders of the module's own, which
    the module's tests keep using (see _media_root)."""
    media = tmp_path_factory.mktemp("module-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media / "media", PRIVATE_MEDIA_ROOT=media / "private-media"),
        transaction.atomic(),
    ):
        yield
        transaction.set_rollback(True)
    shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _media_root(request):
    """Each test writes files to media folders of its own, except where it reads what its module built
    once, files included."""
    if "module_transaction" in request.fixturenames:
        yield
        return
    settings, tmp_path = request.getfixturevalue("settings"), request.getfixturevalue("tmp_path")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"
    yield
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT, ignore_errors=True)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """allauth keeps its rate-limit counters in the cache (locmem in tests): each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request to /en/ leaves English active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def site_tree(db) -> SiteTree:
    return build_site_tree()


@pytest.fixture
def english_tree(site_tree) -> SiteTree:
    """The English translations of `site_tree`'s structural pages."""
    return add_english_tree(site_tree)


@pytest.fixture
def languages():
    return [code for code, _name in settings.LANGUAGES]


def pytest_configure(config):
    """Tests run against the catalogue as it is in the tree, compiled afresh. Where tests run in parallel,
    the main process compiles it before any worker starts: a worker reading the files while another
    wrote them would find them incomplete."""
    from django.core.management import call_command

    if not hasattr(config, "workerinput"):
        call_command("compile_translations", verbosity=0)


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations():
    from django.utils.translation import trans_real

    # Catalogues read before the compilation (at start-up) would otherwise stay cached, by Django
    # and by Python's gettext module beneath it.
    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None
