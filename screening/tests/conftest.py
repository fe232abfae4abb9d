import pytest
from django.core import mail

from tests.builders import make_screener, make_user, submit_initiative, verified


@pytest.fixture
def author(site_tree):
    return verified(make_user("tac-gia@example.org", full_name="Tác Giả", preferred_language="vi"))


@pytest.fixture
def screener(db):
    return verified(
        make_screener("sang-loc@example.org", full_name="Người Sàng Lọc", preferred_language="vi")
    )


@pytest.fixture
def screener_client(client, screener):
    client.force_login(screener)
    return client


@pytest.fixture
def submitted(site_tree, author, screener):
    submission = submit_initiative(author)
    mail.outbox.clear()
    return submission
