"""Who may open a private image or document: whoever its collection's view restrictions let in.

Wagtail applies collection view restrictions to documents only; the same rule covers images here, so
that an endorsement scan uploaded as a picture is as closed as one uploaded as a PDF.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import PrivacyMixin


def may_view(request: HttpRequest, item: PrivacyMixin) -> bool:
    return all(restriction.accept_request(request) for restriction in item.collection.get_view_restrictions())
