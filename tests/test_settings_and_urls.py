import importlib
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured


def load_production(monkeypatch, **environment):
    for name in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    sys.modules.pop("expo.settings.production", None)
    sys.modules.pop("expo.settings.base", None)
    return importlib.import_module("expo.settings.production")


def test_production_refuses_debug(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        load_production(monkeypatch, DEBUG="1", SECRET_KEY="x" * 50, ALLOWED_HOSTS="expo.example.org")


@pytest.mark.parametrize("key", ["", "dev-only-insecure-key", "django-insecure-abc"])
def test_production_refuses_a_default_secret_key(monkeypatch, key):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load_production(monkeypatch, SECRET_KEY=key, ALLOWED_HOSTS="expo.example.org")


def test_production_starts_with_proper_settings(monkeypatch):
    settings = load_production(monkeypatch, SECRET_KEY="k" * 50, ALLOWED_HOSTS="expo.example.org")
    assert settings.DEBUG is False
    assert settings.ALLOWED_HOSTS == ["expo.example.org"]


def test_database_url_switches_to_postgresql(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/expo")
    settings = load_production(monkeypatch, SECRET_KEY="k" * 50, ALLOWED_HOSTS="expo.example.org")
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.parametrize(
    ("accept_language", "target"),
    [("en-GB,en;q=0.9", "/en/"), ("vi-VN,vi;q=0.9", "/vi/"), ("fr-FR", "/vi/"), ("", "/vi/")],
)
def test_bare_root_redirects_by_browser_language(client, site_tree, accept_language, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept_language)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize(
    ("url", "text"), [("/vi/khong-co-trang-nay/", 'lang="vi"'), ("/en/no-such-page/", 'lang="en"')]
)
def test_not_found_page_speaks_the_language_of_its_address(client, site_tree, url, text):
    response = client.get(url)
    assert response.status_code == 404
    assert text in response.content.decode()
