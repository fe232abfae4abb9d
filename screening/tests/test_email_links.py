"""Screening's e-mails link to the site's configured address, not to the Wagtail Site's host name."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.builders import submit_initiative
from tests.decisions import accept, decide_url, post, request_changes
from tests.email_links import SITE_ADDRESS, configure_site_address, links_on_the_site

from .test_decisions import live_page
from .test_updates_and_emails import propose_update


@pytest.fixture(autouse=True)
def configured_address(settings, site_tree):
    configure_site_address(settings)


def test_the_receipt_and_the_screeners_notice(site_tree, author, screener):
    mail.outbox.clear()
    submission = submit_initiative(author)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    receipt = links_on_the_site(by_recipient[author.email])
    assert f"{SITE_ADDRESS}/vi/my/initiatives/" in receipt
    notice = links_on_the_site(by_recipient[screener.email])
    assert f"{SITE_ADDRESS}{reverse('screening:decide', args=[submission.page_id])}" in notice


def test_the_acceptance_links_to_the_published_page(screener_client, submitted):
    accept(screener_client, submitted)
    [message] = mail.outbox
    links = links_on_the_site(message)
    page = live_page(submitted)
    assert f"{SITE_ADDRESS}/vi/gian-trien-lam-so/{page.slug}/" in links


def test_a_request_for_changes_links_to_the_submission(screener_client, submitted):
    request_changes(screener_client, submitted)
    [message] = mail.outbox
    assert f"{SITE_ADDRESS}/vi/my/initiatives/{submitted.pk}/review/" in links_on_the_site(message)


def test_an_approved_update_links_to_the_published_page(screener_client, author, submitted):
    accept(screener_client, submitted, hall="community", verified=None)
    propose_update(submitted, author, summary="Bản tóm tắt mới.")
    mail.outbox.clear()
    post(screener_client, decide_url(submitted), {"action": "approve", "approve-comment": ""})
    [message] = mail.outbox
    page = live_page(submitted)
    assert f"{SITE_ADDRESS}/vi/gian-cong-dong/{page.slug}/" in links_on_the_site(message)
