"""The production server, started for real for a benchmark: gunicorn with deploy/gunicorn.conf.py and the
production settings, on a free local port, on the database this process uses; always stopped whole."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

HOST = "localhost"
STARTUP_SECONDS = 120  # a busy 2-CPU machine needs 15 to 45 s to collect the static files and load twice


class ServerFailed(Exception):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """This process's database as a DATABASE_URL, so that the server reads the same pages."""
    database = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{database['NAME']}"
    if connection.vendor != "postgresql":
        raise ServerFailed(
            f"Only SQLite and PostgreSQL can be handed to the server, not {connection.vendor}."
        )
    credentials = quote(database["USER"] or "") + (
        f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    )
    address = f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}"
    return f"postgres://{credentials}@{address}/{database['NAME']}"


def production_environment(port: int, workers: int, redis_url: str, page_cache_seconds: int) -> dict:
    """The environment of README "Production", for a server reached directly on this machine (no nginx, so
    no HTTPS redirect) under a throwaway secret key."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "WAGTAILADMIN_", "GUNICORN_", "EMAIL_"))
        and name not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE_SECONDS", "ALLOWED_HOSTS"}
    }
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "expo.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": "http://localhost",
        "SECURE_SSL_REDIRECT": "off",
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
        "BIND": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
    }
    if redis_url:
        environment["REDIS_URL"] = redis_url
    return environment


class ProductionServer:
    """`with ProductionServer(...) as server:` runs scripts/serve.sh (`prepare=True`: static files,
    migrations, cache table, then gunicorn) or gunicorn alone, and stops its whole process group on leaving,
    whatever happened."""

    def __init__(self, *, workers: int, redis_url: str, page_cache_seconds: int, prepare: bool):
        self.port = free_port()
        self.environment = production_environment(self.port, workers, redis_url, page_cache_seconds)
        self.prepare = prepare
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix="benchmark-pages-", suffix=".log")[1])

    def __enter__(self) -> ProductionServer:
        command = (
            ["scripts/serve.sh"]
            if self.prepare
            else [".venv/bin/gunicorn", "--config", "deploy/gunicorn.conf.py"]
        )
        with self.log.open("wb") as log:
            # A file, not a pipe: a pipe nobody reads would stop the server once full of access log lines.
            self.process = subprocess.Popen(  # noqa: S603 - fixed commands of the project
                command,
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to be stopped whole
            )
        try:
            self.wait_until_listening()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerFailed(f"The server stopped ({self.process.returncode}):\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        raise ServerFailed(f"The server did not listen on port {self.port} within {STARTUP_SECONDS} s.")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.log.unlink(missing_ok=True)
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass
        finally:
            self.log.unlink(missing_ok=True)

    def output(self, last_lines: int = 40) -> str:
        """The end of the server's output (gunicorn's errors and access log), while it runs."""
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-last_lines:])
