import pytest
from django.core import mail
from django.test import TestCase

from submissions.models import Submission, SubmissionFile
from submissions.services import add_files, submit
from submissions.tests.conftest import SECTION_DATA, pdf, png, verified
from tests.builders import make_screener, make_user

COMPLETE_DATA = {
    **SECTION_DATA["basics"],
    **SECTION_DATA["classification"],
    **SECTION_DATA["content"],
    **SECTION_DATA["endorsement"],
    **SECTION_DATA["media"],
    **{name: value for name, value in SECTION_DATA["contact"].items() if name != "co_author_emails"},
}


def submit_initiative(owner, *, title: str = "Một cửa số xã Hòa Phong", scan: bool = True, **values):
    """A complete submission sent to screening, as the submission form would leave it."""
    submission = Submission.objects.create(owner=owner, data={**COMPLETE_DATA, "title": title, **values})
    if scan:
        add_files(submission, SubmissionFile.Role.ENDORSEMENT, [pdf()])
    add_files(submission, SubmissionFile.Role.IMAGE, [png("mot.png")])
    add_files(submission, SubmissionFile.Role.ATTACHMENT, [pdf("bao-cao.pdf")])
    with TestCase.captureOnCommitCallbacks(execute=True):
        submit(submission, owner)
    submission.refresh_from_db()
    return submission


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
