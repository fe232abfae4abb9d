"""A winner's certificate: one A4 landscape page, in Vietnamese and in English, with the contest, its
organiser, the entry, its authors, the prize and the date the results were published.

The font is Be Vietnam Pro (OFL), as on the site, in the TrueType files of `contests/fonts` (from the npm
package @expo-google-fonts/be-vietnam-pro 0.4.1): a PDF needs the whole font, which the site's
subsetted web fonts are not.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone, translation
from django.utils.formats import date_format
from fpdf import FPDF
from wagtail.models import Locale

from .models import Entry

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "BeVietnamPro"
INK = (32, 45, 70)
ACCENT = (176, 32, 48)


def certificate_pdf(entry: Entry) -> bytes:
    """The certificate of a winning entry (its `award` must exist)."""
    contest, tier = entry.contest, entry.award.tier
    published = timezone.localdate(contest.results_published_at or timezone.now())
    english_locale = Locale.objects.filter(language_code="en").first()
    english = (contest.get_translation_or_none(english_locale) if english_locale else None) or contest
    pdf = FPDF(orientation="landscape", format="A4")
    pdf.set_title(f"Giấy chứng nhận – {entry.title}")
    pdf.set_author(contest.organiser)
    pdf.add_font(FAMILY, "", str(FONTS / "BeVietnamPro_400Regular.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "BeVietnamPro_700Bold.ttf"))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, pdf.w - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, pdf.w - 26, pdf.h - 26)
    pdf.set_text_color(*INK)

    def line(text: str, size: float, style: str = "", color=INK, gap: float = 2) -> None:
        pdf.set_font(FAMILY, style, size)
        pdf.set_text_color(*color)
        pdf.set_x(25)
        pdf.multi_cell(pdf.w - 50, size * 0.5, text, align="C")
        pdf.ln(gap)

    pdf.set_y(24)
    line(contest.organiser.upper(), 12, "B")
    line("GIẤY CHỨNG NHẬN", 30, "B", ACCENT, 0)
    line("CERTIFICATE OF AWARD", 14, "", ACCENT, 6)
    line(f"{tier.name_vi} — {tier.name_en or tier.name_vi}", 22, "B", ACCENT, 4)
    line(f"Bài dự thi / Entry: “{entry.title}”", 14, "B")
    line(f"{'Nhóm tác giả / Team' if entry.is_team else 'Tác giả / Author'}: {entry.authors_display}", 12)
    if entry.unit is not None:
        line(
            f"Đơn vị / Unit: {entry.unit.name_vi}"
            + (f" ({entry.unit.name_en})" if entry.unit.name_en else ""),
            11,
        )
    line(contest.title, 12, "B")
    if english.title != contest.title:
        line(english.title, 11)
    with translation.override("vi"):
        day_vi = date_format(published, "j/n/Y")
    with translation.override("en"):
        day_en = date_format(published, "j F Y")
    line(f"Ngày {day_vi} · {day_en}", 11, gap=0)
    return bytes(pdf.output())
