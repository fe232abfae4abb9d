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


def test_the_language_last_read_is_where_the_root_leads(client, site_tree):
    english = client.get("/en/no-such-page/")
    assert english.cookies["django_language"].value == "en"
    assert english.cookies["django_language"]["max-age"] == 365 * 24 * 60 * 60
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi-VN,vi;q=0.9")
    assert response["Location"] == "/en/"
    client.get("/vi/khong-co-trang-nay/")
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB")["Location"] == "/vi/"


def test_machine_translation_is_off_unless_a_service_is_configured():
    from django.conf import settings

    from expo.settings.base import machine_translator

    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    assert machine_translator({}) is None
    libre = machine_translator(
        {"LIBRETRANSLATE_URL": "https://lt.example.org", "LIBRETRANSLATE_API_KEY": "k"}
    )
    assert libre["CLASS"].endswith("LibreTranslator")
    assert libre["OPTIONS"] == {"LIBRETRANSLATE_URL": "https://lt.example.org", "API_KEY": "k"}
    deepl = machine_translator({"DEEPL_AUTH_KEY": "secret:fx"})
    assert deepl["CLASS"].endswith("DeepLTranslator") and deepl["OPTIONS"]["AUTH_KEY"] == "secret:fx"
