"""What higher layers plug into the submission form: extra fields of a section, news of a submission."""

from django import forms
from django.urls import reverse
from wagtail import hooks

from submissions.forms import EXTRA_FIELDS_HOOK, ClassificationForm, ContentForm
from submissions.models import Submission
from submissions.signals import submission_submitted
from tests.builders import make_user, submit_initiative, verified


def extra_field(slug, language):
    if slug != "content":
        return {}
    return {"partner": forms.CharField(label=f"Partner ({language or 'any'})", max_length=20, required=False)}


def test_a_section_gains_the_fields_a_hook_adds_and_stores_them(client, site_tree):
    author = verified(make_user("tac-gia@example.org"))
    submission = Submission.objects.create(owner=author, data={"language": "en", "title": "Một cửa"})
    client.force_login(author)
    url = reverse("submissions:section", args=[submission.pk, "content"])
    with hooks.register_temporarily(EXTRA_FIELDS_HOOK, extra_field):
        assert "partner" in ContentForm.stored_field_names()
        assert "partner" not in ClassificationForm.stored_field_names()
        assert "Partner (en)" in client.get(url).content.decode()
        assert client.post(url, {"partner": "UBND", "save_draft": "1"}).status_code == 302
        too_long = client.post(url, {"partner": "x" * 21})
        assert too_long.context["form"].errors["partner"]
    submission.refresh_from_db()
    assert submission.data["partner"] == "UBND"
    assert "partner" not in ContentForm.stored_field_names()


def test_submitting_announces_the_submission(site_tree):
    author = verified(make_user("tac-gia@example.org"))
    received = []

    def receiver(sender, submission, page, user, **kwargs):
        received.append((submission.pk, page.pk, user.pk))

    submission_submitted.connect(receiver, sender=Submission, weak=False)
    try:
        submission = submit_initiative(author)
    finally:
        submission_submitted.disconnect(receiver, sender=Submission)
    assert received == [(submission.pk, submission.page_id, author.pk)]
