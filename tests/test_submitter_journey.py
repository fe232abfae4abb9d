"""A newcomer, from sign-up to an initiative in screening, as the issue describes it."""

import pytest
from django.core import mail
from wagtail.models import WorkflowState

from initiatives.models import InitiativePage
from submissions.models import Submission
from tests.builders import SECTION_DATA, pdf, png, signup_data
from tests.email_links import links_in, path_of
from tests.languages import url


@pytest.mark.parametrize("language", ["vi", "en"])
def test_sign_up_confirm_draft_submit_and_see_it_in_screening(client, site_tree, language):
    client.post(url("account_signup", language), signup_data())
    [link] = [link for link in links_in(mail.outbox[0]) if "/confirm-email/" in link]
    client.post(path_of(link))

    response = client.post(url("submissions:new", language), {**SECTION_DATA["basics"], "language": language})
    submission = Submission.objects.get()
    for slug in ("classification", "content", "contact"):
        client.post(url("submissions:section", language, submission.pk, slug), SECTION_DATA[slug])
    client.post(
        url("submissions:section", language, submission.pk, "endorsement"),
        {**SECTION_DATA["endorsement"], "scan": pdf()},
    )
    client.post(
        url("submissions:section", language, submission.pk, "media"), {"images": [png("1.png"), png("2.png")]}
    )
    response = client.post(url("submissions:review", language, submission.pk), {"declaration": "on"})
    assert response.status_code == 302

    page = InitiativePage.objects.get(pk=Submission.objects.get().page_id)
    assert page.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.get_latest_revision().user.email == "nguoi.dan@example.org"
    dashboard = client.get(url("submissions:dashboard", language)).content.decode()
    assert {"vi": "Đang sàng lọc", "en": "In screening"}[language] in dashboard
