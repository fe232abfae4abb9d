"""The production server, started for real for a benchmark: gunicorn with deploy/gunicorn.conf.py and the
production settings, on a free local port, on the database this process uses, and beside it the task worker
(scripts/worker.sh) with the same environment; each always stopped whole."""

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


def production_environment(
    port: int,
    workers: int,
    redis_url: str,
    page_cache_seconds: int,
    trusted_proxies: int = 0,
    kept_seconds: int | None = None,
) -> dict:
    """The environment of README "Production", for a server reached directly on this machine (no nginx, so
    no HTTPS redirect) under a throwaway secret key. `trusted_proxies=1`: the rate limits count each client
    by the X-Forwarded-For address it sends, as behind deploy/nginx.conf. Without EMAIL_HOST the worker
    "sends" e-mails to its output (Django's console backend)."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "WAGTAILADMIN_", "GUNICORN_", "EMAIL_"))
        and name
        not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "PAGE_CACHE_SECONDS", "KEPT_SECONDS", "ALLOWED_HOSTS"}
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
        "ALLAUTH_TRUSTED_PROXY_COUNT": str(trusted_proxies),
        # The clients are one address asking far more than anybody: the API's throttle still counts each
        # request but refuses none (at 120 a minute, a faster run measured answers 429).
        "API_ANON_RATE": "1000000/minute",
    }
    if redis_url:
        environment["REDIS_URL"] = redis_url
    if kept_seconds is not None:
        environment["KEPT_SECONDS"] = str(kept_seconds)
    return environment


class ProductionServer:
    """`with ProductionServer(...) as server:` runs scripts/serve.sh (`prepare=True`: static files,
    migrations, cache table, then gunicorn) or gunicorn alone, and stops its whole process group on leaving,
    whatever happened."""

    def __init__(
        self,
        *,
        workers: int,
        redis_url: str,
        page_cache_seconds: int,
        prepare: bool,
        trusted_proxies: int = 0,
        kept_seconds: int | None = None,
    ):
        self.port = free_port()
        self.environment = production_environment(
            self.port, workers, redis_url, page_cache_seconds, trusted_proxies, kept_seconds
        )
        self.prepare = prepare
        self.group = ProcessGroup("benchmark-pages-")

    def __enter__(self) -> ProductionServer:
        command = (
            ["scripts/serve.sh"]
            if self.prepare
            else [".venv/bin/gunicorn", "--config", "deploy/gunicorn.conf.py"]
        )
        self.group.start(command, self.environment)
        try:
            self.wait_until_listening()
        except BaseException:
            self.group.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.group.stop()

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if not self.group.running():
                raise ServerFailed(f"The server stopped ({self.group.process.returncode}):\n{self.output()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        raise ServerFailed(f"The server did not listen on port {self.port} within {STARTUP_SECONDS} s.")

    def output(self, last_lines: int = 40) -> str:
        """The end of the server's output (gunicorn's errors and access log), while it runs."""
        return self.group.output(last_lines)


class ProductionWorker:
    """`with ProductionWorker(server) as worker:` runs scripts/worker.sh, as production does beside the
    server, with the server's environment, until leaving; its output holds the e-mails it sent (the console
    backend)."""

    def __init__(self, server: ProductionServer):
        self.environment = server.environment
        self.group = ProcessGroup("benchmark-worker-")

    def __enter__(self) -> ProductionWorker:
        self.group.start(["scripts/worker.sh"], self.environment)
        return self

    def __exit__(self, *exc_info) -> None:
        self.group.stop()

    def output(self, last_lines: int | None = None) -> str:
        return self.group.output(last_lines)


class ProcessGroup:
    """A command of the project in a process group of its own, its output in a file, stopped whole."""

    def __init__(self, log_prefix: str):
        self.process: subprocess.Popen | None = None
        self.log = Path(tempfile.mkstemp(prefix=log_prefix, suffix=".log")[1])

    def start(self, command: list[str], environment: dict) -> None:
        with self.log.open("wb") as log:
            # A file, not a pipe: a pipe nobody reads would stop the process once full of log lines.
            self.process = subprocess.Popen(  # noqa: S603 - fixed commands of the project
                command,
                cwd=settings.BASE_DIR,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, to be stopped whole
            )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> None:
        if not self.running():
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

    def output(self, last_lines: int | None = None) -> str:
        """The process's output so far (its last lines only, when given)."""
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(lines[-last_lines:] if last_lines else lines)
