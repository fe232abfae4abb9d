"""Helpers for the accounts tests."""

from __future__ import annotations

import re


def tag(html: str, name: str) -> str:
    """The first <input> or <select> tag named `name` in `html`."""
    match = re.search(rf'<(?:input|select)\b[^>]*\bname="{name}"[^>]*>', html)
    assert match, f"no field named {name}"
    return match.group(0)
