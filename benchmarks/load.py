"""A fixed number of clients asking one address over and over for a bounded time, each on its own connection
(kept alive when the server allows it), timing every answer."""

from __future__ import annotations

import http.client
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from search.benchmark import percentile

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    # Served from the anonymous page cache when it is on (X-Page-Cache: hit expected).
    cacheable: bool = True


@dataclass
class Result:
    target: Target
    seconds: float
    milliseconds: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)  # "500", "ConnectionResetError" … → how many
    cache_hits: int = 0
    body_bytes: int = 0  # as sent, compressed when the server compressed it

    @property
    def requests(self) -> int:
        return len(self.milliseconds) + sum(self.errors.values())

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50(self) -> float:
        return percentile(self.milliseconds, 0.50) if self.milliseconds else 0.0

    @property
    def p95(self) -> float:
        return percentile(self.milliseconds, 0.95) if self.milliseconds else 0.0

    @property
    def average_kilobytes(self) -> float:
        return self.body_bytes / len(self.milliseconds) / 1024 if self.milliseconds else 0.0

    @property
    def hit_share(self) -> float:
        return self.cache_hits / len(self.milliseconds) if self.milliseconds else 0.0


def fetch(port: int, path: str, host: str) -> tuple[int, dict[str, str], bytes]:
    """One request on a connection of its own: for finding addresses and warming the cache."""
    server = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
    try:
        server.request("GET", path, headers={"Host": host})
        response = server.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        server.close()


def drive(port: int, host: str, target: Target, concurrency: int, seconds: float) -> Result:
    """`concurrency` threads ask for `target` until `seconds` have passed; only 200s count as successes."""
    result = Result(target=target, seconds=seconds)
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def client() -> None:
        timings, errors, hits, size = [], Counter(), 0, 0
        # http.client opens the connection again by itself after an answer that closes it (gunicorn's
        # synchronous workers close every connection).
        server = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_SECONDS)
        headers = {"Host": host, "Accept-Encoding": "gzip"}
        try:
            while time.perf_counter() < deadline:
                began = time.perf_counter()
                try:
                    server.request("GET", target.path, headers=headers)
                    response = server.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as error:
                    errors[type(error).__name__] += 1
                    server.close()
                    continue
                took = (time.perf_counter() - began) * 1000
                if response.status != 200:
                    errors[str(response.status)] += 1
                    continue
                timings.append(took)
                hits += response.getheader("X-Page-Cache") == "hit"
                size += len(body)
        finally:
            server.close()
            with lock:
                result.milliseconds += timings
                result.errors.update(errors)
                result.cache_hits += hits
                result.body_bytes += size

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # The last requests end after the deadline: count them over the time they really took.
    result.seconds = time.perf_counter() - start
    return result
