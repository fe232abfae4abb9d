"""The Vietnamese catalogue is complete, consistent and in use."""

import re
from pathlib import Path

import polib
import pytest
import wagtail
from django.conf import settings
from django.utils import translation
from wagtail.admin.localization import get_js_translation_strings

from tests.builders import make_screener

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@pytest.fixture(scope="module")
def catalogue() -> polib.POFile:
    return polib.pofile(str(CATALOGUE))


def test_no_entry_is_untranslated_or_fuzzy(catalogue):
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_no_message_is_defined_twice(catalogue):
    # GNU gettext refuses such a catalogue (msgfmt: "duplicate message definition"): a singular and a
    # plural of the same text need a context apart.
    seen = [(entry.msgctxt, entry.msgid) for entry in catalogue if not entry.obsolete]
    assert sorted({key for key in seen if seen.count(key) > 1}) == []


def test_translations_keep_their_placeholders(catalogue):
    for entry in catalogue:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_the_compiled_catalogue_is_used():
    with translation.override("vi"):
        assert translation.gettext("Skip to main content") == "Chuyển đến nội dung chính"
        assert translation.pgettext("administrative level", "Commune") == "Xã"


def test_vietnamese_pages_speak_vietnamese(client, site_tree):
    html = client.get(site_tree.expo.url).content.decode()
    assert "Chuyển đến nội dung chính" in html
    assert "Skip to main content" not in html


TRANSLATE_TAG = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<quote>["'])(?P<text>.*?)(?P=quote)(?P<rest>[^%]*)%\}"""
)
GETTEXT_NAMES = {
    "_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext", "pgettext_lazy", "npgettext",
    "npgettext_lazy",
}  # fmt: skip
PROJECT_APPS = [
    "core",
    "files",
    "accounts",
    "home",
    "halls",
    "initiatives",
    "calls",
    "submissions",
    "screening",
    "search",
    "jury",
    "problems",
    "contests",
    "templates",
]


def source_files(pattern: str):
    for folder in PROJECT_APPS:
        yield from (
            path for path in (Path(settings.BASE_DIR) / folder).rglob(pattern) if "tests" not in path.parts
        )


def template_files():
    """The apps' templates: pages (.html) and e-mails (.txt)."""
    yield from source_files("*.html")
    yield from (
        path for path in source_files("*.txt") if "templates" in path.relative_to(settings.BASE_DIR).parts
    )


BLOCK_TRANSLATE = re.compile(r"""^blocktrans(?:late)?\b""")
END_BLOCK_TRANSLATE = re.compile(r"""^endblocktrans(?:late)?$""")


def block_translations(source: str):
    """(context, text) of the singular and plural of every `{% blocktranslate %}`, as Django's message ids:
    `{{ name }}` as `%(name)s`, `%` doubled, whitespace around line breaks collapsed when `trimmed`."""
    from django.template.base import Lexer, TokenType
    from django.utils.translation import trim_whitespace

    opening, parts, in_comment = None, None, False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK and token.contents in ("comment", "endcomment"):
            in_comment = token.contents == "comment"  # makemessages reads no message in a comment
        if in_comment:
            continue
        if opening is None:
            if token.token_type == TokenType.BLOCK and BLOCK_TRANSLATE.match(token.contents):
                opening, parts = token, {"singular": [], "plural": []}
                current = parts["singular"]
            continue
        if token.token_type == TokenType.BLOCK and token.contents == "plural":
            current = parts["plural"]
        elif token.token_type == TokenType.BLOCK and END_BLOCK_TRANSLATE.match(token.contents):
            context = re.search(r"""\scontext\s+(["'])(.*?)\1""", opening.contents)
            trimmed = "trimmed" in opening.split_contents()
            for texts in parts.values():
                if texts:
                    text = "".join(texts)
                    yield (context.group(2) if context else "", trim_whitespace(text) if trimmed else text)
            opening = None
        elif token.token_type == TokenType.VAR:
            current.append(f"%({token.contents})s")
        elif token.token_type == TokenType.TEXT:
            current.append(token.contents.replace("%", "%%"))


def marked_strings() -> set[tuple[str, str]]:
    """(context, text) of every literal marked for translation in the project's Python and templates; the
    plural of an `ngettext` or a `{% blocktranslate count %}` is marked too."""
    import ast

    marked = set()
    for path in source_files("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in GETTEXT_NAMES):
                continue
            literals = [
                arg.value for arg in node.args if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ]
            with_context = node.func.id.startswith(("pgettext", "npgettext"))
            with_plural = node.func.id.startswith(("ngettext", "npgettext"))
            if with_context and len(literals) >= 2:
                marked.update((literals[0], text) for text in literals[1 : 3 if with_plural else 2])
            elif literals and not with_context:
                marked.update(("", text) for text in literals[: 2 if with_plural else 1])
    for path in template_files():
        source = path.read_text(encoding="utf-8")
        for match in TRANSLATE_TAG.finditer(source):
            context = re.search(r"""context\s+["'](.*?)["']""", match["rest"])
            marked.add((context.group(1) if context else "", match["text"]))
        marked.update(block_translations(source))
    return marked


def test_every_marked_string_is_in_the_catalogue(catalogue):
    known = {(entry.msgctxt or "", entry.msgid) for entry in catalogue} | {
        (entry.msgctxt or "", entry.msgid_plural) for entry in catalogue if entry.msgid_plural
    }
    missing = sorted(marked_strings() - known)
    assert len(marked_strings()) > 300
    assert missing == []


ADMIN_SCRIPTS_CATALOGUE = Path(settings.BASE_DIR) / "locale_admin" / "vi" / "LC_MESSAGES" / "djangojs.po"


def test_the_admin_scripts_catalogue_translates_wagtail_s_own_messages_with_their_placeholders():
    wagtail_catalogue = (
        Path(wagtail.__file__).parent / "admin" / "locale" / "en" / "LC_MESSAGES" / "djangojs.po"
    )
    wagtail_messages = {entry.msgid for entry in polib.pofile(str(wagtail_catalogue))}
    ours = polib.pofile(str(ADMIN_SCRIPTS_CATALOGUE))
    assert {entry.msgid for entry in ours} <= wagtail_messages  # none left behind by an upgrade
    assert [entry.msgid for entry in ours.untranslated_entries()] == []
    for entry in ours:
        translations = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in translations:
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_the_admin_scripts_speak_vietnamese_to_a_screener(client, site_tree):
    client.force_login(make_screener())
    catalogue = client.get("/admin/jsi18n/").content.decode()
    assert '"Toggle sidebar": "M\\u1edf/\\u0111\\u00f3ng thanh b\\u00ean"' in catalogue
    assert '"Loading\\u2026": "\\u0110ang t\\u1ea3i..."' in catalogue  # Wagtail's own Vietnamese still merged


def strings_of(config: dict, prefix: str = "") -> dict[str, str]:
    flat = {}
    for key, value in config.items():
        flat |= (
            strings_of(value, f"{prefix}{key}.") if isinstance(value, dict) else {prefix + key: str(value)}
        )
    return flat


def test_the_admin_scripts_strings_from_python_speak_vietnamese():
    """`wagtailConfig.STRINGS` (the bulk-action bar's counts among them) come from the django domain."""
    with translation.override("en"):
        english = strings_of(get_js_translation_strings())
    with translation.override("vi"):
        vietnamese = strings_of(get_js_translation_strings())
    assert [key for key, text in english.items() if vietnamese[key] == text] == []
