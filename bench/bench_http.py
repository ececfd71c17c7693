"""Throughput and latency of every public page and API endpoint, at two archive sizes.

For each size (``--scales``, 10,000 and 1,000,000 claims by default) this builds
a database of its own once (``claimtrack_bench_<claims>`` on the configured
server: ``DATABASE_URL``, or the embedded one), migrated, with the seed corpus
and ``manage.py generate_synthetic --claims N`` on top, and keeps it for later
runs. It then starts one gunicorn per size with the production settings
(``--workers`` sync workers each, the JSON request log on, as served) and drives
them with wrk from loopback: a trivial view (``/livez``, the stack's ceiling), the
home page, the claim list, claim, actor and source pages, a search, an API list
and an API detail. Pages are measured twice: as readers mostly get them (from the
page cache, after a warm-up) and built on every request (a unique query parameter
defeats the cache). Each endpoint rotates over many paths sampled from the
archive (claims, actors and sources in proportion to their statements, search
words from the most common lexemes and from random claims), and every row is
the median of ``--runs`` runs taken in rotation, so that a noisy moment does not
land on one endpoint. The sizes are interleaved: each run of an endpoint at one
size is followed by the same at the next, seconds apart, so that the machine's
drifting speed weighs on both alike, and the growth table's ratio is the median
of the runs' own ratios. Before the runs every cached path is asked for once (the
page cache and actors' scorecards filled, as readers leave them), and the cache
is Redis (``BENCH_REDIS_URL``, default 127.0.0.1:6379), shared by the workers as
in a deployment. Four connections for two workers: enough to keep both busy,
few enough that latency is the page's, not a queue's.

    .venv/bin/python bench/bench_http.py [--scales 10000,1000000] [--duration 10] [--runs 3]
    .venv/bin/python bench/bench_http.py --only search   # one row (and the ceiling)

``make bench`` runs exactly that. Results go to stdout as Markdown (the tables of
docs/PERFORMANCE.md) and to ``bench/results/http-<claims>.json``. Run it on an
otherwise quiet machine: wrk and gunicorn share its cores.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WRK_SCRIPT = Path(__file__).with_name("wrk_paths.lua")
RESULTS = Path(__file__).with_name("results")


@dataclass(frozen=True)
class Endpoint:
    name: str
    paths: list[str]
    bust: bool = False  # a unique query parameter per request: no page-cache hits


# --------------------------------------------------------------------------- databases


def server_conninfo() -> str:
    """libpq conninfo of the configured server (DATABASE_URL, or the embedded one)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        url = subprocess.check_output(
            [PYTHON, "-m", "claimtrack.embedded_db", "url"], cwd=ROOT, text=True
        ).strip()
    return make_conninfo(url)


def database_url(conninfo: str, name: str) -> str:
    """A postgres:// URL for database ``name`` on the server of ``conninfo``."""
    parts = conninfo_to_dict(conninfo)
    host = parts.get("host", "")
    port = parts.get("port", "5432")
    user = parts.get("user", "postgres")
    if host.startswith("/"):
        return f"postgres://{user}@/{name}?host={host}&port={port}"
    return f"postgres://{user}@{host}:{port}/{name}"


def claim_count(conninfo: str, name: str) -> int | None:
    """Claims in database ``name``; None when it or its tables do not exist."""
    with psycopg.connect(conninfo, dbname="postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return None
    try:
        with psycopg.connect(conninfo, dbname=name) as conn:
            return conn.execute("SELECT count(*) FROM claims_claim").fetchone()[0]
    except psycopg.errors.UndefinedTable:
        return None


def database_name(claims: int) -> str:
    return f"claimtrack_bench_{claims}"


def ensure_database(conninfo: str, claims: int) -> str:
    """The URL of a database holding the seeds plus ``claims`` synthetic claims, built once."""
    name = database_name(claims)
    url = database_url(conninfo, name)
    existing = claim_count(conninfo, name)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "claimtrack.settings.dev"}
    if existing is not None and existing >= claims:
        # Built by older code: its schema brought up to date (nothing to do, usually).
        subprocess.run(
            [PYTHON, "manage.py", "migrate", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        print(f"# {name}: {existing:,} claims, reused", file=sys.stderr)
        return url
    with psycopg.connect(conninfo, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    started = time.monotonic()
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["load_seed_data"],
        ["generate_synthetic", "--claims", str(claims)],
    ):
        subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)
    print(f"# {name}: built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    return url


def sample_endpoints(url: str, *, seed: int = 1) -> list[Endpoint]:
    """The endpoints to measure, with paths sampled from the archive at ``url``."""
    rng = random.Random(seed)
    with psycopg.connect(make_conninfo(url)) as conn:
        conn.execute("SELECT setseed(%s)", [seed / 10])

        def column(sql: str) -> list[str]:
            return [row[0] for row in conn.execute(sql)]

        published = "c.status = 'published'"
        claims = column(
            f"SELECT c.slug FROM claims_claim c WHERE {published} ORDER BY random() LIMIT 300"
        )
        # Readers visit the prolific more: sample actors and sources through statements.
        actors = column(
            "SELECT a.slug FROM claims_statement s "
            "JOIN claims_actor a ON a.id = s.actor_id JOIN claims_claim c ON c.id = s.claim_id "
            f"WHERE {published} ORDER BY random() LIMIT 100"
        )
        sources = column(
            "SELECT o.slug FROM claims_statement s "
            "JOIN claims_source o ON o.id = s.source_id JOIN claims_claim c ON c.id = s.claim_id "
            f"WHERE {published} ORDER BY random() LIMIT 100"
        )
        common = column(
            "SELECT word FROM ts_stat($$SELECT search_vector FROM claims_claim "
            "ORDER BY random() LIMIT 20000$$) WHERE length(word) > 3 AND word NOT LIKE '% %' "
            "ORDER BY ndoc DESC LIMIT 25"
        )
        texts = column(
            f"SELECT c.text FROM claims_claim c WHERE {published} ORDER BY random() LIMIT 100"
        )
    words = [w.strip(".,;:!?\"'()").lower() for text in texts for w in text.split()]
    words = [w for w in words if len(w) > 4 and w.isalpha()]
    searches = [*common]
    for _ in range(len(common)):
        searches.append(" ".join(rng.sample(words, 2)))
        searches.append(rng.choice(words))
    rng.shuffle(searches)
    search_paths = [f"/claims/?q={urllib.request.quote(q)}" for q in searches]

    claim_pages = [f"/claims/{slug}/" for slug in claims]
    actor_pages = [f"/actors/{slug}/" for slug in actors]
    source_pages = [f"/sources/{slug}/" for slug in sources]
    lists = ["/claims/", "/claims/?page=2", "/claims/?page=3"]
    api_lists = ["/api/v1/claims/", "/api/v1/claims/?page=2"]
    api_details = [f"/api/v1/claims/{slug}/" for slug in claims]
    return [
        Endpoint("trivial view (ceiling)", ["/livez"]),
        Endpoint("home, cached", ["/"]),
        Endpoint("home, uncached", ["/"], bust=True),
        Endpoint("claim list, cached", lists),
        Endpoint("claim list, uncached", lists, bust=True),
        Endpoint("claim page, cached", claim_pages),
        Endpoint("claim page, uncached", claim_pages, bust=True),
        Endpoint("actor page, cached", actor_pages),
        Endpoint("actor page, uncached", actor_pages, bust=True),
        Endpoint("source page, cached", source_pages),
        Endpoint("source page, uncached", source_pages, bust=True),
        Endpoint("search, uncached", search_paths, bust=True),
        Endpoint("API list, cached", api_lists),
        Endpoint("API list, uncached", api_lists, bust=True),
        Endpoint("API detail, cached", api_details),
        Endpoint("API detail, uncached", api_details, bust=True),
    ]


# --------------------------------------------------------------------------- serving


class Gunicorn:
    """The production stack on loopback, as ``make serve`` runs it."""

    def __init__(self, *, url: str, port: int, workers: int, log: Path):
        self.port = port
        secret = "bench-" + "x" * 60  # a throwaway key for a loopback-only server
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "claimtrack.settings.production",
            "DATABASE_URL": url,
            "SECRET_KEY": secret,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(workers),
            "GUNICORN_THREADS": "1",
            # One client on loopback: the per-address and per-user limits would answer 429s.
            "API_THROTTLE_ANON": "1000000/second",
            "API_THROTTLE_USER": "1000000/second",
            # Recycling mid-run would measure worker start-up, not pages.
            "GUNICORN_MAX_REQUESTS": "0",
            # As deployed with several workers: one shared cache (pages, scorecards), here
            # under a prefix of this run's own so that no earlier run's pages are served.
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "CACHE_KEY_PREFIX": f"bench-{port}-{time.time_ns()}",
        }
        self.log = log

    def __enter__(self) -> Gunicorn:
        subprocess.run(
            [PYTHON, "manage.py", "collectstatic", "--no-input", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            check=True,
        )
        self.process = subprocess.Popen(
            [
                str(Path(PYTHON).with_name("gunicorn")),
                "claimtrack.wsgi",
                "-c",
                "claimtrack/gunicorn.conf.py",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/livez", timeout=2):
                    return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def wrk(port: int, endpoint: Endpoint, *, duration: int, connections: int, threads: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as paths:
        paths.write("\n".join(endpoint.paths) + "\n")
    try:
        output = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{duration}s",
                "--timeout",
                "10s",
                "-s",
                str(WRK_SCRIPT),
                f"http://127.0.0.1:{port}",
            ],
            env={
                **os.environ,
                "PATHS_FILE": paths.name,
                "BUST": "1" if endpoint.bust else "0",
                # Never a URL an earlier run asked for (and the cache still holds).
                "RUN": uuid.uuid4().hex[:12],
            },
            capture_output=True,
            text=True,
        )
    finally:
        os.unlink(paths.name)
    if output.returncode != 0:
        raise RuntimeError(f"wrk failed on {endpoint.name}: {output.stdout}{output.stderr}")
    result = json.loads(output.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def warm(port: int, endpoints: list[Endpoint]) -> None:
    """Ask for every path once, one at a time, before measuring.

    Fills the page cache and the actors' scorecards as readers would have, and
    leaves their one-off cost (a prolific actor's scorecard takes seconds at a
    million claims, then stays cached until a write touches it) out of the runs.
    The uncached endpoints' paths are asked too, with a parameter of their own:
    their rows are then in PostgreSQL's memory, as a page read before is, so the
    first of the three runs does not measure reading them from disk (at a million
    claims it measured half the throughput of the third).
    """
    started = time.monotonic()
    for endpoint in endpoints:
        for path in endpoint.paths:
            if endpoint.bust:
                path += ("&" if "?" in path else "?") + "nocache=warm"
            url = f"http://127.0.0.1:{port}{path}"
            with urllib.request.urlopen(url, timeout=120) as response:
                response.read()
    print(f"# warmed the caches in {time.monotonic() - started:.0f} s", file=sys.stderr)


def median_run(runs: list[dict]) -> dict:
    """Per figure, the median of the runs (throughput and each percentile separately)."""
    keys = ("rps", "p50_us", "p95_us", "p99_us")
    merged = {key: statistics.median(run[key] for run in runs) for key in keys}
    merged["errors"] = sum(run["status_errors"] + run["socket_errors"] for run in runs)
    merged["runs"] = runs
    return merged


def measure(urls: dict[int, str], args) -> dict[int, dict[str, dict]]:
    """Every endpoint at every size, one gunicorn per size, the sizes interleaved.

    Each wrk run of an endpoint at one size is followed by the same endpoint at the
    next size, seconds later. This machine's speed drifts by half within minutes;
    measured one size after the other, a slow spell landing on one half made its
    ratios meaningless (docs/PERFORMANCE.md, seventh and eighth sessions).
    """
    RESULTS.mkdir(exist_ok=True)
    endpoints: dict[int, list[Endpoint]] = {}
    for claims, url in urls.items():
        endpoints[claims] = sample_endpoints(url)
        if args.only:
            # The ceiling stays: every row is read as a share of it.
            endpoints[claims] = [
                e for e in endpoints[claims] if e is endpoints[claims][0] or args.only in e.name
            ]
    ports = {claims: args.port + index for index, claims in enumerate(urls)}
    results = {claims: {e.name: [] for e in endpoints[claims]} for claims in urls}
    run = {"duration": 2, "connections": args.connections, "threads": args.threads}
    with contextlib.ExitStack() as servers:
        for claims, url in urls.items():
            log = RESULTS / f"gunicorn-{claims}.log"
            servers.enter_context(
                Gunicorn(url=url, port=ports[claims], workers=args.workers, log=log)
            )
            warm(ports[claims], endpoints[claims])
            for endpoint in endpoints[claims]:  # imports, connections, PostgreSQL's buffers
                wrk(ports[claims], endpoint, **run)
        run["duration"] = args.duration
        for round_number in range(args.runs):
            for index in range(len(endpoints[next(iter(urls))])):
                for claims in urls:
                    endpoint = endpoints[claims][index]
                    results[claims][endpoint.name].append(wrk(ports[claims], endpoint, **run))
                print(f"# run {round_number + 1}: {endpoint.name}", file=sys.stderr)
    return {
        claims: {name: median_run(runs) for name, runs in by_name.items()}
        for claims, by_name in results.items()
    }


# --------------------------------------------------------------------------- report


def table(claims: int, results: dict[str, dict]) -> str:
    ceiling = results["trivial view (ceiling)"]["rps"]
    lines = [
        f"#### {claims:,} claims",
        "",
        "| endpoint | req/s | of ceiling | p50 ms | p95 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['rps']:,.0f} | {r['rps'] / ceiling:.0%} | {r['p50_us'] / 1000:.1f} "
            f"| {r['p95_us'] / 1000:.1f} | {r['p99_us'] / 1000:.1f} | {r['errors']} |"
        )
    return "\n".join(lines)


def growth_table(small: int, large: int, by_scale: dict[int, dict]) -> str:
    """p50 at each size, and their ratio: the median over the runs of each run's ratio
    (the two sizes' runs of a round were taken seconds apart, on the same machine mood)."""
    lines = [
        f"#### {large:,} against {small:,} claims (p50 latency)",
        "",
        f"| endpoint | p50 at {small:,} | p50 at {large:,} | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, r in by_scale[large].items():
        before = by_scale[small][name]
        ratio = statistics.median(
            a["p50_us"] / b["p50_us"] for a, b in zip(r["runs"], before["runs"], strict=True)
        )
        lines.append(
            f"| {name} | {before['p50_us'] / 1000:.1f} ms | {r['p50_us'] / 1000:.1f} ms "
            f"| {ratio:.2f}x |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,1000000", help="claims per archive")
    parser.add_argument("--duration", type=int, default=5, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--connections",
        type=int,
        default=4,
        help="wrk connections: two per worker keeps them busy without measuring a queue",
    )
    parser.add_argument("--threads", type=int, default=1, help="wrk threads")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--port", type=int, default=8100)
    parser.add_argument(
        "--only", default="", help='measure only the endpoints whose name holds this ("search")'
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is not installed: apt-get install wrk", file=sys.stderr)
        return 2

    conninfo = server_conninfo()
    urls = {int(n): ensure_database(conninfo, int(n)) for n in args.scales.split(",")}
    by_scale = measure(urls, args)
    for claims, results in by_scale.items():
        name = f"http-{claims}-{args.only}" if args.only else f"http-{claims}"
        (RESULTS / f"{name}.json").write_text(json.dumps(results, indent=1))
        print(table(claims, results) + "\n", flush=True)
    scales = sorted(by_scale)
    if len(scales) > 1:
        print(growth_table(scales[0], scales[-1], by_scale))
    print(
        f"\n{args.workers} sync gunicorn workers; wrk -t{args.threads} -c{args.connections} "
        f"-d{args.duration}s, median of {args.runs} runs.",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
