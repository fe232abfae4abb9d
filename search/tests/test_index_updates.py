"""The search index follows the site: publishing, unpublishing, moving and deleting initiatives, and making
a part of the site private, queue updates of every copy of the initiatives concerned, once committed.

The backend configured here records what it is asked: it stands in for Elasticsearch, which cannot
run on this machine (see `test_elasticsearch_live.py` for the same journeys against a server).
"""

import pytest
from django.db import transaction
from django_tasks.base import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.models import PageViewRestriction

from initiatives.models import InitiativePage
from search.backends import SearchBackend
from tests.builders import make_initiative


class RecordingBackend(SearchBackend):
    """Remembers the page ids it is asked to update and remove (each task makes a new backend)."""

    updated: list[set[int]] = []
    removed: list[set[int]] = []

    def update(self, page_ids):
        RecordingBackend.updated.append(set(page_ids))

    def remove(self, page_ids):
        RecordingBackend.removed.append(set(page_ids))


@pytest.fixture
def recorded(settings):
    settings.SOLUTIONS_SEARCH = {"BACKEND": f"{__name__}.RecordingBackend"}
    RecordingBackend.updated, RecordingBackend.removed = [], []
    return RecordingBackend


def copies(page: InitiativePage) -> set[int]:
    return set(
        InitiativePage.objects.filter(translation_key=page.translation_key).values_list("pk", flat=True)
    )


def updated(recorded) -> set[int]:
    return set().union(*recorded.updated)


def test_publishing_updates_the_initiative_in_both_language_trees_once_committed(
    site_tree, english_tree, recorded, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        page = make_initiative(site_tree.community, "Một cửa điện tử")
    assert recorded.updated == []
    for callback in callbacks:
        callback()
    alias = page.get_translation(english_tree.home.locale)
    assert copies(page) == {page.pk, alias.pk}
    assert updated(recorded) == {page.pk, alias.pk}
    assert recorded.removed == []


def test_unpublishing_updates_every_copy_which_the_update_then_removes(
    site_tree, english_tree, recorded, django_capture_on_commit_callbacks
):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    with django_capture_on_commit_callbacks(execute=True):
        page.unpublish()
    assert updated(recorded) == copies(page)
    assert len(copies(page)) == 2


def test_a_change_rolled_back_leaves_the_index_alone(site_tree, recorded, django_capture_on_commit_callbacks):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        page.unpublish()
        raise RuntimeError("rolled back")
    assert recorded.updated == []


def test_moving_a_published_initiative_updates_it(site_tree, recorded, django_capture_on_commit_callbacks):
    page = make_initiative(site_tree.expo, "Một cửa điện tử")
    with django_capture_on_commit_callbacks(execute=True):
        page.move(site_tree.community, pos="last-child")
    assert updated(recorded) == {page.pk}


def test_moving_a_section_updates_the_published_initiatives_below_it(
    site_tree, recorded, django_capture_on_commit_callbacks
):
    shown = make_initiative(site_tree.community, "Một cửa điện tử")
    make_initiative(site_tree.community, "Bản nháp", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.community.move(site_tree.intake, pos="last-child")
    assert updated(recorded) == {shown.pk}


def test_moving_a_draft_queues_nothing(site_tree, recorded, django_capture_on_commit_callbacks):
    draft = make_initiative(site_tree.intake, "Đang sàng lọc", publish=False)
    with django_capture_on_commit_callbacks(execute=True):
        draft.move(site_tree.community, pos="last-child")
    assert recorded.updated == []


def test_deleting_an_initiative_removes_it(site_tree, recorded, django_capture_on_commit_callbacks):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    page_id = page.pk
    with django_capture_on_commit_callbacks(execute=True):
        page.delete()
    assert recorded.removed == [{page_id}]


def test_deleting_a_hall_removes_each_initiative_in_it(
    site_tree, recorded, django_capture_on_commit_callbacks
):
    first = make_initiative(site_tree.community, "Một cửa điện tử")
    second = make_initiative(site_tree.community, "Bản nháp", publish=False)
    page_ids = {first.pk, second.pk}
    with django_capture_on_commit_callbacks(execute=True):
        site_tree.community.delete()
    assert set().union(*recorded.removed) == page_ids


def test_making_a_hall_private_and_public_again_updates_the_initiatives_in_it(
    site_tree, recorded, django_capture_on_commit_callbacks
):
    page = make_initiative(site_tree.community, "Một cửa điện tử")
    make_initiative(site_tree.expo, "Ở gian khác")
    with django_capture_on_commit_callbacks(execute=True):
        restriction = PageViewRestriction.objects.create(
            page=site_tree.community, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    assert recorded.updated == [{page.pk}]
    with django_capture_on_commit_callbacks(execute=True):
        restriction.delete()
    assert recorded.updated == [{page.pk}, {page.pk}]


def test_with_the_database_backend_the_upkeep_runs_and_does_nothing(
    site_tree, django_capture_on_commit_callbacks
):
    finished = []

    def on_task_finished(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith("search."):
            finished.append((task_result.task.name, task_result.status))

    task_finished.connect(on_task_finished)
    try:
        page = make_initiative(site_tree.community, "Một cửa điện tử")
        with django_capture_on_commit_callbacks(execute=True):
            page.unpublish()
        with django_capture_on_commit_callbacks(execute=True):
            page.delete()
    finally:
        task_finished.disconnect(on_task_finished)
    assert finished == [
        ("update_search_index", TaskResultStatus.SUCCESSFUL),
        ("remove_from_search_index", TaskResultStatus.SUCCESSFUL),
    ]
