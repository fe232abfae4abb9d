from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.builders import make_call, make_user, verified


@pytest.fixture
def submitter(db):
    return verified(make_user("nguoi-nop@example.org", full_name="Người Nộp"))


@pytest.fixture
def submitter_client(client, submitter):
    client.force_login(submitter)
    return client


@pytest.fixture
def open_call(site_tree):
    today = timezone.localdate()
    return make_call(
        site_tree.calls,
        title="Đợt 2026",
        slug="dot-2026",
        intake_opens=today - timedelta(days=10),
        intake_closes=today + timedelta(days=20),
    )


@pytest.fixture
def submission_with_co_author(submitter, site_tree):
    from submissions.models import Submission

    submission = Submission.objects.create(
        owner=submitter, data={"title": "Có đồng tác giả", "language": "vi"}
    )
    co_author = verified(make_user("dong-tac-gia@example.org"))
    submission.co_authors.add(co_author)
    return submission, co_author


@pytest.fixture
def people(draft):
    """Who may ask for a draft (each test module has its `draft`): by role, None for nobody signed in."""
    co_author = verified(make_user("dong-tac-gia@example.org"))
    draft.co_authors.add(co_author)
    screener = verified(make_user("sang-loc@example.org"))
    screener.groups.add(Group.objects.get(name="Screeners"))
    return {
        "anonymous": None,
        "stranger": verified(make_user("nguoi-la@example.org")),
        "screener": screener,
        "co_author": co_author,
        "owner": draft.owner,
    }
