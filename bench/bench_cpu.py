"""CPU time per request of one endpoint, by process: gunicorn, PostgreSQL, Redis.

``bench/bench_http.py`` says how many requests a second an endpoint serves; this
says where each one's CPU goes, which is what decides that number on a machine
whose cores are all busy. It starts the same gunicorn as ``bench_http`` (the
production settings, two sync workers, Redis as the shared cache) over an
archive ``bench_http`` built, asks every path of the chosen endpoints once, then
drives each with wrk for ``--seconds`` and reads the processes' CPU counters
before and after (``psutil``): user plus system time of the gunicorn workers,
of every PostgreSQL backend and of the Redis server, divided by the requests
served. wrk's own share and the kernel's network work are not counted.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack \\
        .venv/bin/python bench/bench_cpu.py "claim page, uncached" [--claims 1000000]

Two cores serve about 2,000 / (the sum) requests a second: an endpoint at 20 %
of a 2,900 req/s ceiling needs about 3.5 ms in all (docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import sys

import bench_http
import psutil

PORT = 8123


GROUPS = ("gunicorn", "postgres", "redis")


def cpu_seconds(server: psutil.Process) -> dict[tuple[str, int], float]:
    """User plus system CPU seconds of each process a request costs, by (group, pid): the
    server and its workers, every PostgreSQL process, the Redis server."""
    found = [("gunicorn", p) for p in (server, *server.children(recursive=True))]
    for process in psutil.process_iter(["name", "cmdline"]):
        name = process.info["name"] or ""
        if name.startswith("postgres"):
            found.append(("postgres", process))
        elif "redis-server" in " ".join(process.info["cmdline"] or [name]):
            found.append(("redis", process))
    seconds = {}
    for group, process in found:
        try:
            times = process.cpu_times()
        except psutil.Error:  # ended meanwhile
            continue
        seconds[(group, process.pid)] = times.user + times.system
    return seconds


def spent(before: dict, after: dict) -> dict[str, float]:
    """CPU seconds each group spent between two readings. A process that started meanwhile
    (a new database connection) counts in full; one that ended meanwhile is lost, so
    Django's persistent connections keep the figures whole."""
    totals = dict.fromkeys(GROUPS, 0.0)
    for (group, pid), seconds in after.items():
        totals[group] += seconds - before.get((group, pid), 0.0)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("endpoint", help='endpoints whose name holds this ("claim page")')
    parser.add_argument("--claims", type=int, default=1_000_000, help="which bench archive")
    parser.add_argument("--seconds", type=int, default=10, help="wrk's run per endpoint")
    args = parser.parse_args()

    url = bench_http.database_url(
        bench_http.server_conninfo(), bench_http.database_name(args.claims)
    )
    endpoints = [e for e in bench_http.sample_endpoints(url) if args.endpoint in e.name]
    if not endpoints:
        parser.error(f"no endpoint's name holds {args.endpoint!r}")
    log = bench_http.RESULTS / "gunicorn-cpu.log"
    log.parent.mkdir(exist_ok=True)
    with bench_http.Gunicorn(url=url, port=PORT, workers=2, log=log) as server:
        bench_http.warm(PORT, endpoints)
        master = psutil.Process(server.process.pid)
        print("| endpoint | req/s | gunicorn ms | PostgreSQL ms | Redis ms | all ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for endpoint in endpoints:
            before = cpu_seconds(master)
            result = bench_http.wrk(PORT, endpoint, duration=args.seconds, connections=4, threads=1)
            per_request = {
                group: seconds / result["requests"] * 1000
                for group, seconds in spent(before, cpu_seconds(master)).items()
            }
            print(
                f"| {endpoint.name} | {result['rps']:,.0f} | {per_request['gunicorn']:.2f} "
                f"| {per_request['postgres']:.2f} | {per_request['redis']:.2f} "
                f"| {sum(per_request.values()):.2f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
