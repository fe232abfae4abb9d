"""No input answers with a server error: arbitrary text sent to every address that reads a query
string and to every form, checked with Hypothesis.

Covered:
- the GET addresses that read query parameters (`ADDRESSES`): the halls in both languages, the
  search page and its suggestions in both languages, the solutions API, the communes' lookup, the
  visitor counter's beacon, the
  log-in and sign-up pages (?next=), the submitter's dashboard, the screener's decision page
  (?refused=), and in the admin the screening queue, the initiatives listing, the page explorer,
  page search, the page chooser and its search, the reference-data snippets, users, documents,
  images and the site history;
- the forms (`FORMS`): sign-up, log-in, password reset, profile, password change, e-mail addresses,
  each section of the submission form and its review, withdrawing, accepting a co-author
  invitation, the three screening decisions, and the admin's log-in.

The parameters tried at an address are those it is known to read (listed here) and the fields of
every form it shows (found in its template context: filter forms, search forms, the forms
themselves), plus names never heard of. Their values mix plausible ones (the fields' choices,
codes, numbers) with awkward text: NUL and other control characters, lone surrogates (sent as
the percent-escaped bytes a UTF-8 encoder with "surrogatepass" makes, since proper UTF-8 cannot
hold them), right-to-left marks, digits of other scripts ("²", "٣", "૭"), huge numbers,
10,000-character values, and a parameter repeated hundreds of times.

The site is built once for the module (and rolled back after it); each address is one test,
whose examples run in that test's transaction. `GET_EXAMPLES` and `FORM_EXAMPLES` bound the
running time: about two minutes on PostgreSQL on two cores.

PostgreSQL only, the database of production: NUL in text is what it refuses and SQLite accepts.
On SQLite, Wagtail's own admin search refuses a lone double quote, and the admin's filters on
related objects a number beyond 64 bits (Django's `__in` lookup there): neither is this project's
code, so the module does not run there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import django_filters
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.forms import BaseForm, FileField, MultiWidget
from django.http import HttpResponse
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.queue import review_in_progress
from search.facets import FACET_NAMES
from submissions.forms import SECTIONS
from submissions.models import CoAuthorInvitation, Submission
from tests.builders import (
    SiteTree,
    add_english_tree,
    build_site_tree,
    make_call,
    make_initiative,
    make_screener,
    make_user,
    submit_initiative,
)

User = get_user_model()

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's refusals are what is tried"),
    pytest.mark.django_db,
]

GET_EXAMPLES = 40
FORM_EXAMPLES = 25
LONG = 10_000

# Text that has broken, or could break, the reading of a value, by kind.
CONTROL_CHARACTERS = ("\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85", "\x9f")  # C0 and C1
LONE_SURROGATES = ("\ud800", "\udbff", "\udfff")
MARKS = ("\u200f", "\u202e", "\u2066", "\ufeff", "\u0301")  # right-to-left marks, a BOM, a lone accent
NUMBERS = ("-1", "0", "+1", "1.5", "1e9", "2147483648", "9" * 40, "0" * 5000, "NaN")
PUNCTUATION = ("", " ", "\t", "\r\n", "%", "%00", "&", "=", "'", '"', "\\", "<script>", "&lt;", "../", "//")
# Digits of other scripts: "²" passes `str.isdigit()` and fails `int()`, "٣" passes both.
OTHER_DIGITS = "²³¹٣١٢૭߀𝟗"
# Values that mean something somewhere: codes, numbers, words, dates, addresses.
PLAUSIBLE = (
    *("48", "01", "da-nang", "egov", "feedback", "service", "pilot", "agency", "citizen", "2020"),
    *("vi", "en", "1", "2", "expo", "community", "relevance", "title", "newest", "true", "false"),
    *("-waiting_since", "-latest_revision_created_at", "cai cach", "zebra", "Đà Nẵng"),
    *("2025-01-01", "someone@example.org", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "/vi/"),
)
# Form fields that templates add beside a form's own.
BUTTONS = ("action", "task_state", "save_draft", "action_add", "action_remove", "action_primary", "email")
# Forms that are a button and nothing else.
BUTTON_ONLY_FORMS = {"withdraw", "delete draft", "co-author invitation"}


def short_values(plausible: Sequence[str]) -> st.SearchStrategy[str]:
    piece = st.one_of(
        *(
            st.sampled_from(kind)
            for kind in (CONTROL_CHARACTERS, LONE_SURROGATES, MARKS, NUMBERS, PUNCTUATION)
        ),
        st.sampled_from(plausible),
        st.text(st.characters(exclude_categories=()), max_size=6),  # any code point, surrogates included
    )
    mixed = st.lists(piece, min_size=1, max_size=4).map("".join)
    number = st.text(st.sampled_from(OTHER_DIGITS + "0123456789"), min_size=1, max_size=6)
    return st.one_of(mixed, number, st.sampled_from(plausible))


def values(plausible: Sequence[str]) -> st.SearchStrategy[str]:
    short = short_values(plausible)
    # 10,000 characters: one run of text, or thousands of words.
    long = st.builds(
        lambda text, separator: ((text + separator) * LONG)[:LONG],
        short.filter(bool),
        st.sampled_from(["", " "]),
    )
    return st.one_of(short, short, long)


def parameters(names: Sequence[str], plausible: Sequence[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Name and value pairs: about half the names given, some several times, names nobody reads, and
    now and then one name repeated hundreds of times (with a short value: Wagtail copies the query
    string into every link of a listing)."""
    value = values(plausible)
    known = st.fixed_dictionaries(
        {}, optional={name: st.lists(value, min_size=1, max_size=3) for name in names}
    )
    unknown = st.lists(st.tuples(value, value), max_size=2)
    repeated_name = st.sampled_from(names) if names else short_values(plausible)
    repeated = st.lists(
        st.builds(
            lambda name, text, times: [(name, text)] * times,
            repeated_name,
            short_values(plausible),
            st.integers(2, 400),
        ),
        max_size=1,
    )

    def pairs(
        given: dict[str, list[str]], others: list[tuple[str, str]], many: list
    ) -> list[tuple[str, str]]:
        repeated_pairs = [pair for group in many for pair in group]
        return [(name, text) for name, texts in given.items() for text in texts] + others + repeated_pairs

    return st.builds(pairs, known, unknown, repeated)


def encoded(pairs: list[tuple[str, str]]) -> str:
    """A query string or form body; proper UTF-8 cannot hold a lone surrogate, so it is sent as the
    bytes "surrogatepass" makes of it (%ED%A0%80), as a faulty client would."""

    def escaped(text: str) -> str:
        return quote(text.encode("utf-8", "surrogatepass"), safe="")

    return "&".join(f"{escaped(name)}={escaped(value)}" for name, value in pairs)


@dataclass
class Expo:
    """The site every address is tried on."""

    tree: SiteTree
    english: SiteTree
    people: dict[str, User]
    draft: Submission
    waiting: Submission
    invitation: CoAuthorInvitation
    # Values worth trying beside `PLAUSIBLE`: the ids of what exists.
    ids: list[str]

    def client(self, role: str) -> Client:
        client = Client()
        if role != "visitor":
            client.force_login(self.people[role])
        return client


def build_expo() -> Expo:
    tree = build_site_tree()
    english = add_english_tree(tree)
    call = make_call(tree.calls)
    make_initiative(tree.expo, "Ngựa vằn zebra cho người đi bộ", province="48", call=call)
    make_initiative(tree.community, "Cải cách hành chính một cửa", province="01", start_year=2019)
    make_initiative(english.community, "Citizen feedback kiosk", province="79", language="en")
    people = {
        "submitter": make_user("nguoi-nop@example.org", full_name="Người Nộp"),
        "invitee": make_user("dong-tac-gia@example.org", full_name="Đồng Tác Giả"),
        "screener": make_screener("sang-loc@example.org", full_name="Người Sàng Lọc"),
        "admin": make_user("quan-tri@example.org", is_staff=True, is_superuser=True),
    }
    for person in people.values():
        EmailAddress.objects.create(user=person, email=person.email, verified=True, primary=True)
    submitter = people["submitter"]
    draft = Submission.objects.create(owner=submitter, data={"title": "Bản nháp", "language": "vi"})
    waiting = submit_initiative(submitter, title="Hộp thư góp ý điện tử")
    invitation = CoAuthorInvitation.objects.create(
        submission=draft, email=people["invitee"].email, invited_by=submitter
    )
    ids = [str(draft.pk), str(waiting.pk), str(waiting.page_id), str(review_in_progress(waiting.page).pk)]
    return Expo(tree, english, people, draft, waiting, invitation, ids)


@pytest.fixture(scope="module")
def expo(module_transaction):
    """Built once for the module, in a transaction that each test's own transaction nests in."""
    # That transaction never commits: what waits for a commit (indexing, e-mail) is done now.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return build_expo()


def in_language(language: str, name: str, *args) -> Callable[[Expo], str]:
    def url(expo: Expo) -> str:
        with translation.override(language):
            return reverse(name, args=[arg(expo) if callable(arg) else arg for arg in args])

    return url


@dataclass(frozen=True)
class Address:
    label: str
    role: str  # who asks: "visitor" or one of `Expo.people`
    url: Callable[[Expo], str]
    # The query parameters the view reads besides the fields of the forms it shows.
    reads: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.label


HALL = ("page",)  # and the fields of its filter form
SEARCH = ("q", "sort", "page", "page_size", *FACET_NAMES)
LISTING = ("q", "p", "ordering", "locale")  # Wagtail's listings, beside their filter forms

ADDRESSES = [
    Address("Expo Hall (vi)", "visitor", lambda expo: expo.tree.expo.url, HALL),
    Address("Community Hall (vi)", "visitor", lambda expo: expo.tree.community.url, HALL),
    Address("Expo Hall (en)", "visitor", lambda expo: expo.english.expo.url, HALL),
    Address("Community Hall (en)", "visitor", lambda expo: expo.english.community.url, HALL),
    Address("search page (vi)", "visitor", in_language("vi", "search:solutions"), SEARCH),
    Address("search page (en)", "visitor", in_language("en", "search:solutions"), SEARCH),
    Address("search suggestions (vi)", "visitor", in_language("vi", "search:suggestions"), ("q",)),
    Address("search suggestions (en)", "visitor", in_language("en", "search:suggestions"), ("q",)),
    Address("solutions API", "visitor", lambda expo: reverse("solutions_api"), (*SEARCH, "locale")),
    Address("communes lookup", "visitor", in_language("en", "localities:communes"), ("q", "province")),
    Address("visit beacon", "visitor", lambda expo: reverse("visits:beacon"), ("page",)),
    Address("log-in page", "visitor", in_language("vi", "account_login"), ("next",)),
    Address("sign-up page", "visitor", in_language("en", "account_signup"), ("next",)),
    Address("submitter's dashboard", "submitter", in_language("vi", "submissions:dashboard")),
    Address(
        "initiative as sent",
        "submitter",
        in_language("vi", "submissions:detail", lambda expo: expo.waiting.pk),
    ),
    Address(
        "decision page",
        "screener",
        lambda expo: reverse("screening:decide", args=[expo.waiting.page_id]),
        ("refused",),
    ),
    Address("screening queue", "screener", lambda expo: reverse("screening_queue:index"), LISTING),
    Address("admin initiatives", "admin", lambda expo: reverse("initiatives:index"), LISTING),
    Address(
        "admin page explorer",
        "admin",
        lambda expo: reverse("wagtailadmin_explore", args=[expo.tree.home.pk]),
        LISTING,
    ),
    Address("admin page search", "admin", lambda expo: reverse("wagtailadmin_pages:search"), LISTING),
    Address("admin page chooser", "admin", lambda expo: reverse("wagtailadmin_choose_page"), LISTING),
    Address(
        "admin page chooser search", "admin", lambda expo: reverse("wagtailadmin_choose_page_search"), LISTING
    ),
    Address(
        "admin provinces",
        "admin",
        lambda expo: reverse("wagtailsnippets_initiatives_province:list"),
        LISTING,
    ),
    Address(
        "admin communes", "admin", lambda expo: reverse("wagtailsnippets_initiatives_commune:list"), LISTING
    ),
    Address("admin goals", "admin", lambda expo: reverse("wagtailsnippets_initiatives_goal:list"), LISTING),
    Address("admin users", "admin", lambda expo: reverse("wagtailusers_users:index"), LISTING),
    Address("admin documents", "admin", lambda expo: reverse("wagtaildocs:index"), LISTING),
    Address("admin images", "admin", lambda expo: reverse("wagtailimages:index"), LISTING),
    Address(
        "admin site history", "admin", lambda expo: reverse("wagtailadmin_reports:site_history"), LISTING
    ),
]


def section(slug: str) -> Callable[[Expo], str]:
    """The address of a section of the submitter's draft."""
    return in_language("vi", "submissions:section", lambda expo: expo.draft.pk, slug)


FORMS = [  # each a page with a form, posted to the address it is shown at
    Address("sign-up", "visitor", in_language("vi", "account_signup")),
    Address("log-in", "visitor", in_language("vi", "account_login")),
    Address("password reset", "visitor", in_language("vi", "account_reset_password")),
    Address("profile", "submitter", in_language("vi", "account_profile")),
    Address("password change", "submitter", in_language("vi", "account_change_password")),
    Address("e-mail addresses", "submitter", in_language("vi", "account_email")),
    Address("new initiative", "submitter", in_language("vi", "submissions:new")),
    *(Address(f"submission section “{form.slug}”", "submitter", section(form.slug)) for form in SECTIONS),
    Address(
        "submission review", "submitter", in_language("vi", "submissions:review", lambda expo: expo.draft.pk)
    ),
    Address("withdraw", "submitter", in_language("vi", "submissions:withdraw", lambda expo: expo.waiting.pk)),
    Address("delete draft", "submitter", in_language("vi", "submissions:delete", lambda expo: expo.draft.pk)),
    Address(
        "co-author invitation",
        "invitee",
        in_language("vi", "submissions:invitation", lambda expo: expo.invitation.token),
    ),
    Address(
        "screening decision",
        "screener",
        lambda expo: reverse("screening:decide", args=[expo.waiting.page_id]),
    ),
    Address("admin log-in", "visitor", lambda expo: reverse("wagtailadmin_login")),
]


def forms_shown(response) -> list[BaseForm]:
    """The forms of a page, filter forms included, found among the values of its template context."""
    # One context per template rendered; a page rendered from one template has no list of them.
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = [value for context in contexts if context is not None for value in context.flatten().values()]
    forms: list[BaseForm] = []
    while values:
        value = values.pop()
        if isinstance(value, django_filters.FilterSet):
            value = value.form
        if isinstance(value, BaseForm):
            if all(value is not known for known in forms):
                forms.append(value)
        elif isinstance(value, list | tuple):
            values.extend(value)
    return forms


def fields_of(forms: list[BaseForm]) -> tuple[list[str], list[str]]:
    """The names a browser would send for the forms' fields, and the values their choices offer."""
    names, choices = [], []
    for form in forms:
        for bound in form:
            widget = bound.field.widget
            if isinstance(widget, MultiWidget):
                names += [bound.html_name + suffix for suffix in widget.widgets_names]
            else:
                names.append(bound.html_name)
            for value, label in getattr(bound.field, "choices", ()):
                if not isinstance(label, list | tuple):  # an option, not a group of them
                    choices.append(str(value))
    return names, choices


def as_shown(forms: list[BaseForm]) -> list[tuple[str, str]]:
    """What a browser sends for the forms as shown, before anything is typed (files and ranges aside)."""
    pairs = []
    for form in forms:
        for bound in form:
            value = bound.value()
            if (
                value is None
                or isinstance(bound.field, FileField)
                or isinstance(bound.field.widget, MultiWidget)
            ):
                continue
            pairs += [
                (bound.html_name, str(item)) for item in (value if isinstance(value, list) else [value])
            ]
    return pairs


def fuzz(
    send: Callable[[list[tuple[str, str]]], HttpResponse],
    names: list[str],
    plausible: list[str],
    examples: int,
):
    """Sends `examples` sets of parameters drawn by Hypothesis, and fails on the first 5xx answer.

    The examples of one test share its transaction (and the site): Hypothesis runs inside the test,
    not around it, so the project's per-test fixtures stay per test.
    """

    @settings(max_examples=examples, deadline=None, database=None)
    @given(pairs=parameters(names, plausible))
    def check(pairs):
        cache.clear()  # allauth counts failed log-ins there: every example is a first attempt
        response = send(pairs)
        assert response.status_code < 500, f"{response.status_code} for {encoded(pairs)[:500]}"

    check()


@pytest.mark.parametrize("address", ADDRESSES, ids=str)
def test_no_query_string_causes_a_server_error(expo, address):
    client = expo.client(address.role)
    url = address.url(expo)
    shown = client.get(url)
    assert shown.status_code == 200, f"{address}: {shown.status_code}"
    field_names, choices = fields_of(forms_shown(shown))
    names = sorted({*address.reads, *field_names})
    plausible = sorted({*PLAUSIBLE, *choices, *expo.ids})
    fuzz(lambda pairs: client.get(f"{url}?{encoded(pairs)}"), names, plausible, GET_EXAMPLES)


@pytest.mark.parametrize("form", FORMS, ids=str)
def test_no_form_input_causes_a_server_error(expo, form):
    client = expo.client(form.role)
    url = form.url(expo)
    shown = client.get(url)
    assert shown.status_code == 200, f"{form}: {shown.status_code}"
    forms = forms_shown(shown)
    field_names, choices = fields_of(forms)
    assert field_names or form.label in BUTTON_ONLY_FORMS, f"{form}: no form found"
    names = sorted({*field_names, *BUTTONS})
    plausible = sorted({*PLAUSIBLE, *choices, *expo.ids, "approve", "reject", "decline", "on"})
    # Typed over the form as shown: what is not drawn keeps its value, so the view gets past the
    # checks of other fields more often than with the drawn fields alone.
    shown_values = as_shown(forms)

    def send(pairs):
        body = encoded(shown_values + pairs)
        return client.post(url, body, content_type="application/x-www-form-urlencoded")

    fuzz(send, names, plausible, FORM_EXAMPLES)
