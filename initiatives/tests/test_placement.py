"""Free slugs and moving an initiative into a hall: the one way, used by screening and the importer."""

from wagtail.models import PageLogEntry

from initiatives.models import InitiativePage
from initiatives.placement import move_to_hall, unique_slug
from tests.builders import add_english_tree, make_initiative, make_user


def test_a_taken_slug_gets_the_first_free_number(site_tree):
    make_initiative(site_tree.community, "Một cửa")
    make_initiative(site_tree.community, "Một cửa 2")
    assert unique_slug(site_tree.community, "mot-cua") == "mot-cua-3"
    assert unique_slug(site_tree.expo, "mot-cua") == "mot-cua"


def test_moving_into_a_hall_takes_the_translations_along(site_tree):
    english = add_english_tree(site_tree)
    page = make_initiative(site_tree.community, "Số hóa")
    alias = InitiativePage.objects.get(translation_key=page.translation_key, locale=english.home.locale)
    assert alias.get_parent().pk == english.community.pk

    slug = move_to_hall(page, site_tree.expo)

    assert slug == "so-hoa"
    assert InitiativePage.objects.get(pk=page.pk).get_parent().pk == site_tree.expo.pk
    assert InitiativePage.objects.get(pk=alias.pk).get_parent().pk == english.expo.pk


def test_moving_into_a_hall_frees_the_slug_and_records_who_moved_it(site_tree):
    make_initiative(site_tree.expo, "Số hóa", endorsed=True)
    page = make_initiative(site_tree.community, "Số hóa")
    screener = make_user("sang-loc@example.org")

    slug = move_to_hall(page, site_tree.expo, user=screener)

    moved = InitiativePage.objects.get(pk=page.pk)
    assert slug == moved.slug == "so-hoa-2"
    assert moved.get_parent().pk == site_tree.expo.pk
    entry = PageLogEntry.objects.filter(page=moved, action="wagtail.move").get()
    assert entry.user_id == screener.pk


def test_the_wanted_slug_replaces_the_pages_own(site_tree):
    page = make_initiative(site_tree.intake, "Bản nháp", publish=False)
    assert move_to_hall(page, site_tree.community, slug="ten-moi") == "ten-moi"
    assert InitiativePage.objects.get(pk=page.pk).slug == "ten-moi"
