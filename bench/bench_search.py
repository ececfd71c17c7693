"""Time the public search page in process, one search at a time, over a bench archive.

``make bench`` measures the search through gunicorn and wrk, where the other
requests in flight blur which searches are slow. This asks the same searches
as its "search, uncached" row (``bench_http.sample_endpoints``) through Django's
test client, each with a unique parameter so that no page cache answers, three
rounds after one warm-up round, and prints p50/p95/max and the slowest searches.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack_bench_1000000 \\
        .venv/bin/python bench/bench_search.py [--rounds 3]

The archive must exist already (``make bench`` builds it).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings.dev")
os.environ.update(DEBUG="0", REQUEST_LOG_LEVEL="WARNING")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    import django

    django.setup()
    import bench_http
    from django.test import Client

    endpoints = {e.name: e for e in bench_http.sample_endpoints(os.environ["DATABASE_URL"])}
    paths = endpoints["search, uncached"].paths
    client = Client(HTTP_HOST="localhost")
    for path in paths:
        client.get(f"{path}&_=warm")
    timings = []
    for round_ in range(args.rounds):
        for path in paths:
            started = time.perf_counter()
            response = client.get(f"{path}&_={round_}")
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            timings.append((elapsed, urllib.parse.unquote(path)))
    timings.sort()
    ms = [t for t, _ in timings]
    print(
        f"{len(ms)} searches: p50 {ms[len(ms) // 2]:.0f} ms, "
        f"p95 {ms[int(len(ms) * 0.95)]:.0f} ms, max {ms[-1]:.0f} ms"
    )
    for elapsed, path in timings[-8:]:
        print(f"{elapsed:7.0f} ms  {path}")


if __name__ == "__main__":
    main()
