"""Highlighted titles and snippets for results, computed from the original text with its diacritics.

A word of the text is marked when its folded form starts with a folded word of the query, the
way the database backend matches: "da nang" marks "Đà Nẵng".
"""

from __future__ import annotations

import functools
import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import get_text_for_indexing

from core.text import ascii_fold, folded_words

SNIPPET_WORDS = 32
# Words as the text has them (diacritics and all), with what lies between them kept for display.
_TOKEN = re.compile(r"\w+", re.UNICODE)


@functools.lru_cache(maxsize=20_000)
def _folded(word: str) -> str:
    return ascii_fold(word).lower()


def _matches(word: str, query_words: list[str]) -> bool:
    folded = _folded(word)
    return any(folded.startswith(query_word) for query_word in query_words)


def highlight(text: str, query_words: list[str]) -> SafeString:
    """The whole text, escaped, with matching words in <mark>."""
    parts, position = [], 0
    for token in _TOKEN.finditer(text):
        parts.append(escape(text[position : token.start()]))
        word = escape(token.group())
        parts.append(f"<mark>{word}</mark>" if query_words and _matches(token.group(), query_words) else word)
        position = token.end()
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part of the text went through escape()


def snippet(texts: list[str], query_words: list[str], length: int = SNIPPET_WORDS) -> SafeString:
    """About `length` words around the first match in the first text that has one, highlighted.

    `texts` are HTML: rich text as stored, plain text escaped (see `result_snippet`). The words
    shown are the text as its author typed it: tags removed, then entities unescaped, so that
    `highlight()` escapes them once. Without a match, the start of the first non-empty text.
    """
    plain = [" ".join(get_text_for_indexing(text).split()) for text in texts]
    plain = [text for text in plain if text]
    if not plain:
        return mark_safe("")
    for text in plain:
        folded = folded_words(text)  # one pass over the whole text, to skip those without a match
        if not any(f" {word}" in folded for word in query_words):
            continue
        tokens = list(_TOKEN.finditer(text))
        first = next((i for i, token in enumerate(tokens) if _matches(token.group(), query_words)), None)
        if first is not None:
            return _window(text, tokens, max(0, first - length // 4), length, query_words)
    return _window(plain[0], list(_TOKEN.finditer(plain[0])), 0, length, query_words)


def result_snippet(page, query_words: list[str]) -> SafeString:
    """The snippet of an initiative found: from its summary, else from its rich text.

    The summary is plain text: escaped, it enters as HTML whose tags and entities give back exactly
    what was typed, "<" and ">" included.
    """
    return snippet([escape(page.summary), page.problem, page.solution, page.results], query_words)


def _window(text: str, tokens: list, start: int, length: int, query_words: list[str]) -> SafeString:
    end = min(len(tokens), start + length)
    begin_at = tokens[start].start() if tokens and start > 0 else 0
    end_at = tokens[end - 1].end() if tokens and end < len(tokens) else len(text)
    body = highlight(text[begin_at:end_at], query_words)
    prefix = "… " if begin_at > 0 else ""
    suffix = " …" if end_at < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - body is escaped by highlight()
