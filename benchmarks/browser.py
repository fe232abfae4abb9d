"""One person's browser, for the load test of the submission form: its own connection and cookies, forms sent
as a browser sends them (with the CSRF token of the last form it read), every answer timed."""

from __future__ import annotations

import html
import http.client
import re
import time
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode

# Longer than the page benchmark's: twenty people saving at once queue behind two synchronous workers.
TIMEOUT_SECONDS = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The error summary at the top of the site's forms.
ERROR_SUMMARY = re.compile(r'<div class="error-summary"[^>]*>(.*?)</div>', re.DOTALL)


class StepFailed(Exception):
    """An answer other than the one a working site gives, or no answer."""


@dataclass(frozen=True)
class Answer:
    status: int
    location: str
    text: str
    milliseconds: float


class Browser:
    def __init__(self, port: int, host: str, *, address: str = ""):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        self.headers = {"Host": host}
        if address:  # the client's address as nginx passes it on (deploy/nginx.conf)
            self.headers["X-Forwarded-For"] = address
        # Kept whatever their Secure flag says: the server is reached over plain HTTP, without nginx.
        self.cookies: dict[str, str] = {}
        self.csrf_token = ""

    def get(self, path: str, expected: int = 200) -> Answer:
        return self.request("GET", path, None, expected)

    def post(self, path: str, form: list[tuple[str, str]], expected: int = 302) -> Answer:
        return self.request("POST", path, [*form, ("csrfmiddlewaretoken", self.csrf_token)], expected)

    def request(self, method: str, path: str, form: list[tuple[str, str]] | None, expected: int) -> Answer:
        headers = dict(self.headers)
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.connection.close()
            raise StepFailed(f"{method} {path}: {type(error).__name__} {error}") from error
        answer = Answer(
            status=response.status,
            location=response.getheader("Location", ""),
            text=content.decode(errors="replace"),
            milliseconds=(time.perf_counter() - began) * 1000,
        )
        self.keep_cookies(response.headers.get_all("Set-Cookie") or [])
        if token := CSRF_INPUT.search(answer.text):
            self.csrf_token = token.group(1)
        if answer.status != expected:
            raise StepFailed(f"{method} {path}: {answer.status} instead of {expected}{form_errors(answer)}")
        return answer

    def keep_cookies(self, headers: list[str]) -> None:
        for header in headers:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def close(self) -> None:
        self.connection.close()


def form_errors(answer: Answer) -> str:
    """What a form that came back says is wrong, shortly, or where a redirection led."""
    if answer.location:
        return f" (to {answer.location})"
    summary = ERROR_SUMMARY.search(answer.text)
    if summary is None:
        return ""
    return ": " + " ".join(html.unescape(re.sub(r"<[^>]+>", " ", summary.group(1))).split())[:300]
