"""The design system's colours, as the style guide shows them: each with its use and its contrast.

The values are those of static/css/expo.css's custom properties; a test checks that the two agree and
that every text colour reaches WCAG AA (4.5:1) on the background it is used on.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

WHITE = "#ffffff"


@dataclass(frozen=True)
class Colour:
    name: str  # the custom property, without its leading dashes
    value: str
    use: str
    text_on: str  # the background it is read on (or white text on it, for the filled ones)

    @property
    def contrast(self) -> float:
        return contrast_ratio(self.value, self.text_on)


COLOURS = (
    Colour("ink", "#1b1f24", _("Text"), WHITE),
    Colour("muted", "#4a5562", _("Secondary text, notes"), WHITE),
    Colour("brand", "#0a5c73", _("Links, buttons, the logo"), WHITE),
    Colour("brand-dark", "#074153", _("Main menu, hover"), WHITE),
    Colour("expo", "#2f3e9e", _("Expo Hall badge (white text)"), WHITE),
    Colour("community", "#1e6b3c", _("Community Hall badge (white text)"), WHITE),
    Colour("endorsed-ink", "#5c4400", _("Endorsement badge text, on its gold tint"), "#fdf0c4"),
    Colour("danger", "#a4161a", _("Errors"), WHITE),
    Colour("warning", "#8a5a00", _("Warnings"), WHITE),
    Colour("success", "#1b6b2f", _("Confirmations"), WHITE),
)

# Capitals with stacked diacritics: the line heights must leave them room, unclipped and apart.
DIACRITICS_TEST = "Ỷ Ặ Ẫ Ữ — QUẢN TRỊ NHÀ NƯỚC VÌ NGƯỜI DÂN"


def relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
