"""The design system: its colours as the stylesheet declares them, readable; the typeface served by the
site; the style guide shown to those who may reach the admin only; the header's phone menu."""

import colorsys
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.contrib.staticfiles import finders

from home.style_guide import COLOURS, DIACRITICS_TEST
from tests.builders import make_initiative, make_user

STYLESHEET = Path(finders.find("css/expo.css")).read_text()


def declared_colours() -> dict[str, str]:
    root = STYLESHEET[STYLESHEET.index(":root {") : STYLESHEET.index("}", STYLESHEET.index(":root {"))]
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", root))


def test_the_style_guide_s_colours_are_the_stylesheet_s_and_each_text_colour_reads_at_aa():
    declared = declared_colours()
    for colour in COLOURS:
        assert declared[colour.name] == colour.value, colour.name
        assert colour.contrast >= 4.5, colour.name


def test_the_expo_hall_badge_does_not_read_as_a_warning_or_an_error():
    declared = declared_colours()
    for name in ("expo", "danger", "warning"):
        red, green, blue = (int(declared[name][index : index + 2], 16) / 255 for index in (1, 3, 5))
        declared[name] = colorsys.rgb_to_hsv(red, green, blue)[0] * 360
    assert 200 <= declared["expo"] <= 280  # blue to indigo
    for alarm in ("danger", "warning"):  # red and amber
        assert declared[alarm] < 60 or declared[alarm] > 330


def test_the_typeface_is_served_by_the_site_with_its_vietnamese_subset():
    fonts = Path(finders.find("fonts/be-vietnam-pro/fonts.css")).read_text()
    for address in re.findall(r"url\(\./([^)]+)\)", fonts):
        assert finders.find(f"fonts/be-vietnam-pro/{address}"), address
    assert "be-vietnam-pro-vietnamese-400-normal.woff2" in fonts
    assert "U+1EA0-1EF9" in fonts  # the precomposed Vietnamese letters: Ạ … ỹ
    assert '"Be Vietnam Pro"' in STYLESHEET and "http" not in fonts


@pytest.fixture
def sample(site_tree):
    return make_initiative(site_tree.expo, "Một cửa liên thông")


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 302), ("member", 302), ("admin_user", 200), ("superuser", 200)],
)
def test_the_style_guide_is_shown_to_those_who_may_reach_the_admin(client, sample, who, status):
    if who != "anonymous":
        user = make_user(f"{who}@example.org", is_superuser=who == "superuser")
        if who == "admin_user":
            user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
    response = client.get("/vi/style-guide/")
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith("/admin/login/")
        return
    html = response.content.decode()
    assert DIACRITICS_TEST in html and "Một cửa liên thông" in html
    for part in (
        'class="button"',
        "badge--expo",
        'type="checkbox"',
        'type="file"',
        "data-table",
        "message--error",
    ):
        assert part in html, part
    assert "noindex" in html


def test_the_admin_menu_lists_the_style_guide_for_administrators_only(client, site_tree):
    admin = make_user("quan-tri@example.org", is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert "/vi/style-guide/" in client.get("/admin/").content.decode()
    screener = make_user("sang-loc@example.org")
    screener.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(screener)
    assert "/vi/style-guide/" not in client.get("/admin/").content.decode()


def test_below_768_pixels_the_menu_folds_into_a_button_that_works_without_script(client, site_tree):
    html = client.get(site_tree.home.url).content.decode()
    menu = re.search(r'<details class="phone-menu">.*?</details>', html, re.S).group(0)
    assert "<summary" in menu and 'class="main-nav__list"' in menu and "language-switcher" in menu
    assert "@media (min-width: 768px)" in STYLESHEET
    wide = STYLESHEET[STYLESHEET.index("@media (min-width: 768px) {\n    .phone-menu") :]
    assert ".phone-menu {\n        display: none;" in wide


@pytest.mark.parametrize("name", ["css/expo.css", "css/forms.css", "css/accounts.css"])
def test_every_rule_of_the_stylesheets_is_closed(name):
    """An unclosed rule silently swallows every rule after it."""
    depth = 0
    for character in re.sub(r"/\*.*?\*/", "", Path(finders.find(name)).read_text(), flags=re.S):
        depth += {"{": 1, "}": -1}.get(character, 0)
        assert depth >= 0
    assert depth == 0
