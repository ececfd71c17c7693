"""The 60-second mixed read/write load test, set up and run in one command.

Copies the 10,000-claim benchmark archive (``bench/bench_http.py`` builds it) to
a scratch database, starts the production stack on it (gunicorn, 2 sync
workers, as ``bench_http.py`` does), gives the demo editor an API token, and
runs ``bench/load_test.py`` against it: 64 connections for 60 s, one request in
ten an editor's write, then the checks (no 5xx, no failed write, every
acknowledged write present). Exits with the load test's status.

    .venv/bin/python bench/bench_load.py [--duration 60] [--connections 64]

``make loadtest`` runs exactly that. The scratch database is dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_http  # the benchmark's own helpers, beside this file
import load_test

SCRATCH = "claimtrack_load_test"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--claims", type=int, default=10_000, help="size of the archive copied")
    parser.add_argument("--port", type=int, default=8101)
    args = parser.parse_args()

    conninfo = bench_http.server_conninfo()
    bench_http.ensure_database(conninfo, args.claims)
    template_name = bench_http.database_name(args.claims)
    with psycopg.connect(conninfo, dbname="postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}"')
        conn.execute(f'CREATE DATABASE "{SCRATCH}" TEMPLATE "{template_name}"')
    url = bench_http.database_url(conninfo, SCRATCH)
    try:
        env = {**os.environ, "DATABASE_URL": url}
        manage = [bench_http.PYTHON, "manage.py"]
        subprocess.run([*manage, "ensure_demo_editor"], cwd=bench_http.ROOT, env=env, check=True)
        token = subprocess.run(
            [*manage, "drf_create_token", "editor"],
            cwd=bench_http.ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()[2]
        log = bench_http.RESULTS / "gunicorn-load.log"
        bench_http.RESULTS.mkdir(exist_ok=True)
        with bench_http.Gunicorn(url=url, port=args.port, workers=2, log=log):
            return load_test.main(
                [
                    f"--url=http://127.0.0.1:{args.port}",
                    f"--duration={args.duration}",
                    f"--connections={args.connections}",
                    f"--token={token}",
                ]
            )
    finally:
        with psycopg.connect(conninfo, dbname="postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{SCRATCH}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
