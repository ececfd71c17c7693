"""Mixed read/write load against a running ClaimTrack (``make serve``), with checks.

For a bounded time, ``--connections`` client threads each send one request after
another (a fresh connection each, as gunicorn's sync workers close them):
public reads (home, claim list, a claim, an actor, a source, a search, the API
list and detail) and, one request in ``--write-every``, an editor's write through
the API with a token: a new claim, or a ``PATCH`` of one of its own claims with
the ``If-Match`` ETag it last read. Then it reports requests per second and
latency percentiles per kind, and checks:

* no 5xx answers at all, and no failed write (anything but 2xx, a 412 included:
  each thread edits only its own claims, so a stale ETag would be a bug);
* every acknowledged write is there afterwards: each created claim exists with
  the text its last acknowledged update gave it (read back through the API).

It exits 1 when a check fails. Loopback only; the stdlib only (threads and
http.client), so it runs wherever the project does. The server must not
throttle the run: start it with e.g. ``API_THROTTLE_ANON=1000000/minute
API_THROTTLE_USER=1000000/minute make serve``. The token is an editor's or
contributor's (``manage.py drf_create_token <user>``)::

    .venv/bin/python bench/load_test.py --token KEY --duration 60 --connections 64
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections import defaultdict
from urllib.parse import quote, urlsplit


class Client:
    def __init__(self, url: str, token: str):
        parts = urlsplit(url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("load_test.py runs against loopback only")
        self.host, self.port = parts.hostname, parts.port or 80
        self.token = token

    def request(self, method, path, body=None, *, auth=False, headers=None):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
        sent = {"Host": self.host, "Accept": "*/*", **(headers or {})}
        if auth:
            sent["Authorization"] = f"Token {self.token}"
        if body is not None:
            sent["Content-Type"] = "application/json"
            body = json.dumps(body)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            return response.status, response.getheader("ETag"), response.read()
        finally:
            conn.close()


def discover(client: Client) -> dict[str, list[str]]:
    """Slugs of published claims, actors and sources to read, from the public API."""
    found = {}
    for resource in ("claims", "actors", "sources"):
        status, _, body = client.request("GET", f"/api/v1/{resource}/?page_size=50")
        if status != 200:
            raise SystemExit(f"GET /api/v1/{resource}/ answered {status}: is the server up?")
        found[resource] = [row["slug"] for row in json.loads(body)["results"]]
    if not found["claims"]:
        raise SystemExit("no published claims to read: load the seed data first")
    return found


def read_paths(found, rng: random.Random) -> tuple[str, str]:
    claim = rng.choice(found["claims"])
    words = ["vaccine", "election", "war", "climate", "tax", "border"]
    choices = [
        ("home", "/"),
        ("claim_list", "/claims/"),
        ("claim_page", f"/claims/{claim}/"),
        ("search", f"/claims/?q={quote(rng.choice(words))}"),
        ("api_list", "/api/v1/claims/"),
        ("api_detail", f"/api/v1/claims/{claim}/"),
    ]
    if found["actors"]:
        choices.append(("actor_page", f"/actors/{rng.choice(found['actors'])}/"))
    if found["sources"]:
        choices.append(("source_page", f"/sources/{rng.choice(found['sources'])}/"))
    return rng.choice(choices)


class Run:
    def __init__(self, client, found, *, run_id: str, write_every: int):
        self.client, self.found, self.run_id, self.write_every = client, found, run_id, write_every
        self.latencies: dict[str, list[float]] = defaultdict(list)
        self.statuses: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        self.errors: list[str] = []
        self.failed_writes: list[str] = []
        self.acknowledged: dict[str, str] = {}  # claim slug -> text last acknowledged
        self.lock = threading.Lock()

    def record(self, kind, status, seconds):
        with self.lock:
            self.latencies[kind].append(seconds)
            self.statuses[kind][status] += 1

    def worker(self, number: int, stop_at: float):
        rng = random.Random(number)
        own: dict[str, str | None] = {}  # slug -> last ETag
        n = 0
        while time.monotonic() < stop_at:
            n += 1
            write = n % self.write_every == 0
            started = time.perf_counter()
            try:
                if not write:
                    kind, path = read_paths(self.found, rng)
                    status, _, _ = self.client.request("GET", path)
                elif not own or rng.random() < 0.5:
                    kind = "write_create"
                    slug = f"load-{self.run_id}-{number}-{n}"
                    text = f"Load test claim {slug}, version 0."
                    status, etag, _ = self.client.request(
                        "POST", "/api/v1/claims/", {"slug": slug, "text": text}, auth=True
                    )
                    if status == 201:
                        own[slug] = etag
                        with self.lock:
                            self.acknowledged[slug] = text
                else:
                    kind = "write_update"
                    slug = rng.choice(list(own))
                    text = f"Load test claim {slug}, version {n}."
                    status, etag, _ = self.client.request(
                        "PATCH",
                        f"/api/v1/claims/{slug}/",
                        {"text": text},
                        auth=True,
                        headers={"If-Match": own[slug] or "*"},
                    )
                    if 200 <= status < 300:
                        own[slug] = etag
                        with self.lock:
                            self.acknowledged[slug] = text
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.errors.append(f"{type(error).__name__}: {error}")
                    if write:
                        self.failed_writes.append(f"{kind}: {error}")
                continue
            self.record(kind, status, time.perf_counter() - started)
            if write and not 200 <= status < 300:
                with self.lock:
                    self.failed_writes.append(f"{kind}: HTTP {status}")

    def verify(self) -> list[str]:
        """Every acknowledged write, read back: the claim exists with its last text."""
        missing = []
        for slug, text in self.acknowledged.items():
            status, _, body = self.client.request("GET", f"/api/v1/claims/{slug}/", auth=True)
            if status != 200:
                missing.append(f"{slug}: HTTP {status}")
            elif json.loads(body)["text"] != text:
                missing.append(f"{slug}: text is not the last acknowledged one")
        return missing


def percentile(values: list[float], p: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(p) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="client threads (64)")
    parser.add_argument("--write-every", type=int, default=10, help="1 write per N requests")
    parser.add_argument("--token", default=os.environ.get("CLAIMTRACK_TOKEN", ""))
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("an editor's API token is needed: --token or CLAIMTRACK_TOKEN")

    client = Client(args.url, args.token)
    found = discover(client)
    run = Run(client, found, run_id=uuid.uuid4().hex[:8], write_every=args.write_every)
    started = time.monotonic()
    stop_at = started + args.duration
    threads = [
        threading.Thread(target=run.worker, args=(i, stop_at)) for i in range(args.connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started

    total = sum(len(v) for v in run.latencies.values())
    print(f"{total} requests in {elapsed:.1f} s with {args.connections} connections: "
          f"{total / elapsed:.1f} req/s")  # fmt: skip
    print(f"{'kind':<14}{'count':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for kind in sorted(run.latencies):
        ms = [s * 1000 for s in run.latencies[kind]]
        statuses = ", ".join(f"{k}: {v}" for k, v in sorted(run.statuses[kind].items()))
        print(
            f"{kind:<14}{len(ms):>8}{percentile(ms, 50):>9.1f}{percentile(ms, 95):>9.1f}"
            f"{percentile(ms, 99):>9.1f}  {statuses}"
        )
    server_errors = sum(
        count for by in run.statuses.values() for status, count in by.items() if status >= 500
    )
    missing = run.verify()
    print(f"5xx: {server_errors}; connection errors: {len(run.errors)}; "
          f"failed writes: {len(run.failed_writes)}; acknowledged writes: "
          f"{len(run.acknowledged)} claims, missing afterwards: {len(missing)}")  # fmt: skip
    for problem in (run.errors + run.failed_writes + missing)[:10]:
        print("  " + problem)
    ok = server_errors == 0 and not run.errors and not run.failed_writes and not missing
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
