"""Admin avatars: the user's initials, never a picture from Gravatar."""

import re
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from wagtail.users.models import UserProfile

from accounts.avatars import initials
from tests.builders import make_user

pytestmark = pytest.mark.django_db

TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def avatar(user) -> str:
    return Template("{% load wagtailadmin_tags %}{% avatar user=user %}").render(Context({"user": user}))


def test_initials_are_the_first_and_last_words_of_the_name_or_the_email():
    assert initials(make_user("an@example.org", full_name="Nguyễn Văn An")) == "NA"
    assert initials(make_user("dung@example.org", full_name="đặng")) == "Đ"
    assert initials(make_user("lan@example.org", full_name="")) == "L"


def test_an_avatar_shows_the_initials_and_nothing_from_gravatar(client):
    assert settings.WAGTAIL_GRAVATAR_PROVIDER_URL is None
    user = make_user("hoa@example.org", full_name="Trần Thị <Hoa>", is_staff=True, is_superuser=True)
    html = avatar(user)
    source = re.search(r'<img src="([^"]+)"', html)[1]
    assert source.startswith("data:image/svg+xml")
    svg = unquote(source)
    assert ">T&lt;</text>" in svg  # the letters are escaped inside the SVG
    assert "gravatar" not in html and "default-user-avatar" not in html

    client.force_login(user)
    dashboard = client.get("/admin/").content.decode()
    assert "gravatar" not in dashboard and "default-user-avatar" not in dashboard
    assert "data:image/svg+xml" in dashboard  # the sidebar's account menu


def test_an_uploaded_picture_is_shown_instead(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    user = make_user("binh@example.org", full_name="Lê Bình")
    profile = UserProfile.get_for_user(user)
    profile.avatar = SimpleUploadedFile("binh.png", TINY_PNG, content_type="image/png")
    profile.save()
    user.refresh_from_db()
    assert "data:image/svg+xml" not in avatar(user)
    assert profile.avatar.url in avatar(user)
