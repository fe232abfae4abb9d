"""Helpers for the accounts tests: addresses in a language, the sign-up form data, links in e-mails."""

from __future__ import annotations

import re

from django.core import mail
from django.urls import reverse
from django.utils import translation

from initiatives.models import ProposerType, Province

PASSWORD = "ruong-bac-thang-2024"
LINK = re.compile(r"https?://[^\s]+")


def url(name: str, language: str = "vi", *args, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, args=args or None, kwargs=kwargs or None)


def signup_data(**overrides) -> dict:
    data = {
        "email": "nguoi.dan@example.org",
        "full_name": "Nguyễn Thị Hoa",
        "organisation": "",
        "proposer_type": ProposerType.objects.get(code="citizen").pk,
        "province": Province.objects.get(gso_code="48").pk,
        "phone": "0912 345 678",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "website": "",
    }
    data.update(overrides)
    return data


def links_in(message: mail.EmailMessage) -> list[str]:
    return LINK.findall(message.body)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


def translated(text: str, language: str) -> str:
    """`text` as the catalogue of `language` has it (the English text until it is translated)."""
    with translation.override(language):
        return translation.gettext(text)


def vi(text: str) -> str:
    return translated(text, "vi")


def tag(html: str, name: str) -> str:
    """The first <input> or <select> tag named `name` in `html`."""
    match = re.search(rf'<(?:input|select)\b[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no field named {name}"
    return match.group(0)
