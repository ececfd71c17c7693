"""What one row costs the search's walk, in archives of different sizes.

A search for a common word finds its thousand most recent matches by walking the
published claims in date order and testing each claim's search document
(``claims.search``: the walk of the first window). For the same word that walk
reads about as many rows in an archive of 10,000 claims as in one of a million:
the word's share of claims sets it, not the archive's size. ``make bench`` still
finds the search slower at a million. This shows where that goes: it runs the
walk's query for the same words in every archive and prints, per archive, the
rows read, the buffers touched and the time per row read.

    .venv/bin/python bench/bench_search_rows.py [--scales 10000,100000,1000000] [--rounds 9]

The archives must exist already (``make bench`` builds them; ``bench_http.ensure_database``
builds one of another size). The words are the lexemes most common among the recent
claims of the largest archive (those the walk reads), asked in rotation as the bench
asks its searches (one word after another, ``--rounds`` times, the archives taking
turns), and each figure is the median of the rounds. Timing is
PostgreSQL's own (``EXPLAIN (ANALYZE, BUFFERS, TIMING OFF)``): no client, no network.
Like every benchmark here, run it on an otherwise quiet machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import sys
from pathlib import Path

import psycopg
from psycopg.conninfo import make_conninfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_http  # beside this file

#: The query of the search's walk (``search._candidate_rows``, through
#: ``search_weeks.unindexed``): the match is a function no index answers, so
#: PostgreSQL walks the published claims' date index and tests each claim it meets.
#: The window's lower bound is left out: the walk stops at its thousandth match
#: well before it. The word is given as the lexeme it is: ``simple`` does not stem it again.
WALK = (
    "EXPLAIN (ANALYZE, BUFFERS, TIMING OFF, FORMAT JSON) "
    "SELECT id, ts_rank(search_vector, plainto_tsquery('simple', %(word)s)) "
    "FROM claims_claim WHERE status = 'published' "
    "AND ts_match_vq(search_vector, plainto_tsquery('simple', %(word)s)) "
    "ORDER BY last_seen DESC NULLS LAST, id LIMIT %(limit)s"
)
#: As many matches as a search ranks (``search.RANK_CANDIDATES``).
LIMIT = 1000
#: The lexemes most common among the recent claims, which the walk reads.
COMMON = (
    "SELECT word FROM ts_stat($$SELECT search_vector FROM claims_claim "
    "WHERE status = 'published' ORDER BY last_seen DESC NULLS LAST LIMIT 20000$$) "
    "WHERE length(word) > 3 AND word NOT LIKE '%% %%' ORDER BY ndoc DESC LIMIT %s"
)


def walk(conn: psycopg.Connection, word: str) -> tuple[int, int, float, int]:
    """Rows read, buffers touched, milliseconds and matches found of one walk for ``word``."""
    (plan,) = conn.execute(WALK, {"word": word, "limit": LIMIT}).fetchone()[0]
    scan = plan["Plan"]["Plans"][0]
    if scan["Node Type"] != "Index Scan":
        raise SystemExit(f"the walk's plan changed: {scan['Node Type']} for {word!r}")
    rows = scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0)
    buffers = scan["Shared Hit Blocks"] + scan["Shared Read Blocks"]
    return rows, buffers, plan["Execution Time"], scan["Actual Rows"]


def measure(urls: dict[int, str], words: list[str], rounds: int) -> dict[int, tuple]:
    """For each archive (``urls`` by size), the claims table's size in MB and each word's
    medians (of :func:`walk`) over ``rounds`` rotations over ``words``.

    The archives take turns, a rotation each, so that the machine's drifting speed
    weighs on all of them alike (as ``bench_http`` interleaves its sizes).
    """
    with contextlib.ExitStack() as stack:
        conns = {
            claims: stack.enter_context(psycopg.connect(make_conninfo(url), autocommit=True))
            for claims, url in urls.items()
        }
        runs = {claims: {word: [] for word in words} for claims in urls}
        sizes = {}
        for claims, conn in conns.items():
            conn.execute("SET max_parallel_workers_per_gather = 0")
            sizes[claims] = conn.execute("SELECT pg_relation_size('claims_claim')").fetchone()[0]
            for word in words:  # one rotation unmeasured: the rows into the server's buffers
                walk(conn, word)
        for _ in range(rounds):
            for claims, conn in conns.items():
                for word in words:
                    runs[claims][word].append(walk(conn, word))
    return {
        claims: (
            sizes[claims] / 1024**2,
            {
                word: [statistics.median(run[i] for run in word_runs) for i in range(4)]
                for word, word_runs in runs[claims].items()
            },
        )
        for claims in urls
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="10000,100000,1000000")
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--words", type=int, default=25)
    args = parser.parse_args()

    conninfo = bench_http.server_conninfo()
    scales = sorted(int(s) for s in args.scales.split(","))
    urls = {}
    for claims in scales:
        if bench_http.claim_count(conninfo, bench_http.database_name(claims)) is None:
            raise SystemExit(f"no archive of {claims:,} claims: build it first (make bench)")
        urls[claims] = bench_http.database_url(conninfo, bench_http.database_name(claims))
    with psycopg.connect(make_conninfo(urls[scales[-1]])) as conn:
        words = [word for (word,) in conn.execute(COMMON, [args.words])]

    results = measure(urls, words, args.rounds)
    # Only words the search would walk at every size: those whose walk finds its thousand.
    walked = [w for w in words if all(r[w][3] >= LIMIT for _, r in results.values())]
    if not walked:
        raise SystemExit(f"no word's walk found {LIMIT:,} matches in every archive")
    print("| claims | table | rows read a search | buffers | ms a search | µs a row |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for claims, (size, medians) in results.items():
        rows = sum(medians[w][0] for w in walked)
        buffers = sum(medians[w][1] for w in walked)
        ms = sum(medians[w][2] for w in walked)
        print(
            f"| {claims:,} | {size:,.0f} MB | {rows / len(walked):,.0f} "
            f"| {buffers / len(walked):,.0f} | {ms / len(walked):.2f} "
            f"| {ms * 1000 / rows:.2f} |"
        )
    print(
        f"\n{len(walked)} of the {len(words)} most common words (those whose walk finds "
        f"{LIMIT:,} matches at every size), the median of {args.rounds} rounds each."
    )
    bench_http.RESULTS.mkdir(exist_ok=True)
    (bench_http.RESULTS / "search-rows.json").write_text(
        json.dumps({claims: medians for claims, (_, medians) in results.items()}, indent=1)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
