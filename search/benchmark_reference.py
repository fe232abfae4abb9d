"""Another checkout of the site, timed turn about with this one: `benchmark_search --reference`.

Run one after the other, two versions of the code meet different moments of a shared machine, and
the noise (tens of ms) hides differences of a few. So the reference (say, the code before a change,
`git worktree add ../before <commit>`, on its own database loaded the same way) runs in a process
of its own, started with its checkout's `manage.py shell`, and answers one timed run at a time: the
benchmark alternates a run here and a run there for every repeat of every search.

The program it runs uses only what every version of the solutions bank has: the search page's
address, the configured backend's `search()` and `SearchRequest`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Reads one JSON request a line, {"kind": "view" | "sql", "params": {...}}, and answers the
# milliseconds of one run; the SQL is what the backend ran for those parameters, captured once.
PROGRAM = """
import json, sys, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from search.backends import get_search_backend
from search.request import SearchRequest

with translation.override("vi"):
    url = reverse("search:solutions")
client = Client(HTTP_HOST="localhost")
statements = {}

def sql_of(params):
    key = json.dumps(params, sort_keys=True)
    if key not in statements:
        request = SearchRequest(
            query=str(params.get("q", "")),
            filters={
                name: tuple(value if isinstance(value, list) else [value])
                for name, value in params.items()
                if name not in ("q", "sort")
            },
            sort=str(params.get("sort", "relevance")),
        )
        with CaptureQueriesContext(connection) as captured:
            get_search_backend().search(request)
        statements[key] = [query["sql"] for query in captured.captured_queries]
        client.get(url, params)
    return statements[key]

print("ready", flush=True)
for line in sys.stdin:
    asked = json.loads(line)
    params = asked["params"]
    sql = sql_of(params)
    started = time.perf_counter()
    if asked["kind"] == "view":
        status = client.get(url, params).status_code
    else:
        status = 200
        with connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)
                if cursor.description:
                    cursor.fetchall()
    elapsed = (time.perf_counter() - started) * 1000
    print(json.dumps({"ms": elapsed, "status": status}), flush=True)
"""


class ReferenceUnavailable(RuntimeError):
    pass


class Reference:
    """The other checkout's process; `time()` runs a search there once and returns its milliseconds."""

    def __init__(self, checkout: Path, database_url: str):
        self.checkout = checkout = checkout.resolve()
        if not (checkout / "manage.py").is_file():
            raise ReferenceUnavailable(f"{checkout} holds no manage.py.")
        own_python = checkout / ".venv" / "bin" / "python"
        python = str(own_python) if own_python.exists() else sys.executable
        environment = {**os.environ, "DATABASE_URL": database_url, "PYTHONUNBUFFERED": "1"}
        environment.pop("DJANGO_SETTINGS_MODULE", None)  # the checkout's manage.py chooses
        self.process = subprocess.Popen(  # noqa: S603 - a checkout's own manage.py, given by the operator
            [python, "manage.py", "shell", "--verbosity", "0", "--command", PROGRAM],
            cwd=checkout,
            env=environment,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for line in self.process.stdout:
            if line.strip() == "ready":
                return
        self.close()
        raise ReferenceUnavailable(
            f"The reference in {checkout} stopped before it was ready (exit code {self.process.returncode})."
        )

    def time(self, kind: str, params: dict) -> float:
        self.process.stdin.write(json.dumps({"kind": kind, "params": params}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise ReferenceUnavailable("The reference stopped answering.")
        answer = json.loads(line)
        if answer["status"] != 200:
            raise ReferenceUnavailable(f"The reference's search page answered {answer['status']}.")
        return answer["ms"]

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait(timeout=30)
