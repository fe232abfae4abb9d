from django import template
from django.utils.safestring import mark_safe

from submissions.services import paragraphs

register = template.Library()


@register.filter
def article_html(text: str) -> str:
    """An article typed as plain text, as paragraphs (`paragraphs` escapes what was typed)."""
    return mark_safe(paragraphs(text or ""))  # noqa: S308
