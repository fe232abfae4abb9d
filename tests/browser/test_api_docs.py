"""The API's documentation in a real browser: Swagger UI loads from the site itself with nothing blocked by
the Content-Security-Policy, lists the endpoints, and a request tried from it reads a page of the site."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.builders import build_site_tree, make_initiative

from .test_content_security_policy import PolicyWatch


def test_a_developer_reads_a_page_from_the_documentation(open_page):
    tree = build_site_tree()
    initiative = make_initiative(tree.expo, "Một cửa số liên thông")
    page = open_page("en")
    watch = PolicyWatch(page)
    watch.visit({"API documentation": "/api/docs/"})
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Digital Expo API")
    read = page.locator("#operations-default-pages_read, [id$='pages_read']").first
    expect(read).to_be_visible()
    read.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.locator("input[placeholder='id']").fill(str(initiative.pk))
    page.get_by_role("button", name="Execute").click()
    live = page.locator(".live-responses-table .response")
    expect(live.locator(".response-col_status").first).to_contain_text("200")
    expect(live.locator(".microlight").first).to_contain_text("Một cửa số liên thông")
    watch.check("after trying a request")
    assert not watch.blocked, watch.blocked
