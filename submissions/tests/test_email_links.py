"""The co-author invitation links to the site's configured address."""

import pytest
from django.core import mail
from django.urls import reverse

from submissions.models import CoAuthorInvitation, Submission
from tests.builders import SECTION_DATA
from tests.email_links import SITE_ADDRESS, configure_site_address, links_on_the_site

from .test_co_authors import invite


@pytest.fixture(autouse=True)
def configured_address(settings, site_tree):
    configure_site_address(settings)


def test_the_invitation_links_to_the_configured_address(
    submitter_client, site_tree, django_capture_on_commit_callbacks
):
    submitter_client.post(reverse("submissions:new"), SECTION_DATA["basics"])
    with django_capture_on_commit_callbacks(execute=True):
        invite(submitter_client, Submission.objects.get(), "ban-dong@example.org")
    [message] = mail.outbox
    token = CoAuthorInvitation.objects.get().token
    assert links_on_the_site(message) == [f"{SITE_ADDRESS}{reverse('submissions:invitation', args=[token])}"]
