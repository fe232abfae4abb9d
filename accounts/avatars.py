"""An admin avatar that names its user by initials, drawn as an inline SVG: no picture is fetched from
another site (Gravatar is off), and no one is shown as Wagtail's grey silhouette."""

from urllib.parse import quote

from django.utils.html import escape

# Background colours dark enough for white letters (contrast 4.5:1 or more); a user keeps one colour.
BACKGROUNDS = ("#0b5394", "#6a1b9a", "#00695c", "#ad1457", "#4e342e", "#283593", "#2e7d32", "#c62828")


def initials(user) -> str:
    """Up to two capital letters: the first letters of the first and last words of the name, else of
    the e-mail address ("Nguyễn Văn An" -> "NA", "lan@example.vn" -> "L")."""
    words = (user.get_full_name() or "").split()
    if words:
        letters = words[0][0] + (words[-1][0] if len(words) > 1 else "")
    else:
        letters = (getattr(user, "email", "") or "?")[0]
    return letters.upper()


def initials_avatar_url(user) -> str:
    """A data: URL of a square SVG with the user's initials, which the admin shows wherever it would
    show an avatar (its img-src policy allows data:)."""
    background = BACKGROUNDS[user.pk % len(BACKGROUNDS)]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
        f'<rect width="100" height="100" fill="{background}"/>'
        '<text x="50" y="50" dy=".35em" text-anchor="middle" fill="#fff" '
        'font-family="Arial, Helvetica, sans-serif" font-size="42" font-weight="bold">'
        f"{escape(initials(user))}</text></svg>"
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg)
