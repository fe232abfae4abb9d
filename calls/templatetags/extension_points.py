"""Places in public templates where higher layers add their fragments, without this layer knowing them.

`{% hook_fragments "call_page_sections" page %}` renders what each function registered with
`wagtail.hooks.register("call_page_sections")` returns for (request, page): HTML, or "" for nothing.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from wagtail import hooks

register = template.Library()


@register.simple_tag(takes_context=True)
def hook_fragments(context, hook_name: str, page) -> str:
    request = context.get("request")
    # What a hook returns unmarked is text, escaped like any other value.
    return mark_safe("".join(conditional_escape(fn(request, page)) for fn in hooks.get_hooks(hook_name)))  # noqa: S308
