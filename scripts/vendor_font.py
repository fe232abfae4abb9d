"""Copies the site's typeface, Be Vietnam Pro, from its npm package into static/fonts/ (no CDN at run time).

    npm pack @fontsource/be-vietnam-pro@5.3.0 && tar xzf fontsource-be-vietnam-pro-5.3.0.tgz
    python scripts/vendor_font.py package

Keeps the weights and styles the stylesheet uses, in WOFF2, for the Vietnamese, Latin and Latin
Extended subsets, and writes static/fonts/be-vietnam-pro/fonts.css from the package's own @font-face
rules (with their unicode-range, so a browser loads a subset only when a page uses it).
"""

import re
import shutil
import sys
from pathlib import Path

PACKAGE_VERSION = "5.3.0"
WEIGHTS = ("400", "500", "600", "700", "400-italic")
SUBSETS = ("vietnamese", "latin-ext", "latin")
TARGET = Path(__file__).resolve().parent.parent / "static" / "fonts" / "be-vietnam-pro"
RULE = re.compile(
    r"/\* be-vietnam-pro-(?P<subset>[a-z-]+?)-(?P<variant>\d+-(?:normal|italic)) \*/\s*@font-face \{[^}]*\}"
)


def main(package: Path) -> None:
    TARGET.mkdir(parents=True, exist_ok=True)
    rules = []
    for weight in WEIGHTS:
        for rule in RULE.finditer((package / f"{weight}.css").read_text()):
            if rule["subset"] not in SUBSETS:
                continue
            name = f"be-vietnam-pro-{rule['subset']}-{rule['variant']}.woff2"
            shutil.copy(package / "files" / name, TARGET / name)
            src = f"src: url(./{name}) format('woff2');"
            rules.append(re.sub(r"src: [^;]*;", src, rule.group(0)))
    shutil.copy(package / "LICENSE", TARGET / "LICENSE")
    header = (
        f"/* Be Vietnam Pro {PACKAGE_VERSION} from @fontsource/be-vietnam-pro (SIL OFL 1.1): "
        "scripts/vendor_font.py */\n"
    )
    (TARGET / "fonts.css").write_text(header + "\n".join(rules) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
