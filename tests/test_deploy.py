"""The examples in deploy/ and the scripts they start agree with each other and with the settings."""

import re
import runpy
from pathlib import Path

import pytest
from django.conf import settings

from jury.proposals import MAX_REQUEST_SIZE as PROPOSAL_REQUEST_SIZE
from submissions.uploads import MAX_REQUEST_SIZE as SUBMISSION_REQUEST_SIZE
from submissions.uploads import MB

DEPLOY = Path(settings.BASE_DIR) / "deploy"
UNITS = ["expo-web.service", "expo-worker.service", "expo-prune.service"]
INSTALLED_AT = "/srv/expo"  # where the examples have the site installed


def unit_settings(name: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in (DEPLOY / name).read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            found.setdefault(key, []).append(value)
    return found


def nginx_directives(name: str) -> list[str]:
    """The values of the simple directives `name` in the nginx example (blocks left out)."""
    text = (DEPLOY / "nginx.conf").read_text()
    return re.findall(rf"^\s*{name}\s+([^;{{]+);", text, flags=re.MULTILINE)


def nginx_locations() -> list[str]:
    return re.findall(r"^\s*location\s+(\S+)\s*\{", (DEPLOY / "nginx.conf").read_text(), flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("unit", "script"),
    list(zip(UNITS, ["scripts/serve.sh", "scripts/worker.sh", "scripts/prune_tasks.sh"], strict=True)),
)
def test_each_unit_starts_a_script_of_the_site_with_the_environment_file(unit, script):
    found = unit_settings(unit)
    assert found["ExecStart"] == [f"{INSTALLED_AT}/{script}"]
    assert found["WorkingDirectory"] == [INSTALLED_AT]
    assert found["EnvironmentFile"] == ["/etc/expo/expo.env"]
    assert found["Environment"] == ["DJANGO_SETTINGS_MODULE=expo.settings.production"]
    started = Path(settings.BASE_DIR) / script
    assert started.is_file()
    assert started.stat().st_mode & 0o111, f"{script} is not executable"


def test_the_timer_starts_the_pruning_daily_and_makes_up_a_missed_run():
    found = unit_settings("expo-prune.timer")
    assert found["Unit"] == ["expo-prune.service"]
    assert found["OnCalendar"] == ["*-*-* 19:30:00 UTC"]
    assert found["Persistent"] == ["true"]


def test_the_largest_request_fits_through_nginx_with_little_to_spare():
    (limit,) = nginx_directives("client_max_body_size")
    allowed = int(limit.removesuffix("m")) * MB
    largest = max(
        SUBMISSION_REQUEST_SIZE,
        PROPOSAL_REQUEST_SIZE,
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
        settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE,
    )
    text_fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert largest + text_fields <= allowed <= largest + text_fields + 5 * MB


def test_nginx_serves_public_media_only_and_passes_the_rest_on():
    assert nginx_directives("alias") == [f"{INSTALLED_AT}/media/"]
    assert nginx_locations() == ["/media/", "/"]
    headers = nginx_directives("proxy_set_header")
    assert "X-Forwarded-Proto $scheme" in headers
    assert "X-Forwarded-For $proxy_add_x_forwarded_for" in headers
    assert "Host $host" in headers


def gunicorn_settings(monkeypatch, **environment) -> dict:
    for name in ("BIND", "PORT", "WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_MAX_REQUESTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_listens_where_nginx_sends_with_twice_the_processors_plus_one(monkeypatch):
    gunicorn = gunicorn_settings(monkeypatch)
    assert gunicorn["bind"] == "127.0.0.1:8000"
    assert nginx_directives("server") == [gunicorn["bind"]]
    assert gunicorn["workers"] == 2 * gunicorn["multiprocessing"].cpu_count() + 1
    assert gunicorn["accesslog"] == "-"
    assert 0 < gunicorn["max_requests_jitter"] < gunicorn["max_requests"]
    (read_timeout,) = nginx_directives("proxy_read_timeout")
    assert int(read_timeout.removesuffix("s")) > gunicorn["timeout"]


def test_gunicorn_follows_the_environment(monkeypatch):
    gunicorn = gunicorn_settings(monkeypatch, BIND="0.0.0.0", PORT="9000", WEB_CONCURRENCY="3")  # noqa: S104
    assert gunicorn["bind"] == "0.0.0.0:9000"  # noqa: S104
    assert gunicorn["workers"] == 3


def test_the_example_environment_names_every_variable_the_settings_require():
    names = {
        line.split("=", 1)[0]
        for line in (DEPLOY / "expo.env.example").read_text().splitlines()
        if line and not line.startswith("#")
    }
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL", "DATABASE_URL"} <= names
    assert {"MEDIA_ROOT", "PRIVATE_MEDIA_ROOT"} <= names
