"""The page "For developers" in both languages, and its place in the demo site."""

import pytest


@pytest.mark.parametrize(("name", "heading"), [("developers", "Ví dụ"), ("developers_en", "Examples")])
def test_the_page_links_to_the_docs_with_examples(client, expo, name, heading):
    page = expo.pages[name]
    response = client.get(page.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert heading in html and 'href="/api/docs/"' in html and 'href="/api/schema/"' in html
    language = page.locale.language_code
    assert f"pages/?type=initiatives.InitiativePage&amp;locale={language}" in html
    assert "pages/find/?html_path=" in html and "images/" in html and "solutions/?q=" in html
