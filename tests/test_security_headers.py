"""The Content-Security-Policy of every kind of page, and templates it can keep strict."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from expo.settings.base import source_hash
from submissions.models import Submission
from tests.builders import make_initiative, make_screener, make_user, verified

PUBLIC_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    # The sign-up form's trap for robots, hidden even without the stylesheet (settings.SIGNUP_TRAP_STYLE).
    "style-src-attr": {"'unsafe-hashes'", "'sha256-9e9d0dr5XoEyM1fcIGbbWTUDuEZngCACIltaeFbVBWw='"},
    "img-src": {"'self'", "data:"},
    "frame-src": {"https://www.youtube-nocookie.com", "https://player.vimeo.com"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "frame-ancestors": {"'none'"},
    "form-action": {"'self'"},
}
# Wagtail 8's admin writes inline scripts and styles (see settings.ADMIN_CONTENT_SECURITY_POLICY).
ADMIN_POLICY = {
    **{name: sources for name, sources in PUBLIC_POLICY.items() if name != "style-src-attr"},
    "script-src": {"'self'", "'unsafe-inline'"},
    "style-src": {"'self'", "'unsafe-inline'"},
    "img-src": {"'self'", "data:", "blob:"},
    "frame-src": {"'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"},
    "frame-ancestors": {"'self'"},
}


def policy_of(response) -> dict[str, set[str]]:
    directives = (part.split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: set(sources) for name, *sources in directives}


@pytest.fixture
def initiative(site_tree):
    return make_initiative(
        site_tree.expo, "Một cửa lưu động", video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    )


@pytest.fixture
def submitter(site_tree):
    return verified(make_user("nguoi-nop@example.org"))


@pytest.fixture
def submitter_client(client, submitter):
    client.force_login(submitter)
    return client


PUBLIC_PAGES = {
    "home": lambda tree, initiative: tree.home.url,
    "hall": lambda tree, initiative: tree.expo.url,
    "initiative": lambda tree, initiative: initiative.url,
    "calls": lambda tree, initiative: tree.calls.url,
    "search": lambda tree, initiative: reverse("search:solutions") + "?q=mot+cua",
    "log-in": lambda tree, initiative: reverse("account_login"),
    "sign-up": lambda tree, initiative: reverse("account_signup"),
    "password reset": lambda tree, initiative: reverse("account_reset_password"),
    "page not found": lambda tree, initiative: "/vi/khong-co-trang-nay/",
}


@pytest.mark.parametrize("kind", PUBLIC_PAGES)
def test_public_pages_carry_the_strict_policy(client, site_tree, initiative, kind):
    response = client.get(PUBLIC_PAGES[kind](site_tree, initiative))
    assert response.status_code in {200, 404}
    assert policy_of(response) == PUBLIC_POLICY


@pytest.mark.parametrize("name", ["submissions:dashboard", "submissions:new", "account_profile"])
def test_submitter_pages_carry_the_strict_policy(submitter_client, name):
    response = submitter_client.get(reverse(name))
    assert response.status_code == 200
    assert policy_of(response) == PUBLIC_POLICY


def test_the_submission_form_sections_carry_the_strict_policy(submitter_client, submitter):
    draft = Submission.objects.create(owner=submitter, data={"title": "Bản nháp", "language": "vi"})
    response = submitter_client.get(reverse("submissions:section", args=[draft.pk, "media"]))
    assert response.status_code == 200
    assert policy_of(response) == PUBLIC_POLICY


def test_admin_pages_carry_the_admin_policy(client, site_tree, initiative):
    assert policy_of(client.get(reverse("wagtailadmin_login"))) == ADMIN_POLICY
    client.force_login(verified(make_screener()))
    for path in (reverse("wagtailadmin_home"), reverse("screening_queue:index")):
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy_of(response) == ADMIN_POLICY, path


def test_a_page_preview_in_the_admin_carries_the_admin_policy(admin_client, site_tree, initiative):
    """Wagtail renders the preview through the middleware with a request for the public page: the admin's
    own request must still decide, or "frame-ancestors 'none'" would keep the preview out of its frame."""
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[initiative.pk]))
    assert response.status_code == 200
    assert initiative.title in response.content.decode()
    assert policy_of(response) == ADMIN_POLICY


def test_documents_keep_wagtails_own_policy(client, site_tree):
    from wagtail.documents import get_document_model
    from wagtail.documents.tests.utils import get_test_document_file

    document = get_document_model().objects.create(title="Mẫu đăng ký", file=get_test_document_file())
    response = client.get(document.url)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'"


# Templates ---------------------------------------------------------------------------------------------

PROJECT_TEMPLATE_FOLDERS = [
    folder for folder in Path(settings.BASE_DIR).glob("*/templates") if not folder.parent.name.startswith(".")
] + [Path(settings.BASE_DIR) / "templates"]
SCRIPT_ELEMENT = re.compile(r"<script\b(?P<attributes>[^>]*)>", re.IGNORECASE)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""=\s*["']?\s*javascript:""", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(
    r"""<[a-z][^>]*\sstyle\s*=\s*(?P<quote>["'])(?P<style>.*?)(?P=quote)""", re.IGNORECASE
)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
# Data blocks are not run, so the policy does not apply to them: JSON for scripts, JSON-LD for search engines.
DATA_BLOCK_TYPE = re.compile(r"""type=["']application/(ld\+)?json["']""", re.IGNORECASE)


def project_templates() -> list[Path]:
    return sorted(path for folder in PROJECT_TEMPLATE_FOLDERS for path in folder.rglob("*.html"))


def inline_code_in(html: str, allowed_styles: set[str] = frozenset()) -> list[str]:
    """What the public policy would block in a template: inline scripts (data blocks of type
    application/json or application/ld+json are not run), event handler attributes, javascript:
    addresses, and inline styles except style attributes whose hashes are in `allowed_styles`."""
    found = [
        match.group(0)
        for match in SCRIPT_ELEMENT.finditer(html)
        if "src=" not in match["attributes"] and not DATA_BLOCK_TYPE.search(match["attributes"])
    ]
    for pattern in (INLINE_HANDLER, JAVASCRIPT_URL, STYLE_ELEMENT):
        found += [match.group(0) for match in pattern.finditer(html)]
    found += [
        match.group(0)
        for match in STYLE_ATTRIBUTE.finditer(html)
        if source_hash(match["style"]) not in allowed_styles
    ]
    return found


def test_the_template_scan_finds_inline_code():
    assert inline_code_in('<script>alert(1)</script><script src="/static/js/a.js"></script>') == ["<script>"]
    assert inline_code_in('<script type="application/json" id="data">{}</script>') == []
    assert inline_code_in('<script type="application/ld+json">{}</script>') == []
    assert inline_code_in('<button type="button" onclick="go()">') == ['<button type="button" onclick=']
    assert inline_code_in('<a href="javascript:go()">') == ['="javascript:']
    assert inline_code_in('<div class="x" style="color: red">') == ['<div class="x" style="color: red"']
    assert inline_code_in('<div style="color: red">', {source_hash("color: red")}) == []
    assert inline_code_in("<style>p {}</style>") == ["<style"]
    assert inline_code_in('{% with questions=page.questions.all %}<p class="one">') == []


def test_no_template_has_inline_code_the_public_policy_blocks():
    templates = project_templates()
    assert len(templates) > 50 and any(path.name == "base.html" for path in templates)
    allowed_styles = set(PUBLIC_POLICY["style-src-attr"])
    found = {
        str(path.relative_to(settings.BASE_DIR)): code
        for path in templates
        if (code := inline_code_in(path.read_text(encoding="utf-8"), allowed_styles))
    }
    assert found == {}


def test_the_one_inline_style_allowed_is_the_sign_up_trap(client, site_tree):
    html = client.get(reverse("account_signup")).content.decode()
    [style] = [match["style"] for match in STYLE_ATTRIBUTE.finditer(html)]
    assert PUBLIC_POLICY["style-src-attr"] == {"'unsafe-hashes'", source_hash(style)}
