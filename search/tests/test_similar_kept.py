"""An initiative's similar initiatives are worked out ahead and read from their row on its page."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.kept import forget_kept
from search.models import SimilarInitiatives
from search.similar import SIMILAR_KEPT_FOR
from tests.builders import make_initiative

pytestmark = pytest.mark.django_db


def kept_ids(page) -> list[int]:
    return SimilarInitiatives.objects.get(page_id=page.pk).initiative_ids


def compares(sql: str) -> bool:
    """Whether a statement compares key phrases with the initiatives' texts."""
    return re.search(r'"search_text"(::text)? LIKE', sql) is not None


def test_the_first_view_works_the_list_out_and_the_next_ones_read_it(client, same_problem):
    page, (closest, close) = same_problem
    assert not SimilarInitiatives.objects.filter(page_id=page.pk).exists()  # loaded without the upkeep task

    with CaptureQueriesContext(connection) as queries:
        assert closest.url in client.get(page.url).content.decode()
    assert any(compares(query["sql"]) for query in queries.captured_queries)
    assert kept_ids(page) == [closest.pk, close.pk]

    # What the page shows is the row, not a comparison made again (the row changed behind the cache's back:
    # `refresh_similar_around` tells it, `forget_kept`).
    SimilarInitiatives.objects.filter(page_id=page.pk).update(initiative_ids=[close.pk])
    forget_kept()
    with CaptureQueriesContext(connection) as queries:
        html = client.get(page.url).content.decode()
    assert close.url in html and closest.url not in html
    assert not any(compares(query["sql"]) for query in queries.captured_queries)


def test_a_list_older_than_its_time_is_worked_out_again(client, same_problem):
    page, (closest, close) = same_problem
    SimilarInitiatives.objects.create(page_id=page.pk, initiative_ids=[close.pk])
    SimilarInitiatives.objects.filter(page_id=page.pk).update(
        computed_at=timezone.now() - SIMILAR_KEPT_FOR - timedelta(minutes=1)
    )
    assert closest.url in client.get(page.url).content.decode()
    assert kept_ids(page) == [closest.pk, close.pk]


def test_publishing_an_alike_initiative_refreshes_the_lists_it_names(
    client, same_problem, django_capture_on_commit_callbacks
):
    page, (closest, close) = same_problem
    client.get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        newer = make_initiative(
            page.get_parent(),
            "Cải cách hành chính tại bộ phận một cửa cấp tỉnh",
            province="92",
            problem="<p>Người dân phải đi lại nhiều lần để nộp hồ sơ.</p>",
        )
    # Its own list, worked out by the upkeep task, names the page; so the page's list is worked out again.
    assert page.pk in kept_ids(newer)
    assert newer.pk in kept_ids(page)
    assert newer.url in client.get(page.url).content.decode()


def test_an_unpublished_initiative_leaves_the_lists_at_once_and_keeps_none(
    client, same_problem, django_capture_on_commit_callbacks
):
    page, (closest, close) = same_problem
    client.get(page.url)
    client.get(closest.url)
    with django_capture_on_commit_callbacks(execute=True):
        closest.unpublish()
    assert closest.url not in client.get(page.url).content.decode()
    assert close.url in client.get(page.url).content.decode()
    assert not SimilarInitiatives.objects.filter(page_id=closest.pk).exists()


def test_a_page_viewed_before_the_upkeep_task_ran_shows_the_new_list_after_it(
    client, same_problem, django_capture_on_commit_callbacks
):
    page, (closest, close) = same_problem
    client.get(page.url)  # its list worked out and kept
    with django_capture_on_commit_callbacks(execute=False) as upkeep:
        newer = make_initiative(
            page.get_parent(),
            "Cải cách hành chính tại bộ phận một cửa cấp tỉnh",
            province="92",
            problem="<p>Người dân phải đi lại nhiều lần để nộp hồ sơ.</p>",
        )
    assert newer.url not in client.get(page.url).content.decode()  # kept, as the task has not run
    for task in upkeep:
        task()
    assert newer.url in client.get(page.url).content.decode()
