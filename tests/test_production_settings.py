"""Production settings: HTTPS everywhere, the site's address, and a clean `manage.py check --deploy`."""

import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .test_settings_and_urls import load_production

PRODUCTION_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "expo.settings.production",
    "SECRET_KEY": "k3y-" + "x7Qz" * 16,
    "ALLOWED_HOSTS": "expo.example.gov.vn",
    "WAGTAILADMIN_BASE_URL": "https://expo.example.gov.vn",
}


def example_environment() -> dict[str, str]:
    """deploy/expo.env.example, the environment file of the systemd units, with a real secret key."""
    lines = (settings.BASE_DIR / "deploy" / "expo.env.example").read_text().splitlines()
    example = dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))
    return {**example, "SECRET_KEY": PRODUCTION_ENVIRONMENT["SECRET_KEY"]}


@pytest.mark.parametrize(
    "documented", [PRODUCTION_ENVIRONMENT, example_environment()], ids=["required", "example-file"]
)
def test_the_deployment_check_is_clean_with_the_documented_environment(documented):
    environment = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "SECURE_", "WAGTAILADMIN_")) and name not in {"DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env={**environment, **documented, "DJANGO_SETTINGS_MODULE": "expo.settings.production"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def production_settings(monkeypatch, allowed_hosts="expo.example.gov.vn", **environment):
    """The production settings module loaded with only `environment` among the variables it reads here."""
    for name in ("WAGTAILADMIN_BASE_URL", *(name for name in os.environ if name.startswith("SECURE_"))):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    return load_production(monkeypatch, SECRET_KEY="k" * 50, ALLOWED_HOSTS=allowed_hosts)


def test_production_turns_on_https_everywhere(monkeypatch):
    production = production_settings(monkeypatch)
    assert production.SECURE_SSL_REDIRECT is True
    assert production.SECURE_HSTS_SECONDS == 365 * 24 * 60 * 60
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is True
    assert production.SECURE_HSTS_PRELOAD is False
    assert production.SESSION_COOKIE_SECURE and production.CSRF_COOKIE_SECURE
    assert production.LANGUAGE_COOKIE_SECURE


def test_production_https_settings_follow_the_environment(monkeypatch):
    production = production_settings(
        monkeypatch,
        SECURE_SSL_REDIRECT="off",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_INCLUDE_SUBDOMAINS="false",
        SECURE_HSTS_PRELOAD="1",
    )
    assert production.SECURE_SSL_REDIRECT is False
    assert production.SECURE_HSTS_SECONDS == 3600
    assert production.SECURE_HSTS_INCLUDE_SUBDOMAINS is False
    assert production.SECURE_HSTS_PRELOAD is True


def test_production_trusts_the_proxy_for_https_but_answers_health_probes_over_http(monkeypatch):
    production = production_settings(monkeypatch)
    # deploy/nginx.conf sets this header.
    assert production.SECURE_PROXY_SSL_HEADER == ("HTTP_X_FORWARDED_PROTO", "https")
    exempt = [re.compile(pattern) for pattern in production.SECURE_REDIRECT_EXEMPT]
    assert [pattern.pattern for pattern in exempt if pattern.search("healthz")] == [r"^healthz$"]
    assert not any(pattern.search(path) for pattern in exempt for path in ("vi/", "admin/", "healthz/x"))


def test_production_refuses_an_unclear_switch(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="SECURE_SSL_REDIRECT"):
        production_settings(monkeypatch, SECURE_SSL_REDIRECT="maybe")


@pytest.mark.parametrize(
    ("configured", "allowed_hosts", "address"),
    [
        ("https://expo.example.gov.vn/", "expo.example.gov.vn", "https://expo.example.gov.vn"),
        ("https://expo.example.gov.vn:8443", ".example.gov.vn", "https://expo.example.gov.vn:8443"),
        ("", "expo.example.gov.vn,localhost", "https://expo.example.gov.vn"),
    ],
)
def test_production_site_address(monkeypatch, configured, allowed_hosts, address):
    production = production_settings(monkeypatch, allowed_hosts, WAGTAILADMIN_BASE_URL=configured)
    assert address == production.WAGTAILADMIN_BASE_URL


@pytest.mark.parametrize(
    ("configured", "allowed_hosts"),
    [
        ("", "*"),
        ("", ".example.gov.vn"),
        ("", "localhost,expo.example.gov.vn"),
        ("", "10.0.0.5"),
        ("expo.example.gov.vn", "expo.example.gov.vn"),
        ("https://expo.example.gov.vn/expo/", "expo.example.gov.vn"),
        ("https://other.example.org", "expo.example.gov.vn"),
    ],
)
def test_production_refuses_an_unusable_site_address(monkeypatch, configured, allowed_hosts):
    with pytest.raises(ImproperlyConfigured, match="WAGTAILADMIN_BASE_URL"):
        production_settings(monkeypatch, allowed_hosts, WAGTAILADMIN_BASE_URL=configured)
