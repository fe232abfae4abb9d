"""Highlighted titles and snippets for results, computed from the original text with its diacritics.

Only what matched is marked, as whole syllables: where a text holds one of the query's phrases (the
words typed together, a place's name, a glossary term typed), those phrases; otherwise each syllable
equal to a word typed, with or without diacritics ("da nang" marks "Đà Nẵng"; "ho" marks "hồ", never
"hội" or "hotline"); otherwise the glossary's other ways of saying them ("một cửa" for "one stop").
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from wagtail.rich_text import get_text_for_indexing

from core.text import SYLLABLE, ascii_fold, folded_words

from .understanding import HighlightTerms, Phrase

SNIPPET_WORDS = 32


@functools.lru_cache(maxsize=20_000)
def _folded(word: str) -> str:
    return ascii_fold(word).lower()


def phrase_positions(folded: list[str], phrases: tuple[Phrase, ...]) -> set[int]:
    marked: set[int] = set()
    for phrase in phrases:
        size = len(phrase)
        for start in range(len(folded) - size + 1):
            if tuple(folded[start : start + size]) == phrase:
                marked.update(range(start, start + size))
    return marked


def marked_positions(tokens: list[str], terms: HighlightTerms) -> set[int]:
    """The positions of the tokens to mark: see `HighlightTerms`.

    A word typed with diacritics marks only the syllables written exactly so, where the text has
    some; where it has none, those written otherwise, as if the query had no diacritics.
    """
    words = [_folded(token) for token in tokens]
    lowered = [token.lower() for token in tokens]
    present = set(lowered)
    for word, typed in terms.accented:
        if not typed.isascii() and typed in present:
            words = [
                "" if folded == word and low != typed else folded
                for folded, low in zip(words, lowered, strict=True)
            ]
    return positions_of(words, terms)


def positions_of(words: list[str], terms: HighlightTerms) -> set[int]:
    return (
        phrase_positions(words, terms.phrases)
        or {position for position, word in enumerate(words) if word in terms.words}
        or phrase_positions(words, terms.other_phrases)
    )


def highlight(text: str, terms: HighlightTerms) -> SafeString:
    """The whole text, escaped, with what matched in <mark>."""
    tokens = list(SYLLABLE.finditer(text))
    marked = marked_positions([token.group() for token in tokens], terms) if terms else set()
    # What lies between marks is escaped in one piece (html.escape, as Django's escape does, without
    # its check for lazy strings on each call).
    parts, position = [], 0
    for index in sorted(marked):
        token = tokens[index]
        parts.append(html.escape(text[position : token.start()]))
        parts.append(f"<mark>{html.escape(token.group())}</mark>")
        position = token.end()
    parts.append(html.escape(text[position:]))
    # Marked syllables side by side read as one phrase: one <mark> around "Hồ Chí Minh", not three.
    return mark_safe(re.sub(r"</mark>(\s+)<mark>", r"\1", "".join(parts)))  # noqa: S308 - parts are escaped


def snippet(texts: list[str], terms: HighlightTerms, length: int = SNIPPET_WORDS) -> SafeString:
    """About `length` words around the best match in the texts, highlighted.

    `texts` are HTML: rich text as stored, plain text escaped (see `result_snippet`). The words
    shown are the text as its author typed it: tags removed, then entities unescaped, so that
    `highlight()` escapes them once. The window opens on the first phrase of the query found in
    any text, else on the first word found; without a match, the start of the first non-empty text.
    """
    plain = [" ".join(get_text_for_indexing(text).split()) for text in texts]
    plain = [text for text in plain if text]
    if not plain:
        return mark_safe("")
    if terms:
        first_word = None
        for text in plain:
            # One pass over the whole text tells whether it can hold a match; only then is it cut
            # into syllables (what costs), and once a word has been found, only for a phrase.
            folded = folded_words(text)
            with_phrase = any(f" {' '.join(phrase)} " in folded for phrase in terms.phrases)
            if not with_phrase and (
                first_word is not None
                or not any(f" {word} " in folded for word in terms.words)
                and not any(f" {' '.join(phrase)} " in folded for phrase in terms.other_phrases)
            ):
                continue
            tokens = list(SYLLABLE.finditer(text))
            words = [token.group() for token in tokens]
            if with_phrase and (positions := marked_positions(words, HighlightTerms(phrases=terms.phrases))):
                return _window(text, tokens, max(0, min(positions) - length // 4), length, terms)
            if first_word is None and (positions := marked_positions(words, replace(terms, phrases=()))):
                first_word = (text, tokens, min(positions))
        if first_word:
            text, tokens, position = first_word
            return _window(text, tokens, max(0, position - length // 4), length, terms)
    return _window(plain[0], list(SYLLABLE.finditer(plain[0])), 0, length, terms)


def result_snippet(page, terms: HighlightTerms) -> SafeString:
    """The snippet of an initiative found: from its summary, else from its rich text.

    The summary is plain text: escaped, it enters as HTML whose tags and entities give back exactly
    what was typed, "<" and ">" included.
    """
    return snippet([escape(page.summary), page.problem, page.solution, page.results], terms)


def _window(text: str, tokens: list, start: int, length: int, terms: HighlightTerms) -> SafeString:
    end = min(len(tokens), start + length)
    begin_at = tokens[start].start() if tokens and start > 0 else 0
    end_at = tokens[end - 1].end() if tokens and end < len(tokens) else len(text)
    body = highlight(text[begin_at:end_at], terms)
    prefix = "… " if begin_at > 0 else ""
    suffix = " …" if end_at < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - body is escaped by highlight()
