"""The extension point by which higher layers add links to an initiative on "My initiatives"."""

from django.urls import reverse
from wagtail import hooks

from submissions.links import HOOK_NAME, InitiativeLink, initiative_links
from submissions.models import Submission
from tests.builders import make_initiative


def test_hooks_add_links_to_initiatives_with_a_page(submitter_client, submitter, site_tree):
    page = make_initiative(site_tree.expo, "Có trang", owner=submitter)
    Submission.objects.create(owner=submitter, data={"title": "Có trang"}, page=page)
    Submission.objects.create(owner=submitter, data={"title": "Bản nháp"})

    def links(page, user):
        return [InitiativeLink("Liên kết thêm", f"/them/{page.pk}/{user.pk}/", "trạng thái")]

    with hooks.register_temporarily(HOOK_NAME, links):
        content = submitter_client.get(reverse("submissions:dashboard")).content.decode()
        assert initiative_links(None, submitter) == []
    assert content.count("Liên kết thêm") == 1
    assert f'href="/them/{page.pk}/{submitter.pk}/"' in content and "trạng thái" in content
