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


def test_published_initiatives_that_came_without_the_form_are_listed_with_their_links(
    submitter_client, submitter, site_tree
):
    """Imported initiatives have no submission: their authors find them on "My initiatives" all the same."""
    imported = make_initiative(site_tree.expo, "Nhập từ tệp")
    imported.co_authors.add(submitter)
    imported.save(update_fields=["co_authors"])
    make_initiative(site_tree.expo, "Của người khác")

    def links(page, user):
        return [InitiativeLink("Đề xuất chi tiết", f"/de-xuat/{page.pk}/")]

    with hooks.register_temporarily(HOOK_NAME, links):
        content = submitter_client.get(reverse("submissions:dashboard")).content.decode()
    assert "Nhập từ tệp" in content and f'href="{imported.url}"' in content
    assert f'href="/de-xuat/{imported.pk}/"' in content
    assert "Của người khác" not in content
    assert "Sáng kiến đã đăng" in content
