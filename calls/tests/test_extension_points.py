"""Higher layers add fragments to public pages through hooks; what they return as plain text is escaped."""

from django.template import Context, Template
from django.utils.html import format_html
from wagtail import hooks


def test_hook_fragments_renders_each_hook_s_fragment_and_escapes_plain_text():
    template = Template('{% load extension_points %}{% hook_fragments "test_page_sections" page %}')
    with (
        hooks.register_temporarily(
            "test_page_sections", lambda request, page: format_html("<p>{}</p>", page)
        ),
        hooks.register_temporarily("test_page_sections", lambda request, page: "<b>"),
        hooks.register_temporarily("test_page_sections", lambda request, page: ""),
    ):
        html = template.render(Context({"page": "CPII", "request": None}))
    assert html == "<p>CPII</p>&lt;b&gt;"
