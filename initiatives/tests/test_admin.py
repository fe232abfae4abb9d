import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text
from wagtail.users.models import UserProfile

from initiatives.models import InitiativePage, Province
from tests.builders import make_document, make_initiative, make_user


@pytest.fixture
def admin_user(db):
    return make_user("admin@example.org", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, admin_user):
    """An administrator whose admin interface is in English, so that assertions read plainly."""
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(admin_user)
    return client


def test_initiatives_are_listed_and_filterable_in_the_admin(admin_client, site_tree):
    make_initiative(site_tree.community, "Hà Nội số", province="01")
    make_initiative(site_tree.community, "Cần Thơ số", province="92")
    url = reverse("initiatives:index")
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Hà Nội số" in html and "Cần Thơ số" in html
    filtered = admin_client.get(url, {"province": Province.objects.get(gso_code="92").pk}).content.decode()
    assert "Cần Thơ số" in filtered and "Hà Nội số" not in filtered


def test_the_admin_listing_searches_titles_and_texts_without_diacritics(admin_client, site_tree):
    make_initiative(site_tree.community, "Zalo phường Hòa Khánh", organisation="Đoàn thanh niên")
    make_initiative(site_tree.community, "Cổng dịch vụ công", province="92")
    page = make_initiative(site_tree.community, "Một cửa số")
    page.copy_for_translation(Locale.objects.create(language_code="en"), copy_parents=True, alias=True)
    url = reverse("initiatives:index")
    for query in ("zalo", "hoa khanh", "doan thanh", "ZALO"):
        response = admin_client.get(url, {"q": query})
        assert response.status_code == 200
        assert [page.title for page in response.context["pages"]] == ["Zalo phường Hòa Khánh"]
    can_tho = Province.objects.get(gso_code="92").pk
    response = admin_client.get(url, {"q": "cong", "province": can_tho})
    assert [page.title for page in response.context["pages"]] == ["Cổng dịch vụ công"]
    response = admin_client.get(url, {"q": "mot cua"})
    assert [page.title for page in response.context["pages"]] == ["Một cửa số"]  # not its alias
    assert not admin_client.get(url, {"q": "«…»"}).context["pages"]  # no word to search for


@pytest.mark.parametrize("query", ["locale=%00", "q=%00", "q=zalo%00&locale=en%00", "p=%C2%B2", "live=%00"])
def test_control_characters_in_the_admin_listing_s_query_are_ignored(admin_client, site_tree, query):
    make_initiative(site_tree.community, "Zalo phường Hòa Khánh")
    Locale.objects.create(language_code="en")
    assert admin_client.get(f"{reverse('initiatives:index')}?{query}").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        reverse("wagtailadmin_choose_page"),
        reverse("wagtailadmin_pages:type_use", args=["initiatives", "initiativepage"]),
        reverse("wagtailadmin_pages:search"),
        reverse("wagtaildocs:index"),
    ],
)
def test_wagtail_s_own_admin_views_read_cleaned_query_strings(admin_client, site_tree, url):
    Locale.objects.create(language_code="en")
    assert admin_client.get(f"{url}?locale=%00&q=%00").status_code == 200
    # Wagtail's search nests an expression per word: a search of 500 words exceeded Python's recursion limit.
    assert admin_client.get(f"{url}?q={'a+' * 500}").status_code == 200


def test_the_admin_listing_leaves_out_aliases_in_other_languages(admin_client, site_tree):
    page = make_initiative(site_tree.community, "Chỉ một lần")
    english = Locale.objects.create(language_code="en")
    page.copy_for_translation(english, copy_parents=True, alias=True)
    assert InitiativePage.objects.filter(translation_key=page.translation_key).count() == 2
    response = admin_client.get(reverse("initiatives:index"))
    assert response.context["page_obj"].paginator.count == 1


def test_initiative_editor_has_the_four_tabs(admin_client, site_tree):
    page = make_initiative(site_tree.community, "Có tab")
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    for heading in ["Content", "Classification", "Endorsement and contact", "Media"]:
        assert heading in html


def test_admin_speaks_vietnamese_by_default(client, admin_user, site_tree):
    page = make_initiative(site_tree.community, "Có tab")
    client.force_login(admin_user)
    html = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    for heading in ["Nội dung", "Phân loại", "Xác nhận và liên hệ", "Đa phương tiện"]:
        assert heading in html


def test_reference_data_is_editable_as_snippets(admin_client):
    response = admin_client.get(reverse("wagtailsnippets_initiatives_province:list"))
    assert response.status_code == 200
    assert "Đắk Lắk" in response.content.decode()
    goal_list = admin_client.get(reverse("wagtailsnippets_initiatives_goal:list"))
    assert "egov" in goal_list.content.decode()


def edit_post_data(page: InitiativePage, **overrides) -> dict:
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": page.summary,
            "stage": page.stage_id,
            "province": page.province_id,
            "level": page.level,
            "proposer_type": page.proposer_type_id,
            "language": page.language,
            "problem": rich_text(""),
            "solution": rich_text(""),
            "results": rich_text(""),
            "beneficiaries": rich_text(""),
            "replicability": rich_text(""),
            "gallery_images": inline_formset([]),
            "attachments": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "publish",
        }
    )
    data["goals"] = [goal.pk for goal in page.goals.all()]
    data["innovation_types"] = [kind.pk for kind in page.innovation_types.all()]
    data.update(overrides)
    return data


def test_admin_explains_the_expo_hall_rule_on_publish(admin_client, site_tree):
    page = make_initiative(site_tree.expo, "Chưa xác nhận", endorsed=False, publish=False)
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = admin_client.post(url, edit_post_data(page))
    assert response.status_code == 200
    assert (
        "Only initiatives with a verified endorsement can be published in the Expo Hall"
        in response.content.decode()
    )
    assert not InitiativePage.objects.get(pk=page.pk).live


def test_admin_publishes_a_verified_initiative_in_the_expo_hall(admin_client, site_tree):
    page = make_initiative(site_tree.expo, "Đã xác nhận", endorsed=False, publish=False)
    page.endorsement_document = make_document()
    page.save_revision()
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    data = edit_post_data(page, endorsement_document=page.endorsement_document_id, endorsement_verified="on")
    response = admin_client.post(url, data)
    assert response.status_code == 302
    published = InitiativePage.objects.get(pk=page.pk)
    assert published.live
    assert published.endorsement_verified_by.email == "admin@example.org"
    assert published.endorsement_verified_at is not None
