"""Takes the README's screenshots from a running demo site (`bash scripts/run.sh`), in Vietnamese:
the home page and a hall on a desktop, an initiative on a phone, and a section of the submission form.

    .venv/bin/python scripts/readme_screenshots.py [--base-url http://127.0.0.1:8000] [--out docs/screenshots]

Needs Chromium (Debian's `chromium`, or $EXPO_CHROMIUM) and the development requirements (Playwright).
"""

import argparse
import os
import shutil
import sys
from pathlib import Path

import django
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings.dev")
django.setup()  # for the demo submitter's account, as the demo loader made it

from home.demo import DEMO_SUBMITTER_EMAIL, DEMO_SUBMITTER_PASSWORD  # noqa: E402

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 780}


def log_in(page: Page) -> None:
    page.goto("/vi/accounts/login/")
    form = page.locator("form.account-form")
    form.locator("[name=login]").fill(DEMO_SUBMITTER_EMAIL)
    form.locator("[name=password]").fill(DEMO_SUBMITTER_PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def first_initiative_with_pictures(page: Page) -> str:
    page.goto("/vi/gian-trien-lam-so/")
    return page.locator(".card:has(.card__media img) .card__title a").first.get_attribute("href")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    arguments = parser.parse_args()
    arguments.out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("EXPO_CHROMIUM") or shutil.which("chromium")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        desktop = browser.new_context(
            base_url=arguments.base_url, viewport=DESKTOP, locale="vi-VN"
        ).new_page()
        desktop.goto("/vi/")
        desktop.screenshot(path=arguments.out / "home.png")
        desktop.goto("/vi/gian-trien-lam-so/")
        desktop.screenshot(path=arguments.out / "hall.png")

        phone = browser.new_context(
            base_url=arguments.base_url, viewport=PHONE, is_mobile=True, has_touch=True, locale="vi-VN"
        ).new_page()
        phone.goto(first_initiative_with_pictures(phone))
        phone.screenshot(path=arguments.out / "initiative-phone.png")

        log_in(phone)
        phone.goto("/vi/my/initiatives/")
        phone.locator(".submission-list__item a.button", has_text="Tiếp tục").first.click()
        phone.wait_for_load_state("networkidle")
        phone.goto(phone.url.rsplit("/", 2)[0] + "/classification/")
        phone.evaluate("window.scrollTo(0, document.querySelector('main form h2').offsetTop - 16)")
        phone.screenshot(path=arguments.out / "submission-form-phone.png")
        browser.close()
    for image in sorted(arguments.out.glob("*.png")):
        print(f"{image.relative_to(ROOT)}  {image.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
