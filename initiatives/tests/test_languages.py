"""An initiative written in one language, shown on both language sites: translated, or with a notice."""

from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from initiatives.models import Goal, InitiativePage
from tests.builders import make_initiative

NOTICE_EN = "This initiative is written in Vietnamese and has not been translated into English yet."
NOTICE_VI = "Sáng kiến này được viết bằng tiếng Anh và chưa được dịch sang tiếng Việt."


@pytest.fixture
def admin_client(db):
    admin = get_user_model().objects.create_superuser(email="admin@example.org", password="a-long-password")
    client = Client()
    client.force_login(admin)
    return client


def test_a_published_initiative_appears_on_the_other_language_site_with_a_notice(
    client, site_tree, english_tree
):
    original = make_initiative(site_tree.expo, "Mã QR trên phiếu hẹn", language="vi")
    alias = InitiativePage.objects.get(translation_key=original.translation_key, locale__language_code="en")
    assert alias.alias_of_id == original.pk and alias.live
    assert alias.get_parent().pk == english_tree.expo.pk

    english = client.get(alias.url).content.decode()
    assert NOTICE_EN in english
    assert '<h1 lang="vi">Mã QR trên phiếu hẹn</h1>' in english
    assert NOTICE_EN not in client.get(original.url).content.decode()

    hall = client.get(english_tree.expo.url).content.decode()
    assert hall.count(">Mã QR trên phiếu hẹn</a>") == 1
    assert "In Vietnamese" in hall


def test_an_english_original_has_a_notice_on_the_vietnamese_site(client, site_tree, english_tree):
    original = make_initiative(english_tree.community, "Open budget dashboard", language="en")
    alias = original.get_translation(Locale.objects.get(language_code="vi"))
    assert NOTICE_VI in client.get(alias.url).content.decode()
    assert "Bằng tiếng Anh" in client.get(site_tree.community.url).content.decode()


def translate_strings(translation: Translation, client, texts: dict[str, str]) -> None:
    """Types each text into wagtail-localize's editor, as the editor's page does, field by field."""
    for segment in StringSegment.objects.filter(source=translation.source).select_related("context"):
        response = client.put(
            f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
            urlencode({"value": texts.get(segment.context.path, f"English text of {segment.context.path}")}),
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 201, response.content


def test_an_editor_translates_an_initiative_and_it_is_listed_once_per_site(
    admin_client, client, site_tree, english_tree, django_capture_on_commit_callbacks
):
    original = make_initiative(site_tree.expo, "Mã QR trên phiếu hẹn", language="vi")
    alias = original.get_translation(Locale.objects.get(language_code="en"))

    english = Locale.objects.get(language_code="en")
    response = admin_client.post(f"/admin/localize/submit/page/{original.pk}/", {"locales": [english.pk]})
    assert response.status_code == 302
    translation = Translation.objects.get(source__object_id=original.translation_key, target_locale=english)
    translate_strings(
        translation,
        admin_client,
        {"title": "QR codes on appointment slips", "summary": "Citizens follow their files by QR code."},
    )
    with django_capture_on_commit_callbacks(execute=True):
        published = admin_client.post(f"/admin/pages/{alias.pk}/edit/", {"action": "publish"})
    assert published.status_code == 302

    translated = InitiativePage.objects.get(pk=alias.pk)
    assert translated.alias_of_id is None and translated.live
    assert translated.title == "QR codes on appointment slips"
    assert translated.language == "en"
    assert translated.translation_key == original.translation_key
    assert [goal.code for goal in translated.goals.all()] == ["egov"]

    english_hall = client.get(english_tree.expo.url).content.decode()
    assert english_hall.count(">QR codes on appointment slips</a>") == 1
    assert "Mã QR trên phiếu hẹn" not in english_hall
    assert "In Vietnamese" not in english_hall
    page = client.get(translated.url).content.decode()
    assert NOTICE_EN not in page
    vietnamese_hall = client.get(site_tree.expo.url).content.decode()
    assert vietnamese_hall.count(">Mã QR trên phiếu hẹn</a>") == 1


def test_a_translation_made_in_code_is_linked_to_its_original(site_tree, english_tree):
    original = make_initiative(site_tree.community, "Hộp thư góp ý", language="vi")
    source, _created = TranslationSource.get_or_create_from_instance(original)
    english = Locale.objects.get(language_code="en")
    source.create_or_update_translation(english, fallback=True)
    translated = InitiativePage.objects.get(translation_key=original.translation_key, locale=english)
    assert translated.alias_of_id is None
    assert translated.language == "en"
    assert original.get_translation(english).pk == translated.pk


def test_an_accepted_update_marks_the_translation_out_of_date_for_editors(
    admin_client, site_tree, english_tree, django_capture_on_commit_callbacks
):
    original = make_initiative(site_tree.community, "Hộp thư góp ý", language="vi")
    source, _created = TranslationSource.get_or_create_from_instance(original)
    english = Locale.objects.get(language_code="en")
    Translation.objects.create(source=source, target_locale=english)
    source.create_or_update_translation(english, fallback=True)
    translated = original.get_translation(english)
    panel = "Bản dịch cần cập nhật"
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel not in dashboard

    original.summary = "Tóm tắt mới sau khi cập nhật."
    original.goals = list(Goal.objects.filter(code__in=["egov", "satisfaction"]))
    original.save_revision().publish()
    dashboard = admin_client.get(reverse("wagtailadmin_home")).content.decode()
    assert panel in dashboard
    assert reverse("wagtailadmin_pages:edit", args=[translated.pk]) in dashboard
    update_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    assert update_url in dashboard

    with django_capture_on_commit_callbacks(execute=True):
        assert admin_client.post(update_url, {"publish_translations": "on"}).status_code == 302
    translated = InitiativePage.objects.get(pk=translated.pk)
    assert sorted(goal.code for goal in translated.goals.all()) == ["egov", "satisfaction"]
    assert (
        "Translations to bring up to date"
        not in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_the_endorsement_badge_speaks_the_page_language_and_marks_the_authority_name(
    client, site_tree, english_tree
):
    """The badge's words follow the site; the authority's name is shown as written, in its own language."""
    original = make_initiative(english_tree.expo, "Open budget dashboard", language="en")
    original.authority_name = "Gia Lai Provincial People's Committee"
    original.save_revision().publish()
    alias = original.get_translation(Locale.objects.get(language_code="vi"))
    name = '<span lang="en">Gia Lai Provincial People&#x27;s Committee</span>'

    vietnamese = client.get(alias.url).content.decode()
    assert f"Cơ quan xác nhận: {name}</span>" in vietnamese
    assert "Đã được" not in vietnamese and "Endorsed" not in vietnamese
    english = client.get(original.url).content.decode()
    assert f"Endorsed by: {name}</span>" in english
    assert "xác nhận" not in english
