"""Two writers on one SQLite database, as the server's workers and the task worker are: each transaction waits
for the other's instead of failing with "database is locked" (expo/settings/base.py, SQLITE_OPTIONS)."""

import threading
from contextlib import suppress

from django.db import OperationalError
from django.db.utils import ConnectionHandler

from expo.settings.base import SQLITE_OPTIONS

# Long enough for both writers to read first when they can.
READ_TOGETHER_SECONDS = 1


def read_then_write(options: dict, path) -> tuple[list[str], int]:
    """Two writers each read, wait for the other to read too (when it can), then write; returns their errors
    and how many rows were written."""
    database = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options}}
    setup = ConnectionHandler(database)["default"]
    with setup.cursor() as cursor:
        cursor.execute("CREATE TABLE drafts (writer INTEGER)")
    everyone_read = threading.Barrier(2, timeout=READ_TOGETHER_SECONDS)
    errors = []

    def writer(number: int) -> None:
        connection = ConnectionHandler(database)["default"]
        try:
            # What transaction.atomic does on SQLite, on a connection of this thread's own.
            connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
            with connection.cursor() as cursor:
                cursor.execute("SELECT COUNT(*) FROM drafts")
                # With the options, the other cannot begin until this one's transaction ends.
                with suppress(threading.BrokenBarrierError):
                    everyone_read.wait()
                cursor.execute("INSERT INTO drafts VALUES (%s)", [number])
            connection.commit()
        except OperationalError as error:
            errors.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with setup.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM drafts")
        written = cursor.fetchone()[0]
    setup.close()
    return errors, written


def test_two_writers_wait_for_each_other(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():  # a database of this test's own, not the test database
        assert read_then_write(SQLITE_OPTIONS, tmp_path / "expo.sqlite3") == ([], 2)


def test_without_the_options_one_writer_fails(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors, written = read_then_write({}, tmp_path / "expo.sqlite3")
    assert errors == ["database is locked"]
    assert written == 1
