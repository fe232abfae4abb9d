"""The guard for views that need a confirmed e-mail address."""

import pytest
from allauth.account.models import EmailAddress
from allauth.core import context
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import translation

from accounts.decorators import has_verified_email, verified_email_required
from tests.builders import make_user

pytestmark = pytest.mark.django_db


@verified_email_required
def submit(request):
    return HttpResponse("submitted")


def request_for(user, path="/vi/my/initiatives/new/"):
    request = RequestFactory().get(path)
    request.user = user
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture
def person(db):
    user = make_user("nguoi@example.org", full_name="Lê Văn Tâm", preferred_language="vi")
    EmailAddress.objects.create(user=user, email=user.email, primary=True, verified=False)
    return user


def test_visitors_are_sent_to_log_in(site_tree):
    with translation.override("vi"):
        response = submit(request_for(AnonymousUser()))
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/accounts/login/?next=")


def test_an_unconfirmed_address_gets_the_explanation_and_a_new_link(site_tree, person):
    request = request_for(person)
    with translation.override("en"), context.request_context(request):
        response = submit(request)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Before you submit an initiative, please confirm your e-mail address" in html
    assert "submitted" not in html
    [message] = mail.outbox
    assert "/vi/accounts/confirm-email/" in message.body
    assert not has_verified_email(person)


def test_a_confirmed_address_lets_the_view_run(site_tree, person):
    EmailAddress.objects.filter(user=person).update(verified=True)
    assert has_verified_email(person)
    assert submit(request_for(person)).content == b"submitted"
    assert not has_verified_email(AnonymousUser())
