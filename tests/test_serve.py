"""scripts/serve.sh for real: the production settings behind gunicorn answer a page, a static file and
/healthz, then stop when told.

A file of its own: its test is transactional, so that the server, another process, sees the test
database as it is and may write to it, and a file holds either transactional tests or others.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import time

import pytest
from django.conf import settings

from benchmarks.server import database_url, free_port

from .test_production_settings import PRODUCTION_ENVIRONMENT

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOST = PRODUCTION_ENVIRONMENT["ALLOWED_HOSTS"]
STARTUP = 120  # seconds: generous, for a machine busy with other tests (it takes 30 to 45 there)


def get(port: int, path: str, proxied: bool = True) -> tuple[int, dict[str, str], bytes]:
    """A request as nginx passes it on (deploy/nginx.conf), or as a probe on the machine sends it."""
    headers = {"Host": HOST}
    if proxied:
        headers |= {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        server.request("GET", path, headers=headers)
        response = server.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        server.close()


def wait_until_ready(server: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + STARTUP
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"scripts/serve.sh stopped ({server.returncode}):\n{server.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"scripts/serve.sh did not listen on port {port} within {STARTUP} s")


def test_the_production_server_serves_a_page_a_static_file_and_its_health(tmp_path):
    port = free_port()
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "WAGTAILADMIN_", "ELASTICSEARCH_", "EMAIL_"))
        and name not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}
    }
    environment = {
        **inherited,
        **PRODUCTION_ENVIRONMENT,
        "DATABASE_URL": database_url(),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
        "BIND": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    server = subprocess.Popen(
        ["scripts/serve.sh"],
        cwd=settings.BASE_DIR,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # its own process group, to be stopped whole whatever happens
    )
    try:
        wait_until_ready(server, port)

        status, headers, body = get(port, "/vi/accounts/login/")
        assert status == 200, body[:2000]
        assert headers["Content-Type"] == "text/html; charset=utf-8"
        page = body.decode()
        # The stylesheet under its collected name, which changes with its content, from the same server.
        stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
        status, headers, body = get(port, stylesheet)
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"]
        assert body

        # Plain HTTP, as nginx would not send it: a page is redirected to HTTPS, the health check answers.
        status, headers, _ = get(port, "/vi/accounts/login/", proxied=False)
        assert status == 301
        assert headers["Location"] == f"https://{HOST}/vi/accounts/login/"
        status, headers, body = get(port, "/healthz", proxied=False)
        assert status == 200, body
        assert "Set-Cookie" not in headers
        assert '"tasks": {"status": "ok", "backend": "database"' in body.decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            output, _ = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            output, _ = server.communicate()
    assert server.returncode == 0, output
    assert re.search(r'"GET /vi/accounts/login/ HTTP/1.1" 200 \d+ \d+us', output), output
