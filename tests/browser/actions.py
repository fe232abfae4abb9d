"""What people do in the browser, step by step, in either language: shared by the journeys."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from playwright.sync_api import Locator, Page, expect

from initiatives.models import ProposerType, Province
from tests.builders import USER_PASSWORD
from tests.languages import translated

EXPO_HALL_PATHS = {"vi": "/vi/gian-trien-lam-so/", "en": "/en/expo-hall/"}
SEARCH_PATHS = {"vi": "/vi/kho-giai-phap/", "en": "/en/solutions/"}
BANK_SLUGS = {"vi": "bai-toan", "en": "problems"}
BANK_TITLES = {"vi": "Ngân hàng bài toán", "en": "Problem bank"}
PROBLEM_TITLES = {
    "vi": "Người dân thôn xa đi lại nhiều lần",
    "en": "Residents of remote hamlets travel again and again",
}


def gettext_in(language: str) -> Callable[[str], str]:
    """The interface text as a visitor in `language` reads it."""
    return partial(translated, language=language)


def label_in(term, language: str) -> str:
    """The label of a taxonomy term or province as shown in `language`."""
    with translation.override(language):
        return str(term.label)


def for_upload(upload: SimpleUploadedFile) -> dict:
    """One of the Django tests' upload files, as Playwright sets it on a file input."""
    return {"name": upload.name, "mimeType": upload.content_type, "buffer": upload.read()}


def whole(text: str) -> re.Pattern:
    """`text` as a whole label, with or without the colon (Django) or the required mark (Wagtail) after it."""
    # Playwright writes the pattern between slashes into its selector, so a slash must be escaped too.
    escaped = re.escape(text).replace("/", r"\/")
    return re.compile(rf"^\s*{escaped}:?\s*\*?\s*$")


def field(page: Page | Locator, label: str) -> Locator:
    return page.get_by_label(whole(label))


def fill_in(page: Page, values: dict[str, str]) -> None:
    """Fills text fields, each found by its label."""
    for label, value in values.items():
        field(page, label).fill(value)


def dropdown(page: Page | Locator, label: str) -> Locator:
    return page.get_by_role("combobox", name=whole(label))


def option_in(page: Page | Locator, group: str, option: str) -> Locator:
    """A radio button or checkbox of the fieldset named `group`."""
    return page.get_by_role("group", name=whole(group)).get_by_label(whole(option))


def header_nav(page: Page, name: str) -> Locator:
    """A navigation of the header (account, language) as a visitor reaches it: on a phone, behind the
    menu button, which is opened first. Hidden copies are not in the accessibility tree."""
    button = page.locator("details.phone-menu > summary")
    if button.is_visible() and page.locator("details.phone-menu[open]").count() == 0:
        button.click()
    return page.get_by_role("navigation", name=name)


def form_sections(page: Page, language: str) -> Locator:
    """The list of the form's sections as a submitter reaches it: on a phone, behind the progress, which is
    opened first."""
    toggle = page.locator("details.steps-fold > summary")
    if toggle.is_visible() and page.locator("details.steps-fold[open]").count() == 0:
        toggle.click()
    return page.get_by_role("navigation", name=gettext_in(language)("Sections of the form"))


def press(page: Page | Locator, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


@dataclass
class Newcomer:
    email: str = "nguoi.dan@example.org"
    full_name: str = "Nguyễn Thị Hoa"
    phone: str = "0912 345 678"


def sign_up(page: Page, language: str, person: Newcomer) -> None:
    t = gettext_in(language)
    page.goto(f"/{language}/")
    header_nav(page, t("Your account")).get_by_role("link", name=t("Sign up")).click()
    form = page.locator("form.account-form")
    form.locator("[name=email]").fill(person.email)
    field(form, t("Full name")).fill(person.full_name)
    option_in(
        form, t("You take part as"), label_in(ProposerType.objects.get(code="citizen"), language)
    ).check()
    dropdown(form, t("Province or city")).select_option(
        label=label_in(Province.objects.get(gso_code="48"), language)
    )
    field(form, t("Phone")).fill(person.phone)
    form.locator("[name=password1]").fill(USER_PASSWORD)
    form.locator("[name=password2]").fill(USER_PASSWORD)
    press(form, t("Create the account"))
    expect(page.get_by_role("heading", level=1)).not_to_have_text(t("Create an account"))


def confirm_email(page: Page, language: str, email: str) -> None:
    """Opens the link of the last confirmation message sent to `email`, and confirms."""
    t = gettext_in(language)
    message = [message for message in mail.outbox if message.to == [email]][-1]
    link = next(link for link in re.findall(r"https?://\S+", message.body) if "/confirm-email/" in link)
    page.goto(link)
    press(page.get_by_role("main"), t("Confirm"))
    expect(page.get_by_role("button", name=t("Confirm"), exact=True)).to_have_count(0)


def log_in(page: Page, language: str, email: str, password: str = USER_PASSWORD) -> None:
    t = gettext_in(language)
    page.goto(f"/{language}/")
    header_nav(page, t("Your account")).get_by_role("link", name=t("Log in")).click()
    form = page.locator("form.account-form")
    form.locator("[name=login]").fill(email)
    form.locator("[name=password]").fill(password)
    form.locator("button[type=submit]").click()
    expect(header_nav(page, t("Your account"))).to_contain_text(t("Log out"))


def open_my_initiatives(page: Page, language: str) -> None:
    t = gettext_in(language)
    header_nav(page, t("Your account")).get_by_role("link", name=t("My initiatives")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(t("My initiatives"))


def admin_log_in(page: Page, email: str, password: str = USER_PASSWORD) -> None:
    page.goto("/admin/login/")
    page.locator("[name=username]").fill(email)
    page.locator("[name=password]").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def apply_filter(page: Page, language: str, facet: str, option: str) -> None:
    """Ticks `option` of the facet named `facet` and applies it, opening the filters first on a phone."""
    t = gettext_in(language)
    filters = page.locator("#filters")
    choice = filters.get_by_role("group", name=facet).get_by_label(option)
    if not choice.is_visible():
        filters.locator("summary").click()
    choice.check()
    press(filters, t("Apply"))
