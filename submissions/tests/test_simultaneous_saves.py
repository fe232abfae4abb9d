"""Two authors saving one draft at the same moment, each through their own request and connection."""

import re
import threading

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from submissions.models import Submission
from tests.builders import SECTION_DATA, build_site_tree, make_user, verified

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row locks are what is tested; SQLite serialises writers itself (see test_section_conflicts).",
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TRIALS = 20
VERSION_INPUT = re.compile(r'name="section_version" value="([^"]*)"')


@pytest.fixture
def authors():
    """The owner and a co-author, each logged in on a client of their own."""
    build_site_tree()
    owner = verified(make_user("chu-so-huu@example.org"))
    co_author = verified(make_user("dong-tac-gia@example.org"))
    clients = []
    for user in (owner, co_author):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return owner, co_author, clients


def new_draft(owner, co_author) -> Submission:
    submission = Submission.objects.create(owner=owner, data={**SECTION_DATA["basics"]})
    submission.co_authors.add(co_author)
    return submission


def section_url(submission: Submission, slug: str) -> str:
    return reverse("submissions:section", args=[submission.pk, slug])


def open_section(client, url: str) -> dict:
    """What the form of the section sends back besides the fields: the version it was opened on."""
    found = VERSION_INPUT.search(client.get(url).content.decode())
    assert found, "the form carries no section version"
    return {"section_version": found.group(1)}


def post_together(posts: list[tuple[Client, str, dict]]) -> list:
    """Sends the posts at the same moment, each from its own thread and so its own connection."""
    start = threading.Barrier(len(posts))
    responses = [None] * len(posts)

    def post(position, client, url, data):
        try:
            start.wait()
            responses[position] = client.post(url, data)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post, args=(n, *args)) for n, args in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return responses


def test_different_sections_saved_at_once_are_both_kept(authors):
    owner, co_author, (owner_client, co_author_client) = authors
    lost = []
    for trial in range(TRIALS):
        submission = new_draft(owner, co_author)
        basics_url, content_url = section_url(submission, "basics"), section_url(submission, "content")
        summary, problem = f"Chủ sửa {trial}.", f"Đồng tác giả sửa {trial}."
        basics = {**SECTION_DATA["basics"], **open_section(owner_client, basics_url), "summary": summary}
        content = {
            **SECTION_DATA["content"],
            **open_section(co_author_client, content_url),
            "problem": problem,
        }

        responses = post_together(
            [(owner_client, basics_url, basics), (co_author_client, content_url, content)]
        )

        submission.refresh_from_db()
        kept = (submission.data.get("summary"), submission.data.get("problem"))
        if [response.status_code for response in responses] != [302, 302] or kept != (summary, problem):
            lost.append(trial)
    assert lost == [], f"an edit was lost in {len(lost)} of {TRIALS} trials"


def test_the_same_section_saved_at_once_keeps_one_and_tells_the_other(authors):
    owner, co_author, clients = authors
    mishandled = []
    for trial in range(TRIALS):
        submission = new_draft(owner, co_author)
        url = section_url(submission, "content")
        problems = [f"Chủ viết {trial}.", f"Đồng tác giả viết {trial}."]
        posts = [
            (client, url, {**SECTION_DATA["content"], **open_section(client, url), "problem": problem})
            for client, problem in zip(clients, problems, strict=True)
        ]

        responses = post_together(posts)

        codes = [response.status_code for response in responses]
        if sorted(codes) != [200, 302]:
            mishandled.append(trial)
            continue
        saved, told = (0, 1) if codes[0] == 302 else (1, 0)
        submission.refresh_from_db()
        html = responses[told].content.decode()
        if not (
            submission.data["problem"] == problems[saved]
            and "Trong lúc bạn đang sửa, một người khác đã lưu phần này." in html
            and problems[told] in html
            and problems[saved] in html
        ):
            mishandled.append(trial)
    assert mishandled == [], (
        f"a simultaneous edit was overwritten or untold in {len(mishandled)} of {TRIALS} trials"
    )
