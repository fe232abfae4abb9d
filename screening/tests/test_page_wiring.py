"""Saving the intake page or a hall, in code as in the admin, keeps screening's hold on it."""

from django.core import serializers
from wagtail.models import GroupPagePermission, PageViewRestriction, WorkflowPage

from halls.models import HallPage
from initiatives.models import IntakePage
from tests.builders import add_english_tree


def screeners_rights(page) -> set[str]:
    return set(
        GroupPagePermission.objects.filter(page=page, group__name="Screeners").values_list(
            "permission__codename", flat=True
        )
    )


def forget_screening(page) -> None:
    PageViewRestriction.objects.filter(page=page).delete()
    WorkflowPage.objects.filter(page=page).delete()
    GroupPagePermission.objects.filter(page=page).delete()


def test_saving_the_intake_page_restricts_it_to_screeners_and_starts_screening_there(site_tree):
    intake = IntakePage.objects.get(pk=site_tree.intake.pk)
    forget_screening(intake)

    intake.save()

    restriction = PageViewRestriction.objects.get(page=intake)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert list(restriction.groups.values_list("name", flat=True)) == ["Screeners"]
    assert intake.get_workflow().name == "Screening"
    assert screeners_rights(intake) == {"change_page"}


def test_an_intake_page_made_in_code_is_restricted_as_soon_as_it_exists(site_tree):
    intake = site_tree.intake
    intake.delete()
    new_intake = site_tree.home.add_child(instance=IntakePage(title="Tiếp nhận", slug="tiep-nhan-moi"))

    assert PageViewRestriction.objects.get(page=new_intake).groups.get().name == "Screeners"
    assert new_intake.get_workflow().name == "Screening"


def test_a_password_on_the_intake_page_gives_way_to_the_screeners_group(site_tree):
    intake = IntakePage.objects.get(pk=site_tree.intake.pk)
    PageViewRestriction.objects.filter(page=intake).update(
        restriction_type=PageViewRestriction.PASSWORD, password="mat-khau"
    )

    intake.save()

    restriction = PageViewRestriction.objects.get(page=intake)
    assert restriction.restriction_type == PageViewRestriction.GROUPS
    assert restriction.groups.get().name == "Screeners"


def test_the_intake_page_of_another_language_is_restricted_to_screeners_too(site_tree):
    english = add_english_tree(site_tree).intake
    restrictions = PageViewRestriction.objects.filter(page=english)
    assert restrictions.exists()
    for restriction in restrictions:
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert list(restriction.groups.values_list("name", flat=True)) == ["Screeners"]
    assert english.get_workflow().name == "Screening"


def test_saving_a_hall_puts_the_update_review_on_it_and_lets_screeners_publish(site_tree):
    for hall in (site_tree.expo, site_tree.community):
        hall = HallPage.objects.get(pk=hall.pk)
        forget_screening(hall)

        hall.save()

        assert hall.get_workflow().name == "Update review"
        assert screeners_rights(hall) == {"change_page", "publish_page"}
        assert not PageViewRestriction.objects.filter(page=hall).exists()


def test_a_fixture_loads_its_rows_as_they_are(site_tree):
    hall = HallPage.objects.get(pk=site_tree.expo.pk)
    dumped = serializers.serialize("json", [hall])
    forget_screening(hall)

    for stored in serializers.deserialize("json", dumped):
        stored.save()

    assert not WorkflowPage.objects.filter(page=hall).exists()
