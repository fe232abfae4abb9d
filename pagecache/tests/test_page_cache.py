"""The anonymous page cache: what is kept and for whom, and what each change to a page purges."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from home.models import ExpoSettings, FaqPage
from pagecache.middleware import HEADER
from tests.builders import make_initiative, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


def served(client, path: str, **extra):
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    return response


def search_path(language: str = "vi") -> str:
    with translation.override(language):
        return reverse("search:solutions")


def test_a_second_anonymous_visit_to_a_hall_is_served_from_the_cache(
    client, site_tree, django_assert_num_queries
):
    make_initiative(site_tree.expo, "Một cửa điện tử")
    first = served(client, site_tree.expo.url)
    assert first[HEADER] == "miss"
    with django_assert_num_queries(0):
        second = served(client, site_tree.expo.url)
    assert second[HEADER] == "hit"
    assert second.content == first.content
    assert "Một cửa điện tử" in second.content.decode()


def test_the_language_cookie_is_still_set_on_a_page_from_the_cache(client, site_tree):
    served(client, site_tree.expo.url)
    other_visitor = client.__class__()
    response = served(other_visitor, site_tree.expo.url)
    assert response[HEADER] == "hit"
    assert response.cookies["django_language"].value == "vi"
    assert "Content-Security-Policy" in response


def test_nothing_is_cached_when_turned_off(client, site_tree, settings):
    settings.PAGE_CACHE_SECONDS = 0
    served(client, site_tree.expo.url)
    assert HEADER not in served(client, site_tree.expo.url)


def test_signed_in_people_are_never_served_nor_given_a_cached_page(client, site_tree):
    assert served(client, site_tree.expo.url)[HEADER] == "miss"
    client.force_login(make_user())
    for _visit in range(2):
        assert HEADER not in served(client, site_tree.expo.url)


def test_a_page_with_a_form_that_posts_is_never_cached(client, site_tree):
    signup = reverse("account_signup")
    for _visit in range(2):
        response = served(client, signup)
        assert HEADER not in response
        assert "csrfmiddlewaretoken" in response.content.decode()


def test_a_page_showing_a_message_is_neither_kept_nor_served_from_the_cache(client, site_tree):
    served(client, site_tree.home.url)
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(constants.SUCCESS, "Đã gửi sáng kiến")
    carrier = HttpResponse()
    storage.update(carrier)
    client.cookies["messages"] = carrier.cookies["messages"].value

    with_message = served(client, site_tree.home.url)
    assert "Đã gửi sáng kiến" in with_message.content.decode()
    assert HEADER not in with_message
    client.cookies.pop("messages", None)
    after = served(client, site_tree.home.url)
    assert after[HEADER] == "hit"
    assert "Đã gửi sáng kiến" not in after.content.decode()


def test_a_visitor_with_something_in_the_session_gets_the_page_made_for_them(client, site_tree):
    served(client, site_tree.expo.url)
    session = client.session
    session["passed_page_view_restrictions"] = [1]
    session.save()
    for _visit in range(2):
        assert HEADER not in served(client, site_tree.expo.url)


def test_other_methods_and_missing_pages_are_not_cached(client, site_tree):
    for _visit in range(2):
        assert client.get(site_tree.expo.url + "khong-co/").status_code == 404
    assert HEADER not in client.get(site_tree.expo.url + "khong-co/")
    served(client, site_tree.expo.url)
    assert HEADER not in client.post(site_tree.expo.url)


def test_query_strings_in_another_order_share_an_entry(client, site_tree):
    assert served(client, site_tree.expo.url + "?goal=egov&stage=pilot")[HEADER] == "miss"
    assert served(client, site_tree.expo.url + "?stage=pilot&goal=egov")[HEADER] == "hit"
    assert served(client, site_tree.expo.url + "?stage=pilot")[HEADER] == "miss"
    assert served(client, site_tree.expo.url)[HEADER] == "miss"


def test_each_language_has_its_own_entries(client, english_tree, site_tree):
    assert served(client, site_tree.expo.url)[HEADER] == "miss"
    english = served(client, english_tree.expo.url)
    assert english[HEADER] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert served(client, english_tree.expo.url)[HEADER] == "hit"
    assert '<html lang="vi">' in served(client, site_tree.expo.url).content.decode()


def listings(tree) -> list[str]:
    return [tree.home.url, tree.expo.url, search_path(), tree.calls.url]


def test_publishing_an_initiative_purges_its_hall_the_home_page_and_the_searches(client, site_tree):
    search = search_path() + "?q=phan+anh+hien+truong"
    for path in [*listings(site_tree), search]:
        served(client, path)
        assert served(client, path)[HEADER] == "hit"

    initiative = make_initiative(site_tree.expo, "Phản ánh hiện trường bằng ứng dụng")

    for path in [*listings(site_tree), search]:
        response = served(client, path)
        assert response[HEADER] == "miss", path
        if path in {site_tree.expo.url, search}:
            assert initiative.url in response.content.decode(), path


def test_publishing_an_initiative_purges_its_own_page_but_not_another_initiatives(client, site_tree):
    changed = make_initiative(site_tree.expo, "Một cửa điện tử")
    other = make_initiative(site_tree.expo, "Bản đồ số")
    for page in (changed, other):
        served(client, page.url)

    changed.title = "Một cửa điện tử liên thông"
    changed.save_revision().publish()

    fresh = served(client, changed.url)
    assert fresh[HEADER] == "miss"
    assert "Một cửa điện tử liên thông" in fresh.content.decode()
    assert served(client, other.url)[HEADER] == "hit"


def test_unpublishing_an_initiative_takes_it_off_its_page_its_hall_and_the_home_page(client, site_tree):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    address = initiative.url
    for path in [address, *listings(site_tree)]:
        served(client, path)

    initiative.unpublish()

    assert client.get(address).status_code == 404
    hall = served(client, site_tree.expo.url)
    assert hall[HEADER] == "miss"
    assert "Sổ tay số cho xã" not in hall.content.decode()
    assert served(client, site_tree.home.url)[HEADER] == "miss"


def test_moving_an_initiative_purges_both_halls_and_both_addresses(client, site_tree):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    old_address = initiative.url
    for path in [old_address, site_tree.expo.url, site_tree.community.url]:
        served(client, path)

    initiative.move(site_tree.community, pos="last-child")

    initiative.refresh_from_db()
    moved = client.get(old_address)
    assert (moved.status_code, moved["Location"]) == (301, initiative.url)  # Wagtail's automatic redirect
    assert served(client, initiative.url)[HEADER] == "miss"
    assert "Sổ tay số cho xã" not in served(client, site_tree.expo.url).content.decode()
    assert "Sổ tay số cho xã" in served(client, site_tree.community.url).content.decode()


def test_deleting_an_initiative_purges_its_page_and_its_hall(client, site_tree):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    address = initiative.url
    for path in [address, site_tree.expo.url]:
        served(client, path)

    initiative.delete()

    assert client.get(address).status_code == 404
    hall = served(client, site_tree.expo.url)
    assert hall[HEADER] == "miss"
    assert "Sổ tay số cho xã" not in hall.content.decode()


def test_changing_a_page_in_the_menus_purges_every_page(client, site_tree):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    faq = site_tree.home.add_child(
        instance=FaqPage(title="Hỏi đáp", slug="hoi-dap", intro="Câu hỏi", show_in_menus=True)
    )
    for path in [initiative.url, faq.url]:
        served(client, path)

    faq.title = "Câu hỏi thường gặp"
    faq.save_revision().publish()

    assert served(client, initiative.url)[HEADER] == "miss"
    assert "Câu hỏi thường gặp" in served(client, faq.url).content.decode()


def test_a_preview_in_the_admin_shows_the_draft_not_the_cached_page(client, site_tree):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    served(client, initiative.url)
    assert served(client, initiative.url)[HEADER] == "hit"

    initiative.title = "Sổ tay số cho xã, bản nháp"
    preview = initiative.make_preview_request()

    assert "Sổ tay số cho xã, bản nháp" in preview.content.decode()
    assert HEADER not in preview


def test_changing_the_site_settings_purges_every_page(client, site_tree, django_capture_on_commit_callbacks):
    initiative = make_initiative(site_tree.expo, "Sổ tay số cho xã")
    served(client, initiative.url)
    with django_capture_on_commit_callbacks(execute=True):
        ExpoSettings.objects.get_or_create(site=site_tree.home.get_site())[0].save()
    assert served(client, initiative.url)[HEADER] == "miss"
