"""Time ``manage.py import_claimreview`` on a synthetic feed of 100,000 ClaimReview records.

The feed is made up here, deterministically (``--seed``), with the variety of a real
aggregator feed: 60 fact-checkers, a claimant for every five records (half with a
sameAs), one or two appearances per record with a fifth of them shared (viral posts),
one claim in ten checked by a second fact-checker (other capitals), ratings as words
in several languages, as numbers, or neither ours ("Satire"), four languages, and a
sprinkling of records that must be refused (no URL, an ambiguous date).

It runs in a database of its own, created from the configured one (``DATABASE_URL``,
or the embedded server) under the name ``bench_claimreview`` and dropped at the end,
so it never touches real data. The feed is written to a temporary file and imported
by the command, as a desk would (JSON parsing included), twice: the first run
creates everything, the second finds every record unchanged.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/claimtrack \\
        .venv/bin/python bench/bench_claimreview_import.py [--records 100000] [--batch-size N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings.test")

RATINGS = [
    {"alternateName": "False", "ratingValue": 1, "bestRating": 5, "worstRating": 1},
    {"alternateName": "Mostly false"},
    {"alternateName": "Half true", "ratingValue": 3},
    {"alternateName": "Mostly True"},
    {"alternateName": "True", "ratingValue": 5, "bestRating": 5, "worstRating": 1},
    {"alternateName": "Misleading"},
    {"alternateName": "Unproven"},
    {"alternateName": "Falso"},
    {"alternateName": "Pants on Fire!", "ratingValue": 0, "bestRating": 5, "worstRating": 0},
    {"alternateName": "Trompeur"},
    {"ratingValue": 7, "bestRating": 10, "worstRating": 0},
    {"alternateName": "Satire"},
]
LANGUAGES = ["en", "es", "fr", "ru"]


def synthetic_feed(records: int, *, seed: int = 7) -> dict:
    """A schema.org DataFeed of ``records`` ClaimReview items (see the module docstring)."""
    rng = random.Random(seed)  # a reproducible feed, not a secret
    items = []
    for n in range(records):
        speaker = n // 5
        checker = rng.randrange(60)
        if n % 10 == 9:  # the claim of the record before, by another fact-checker
            claim_text = items[-1]["claimReviewed"].upper()
        else:
            claim_text = f"Claim {n}: the {rng.choice(['moon', 'vote', 'vaccine', 'budget'])} "
            claim_text += f"figure {rng.randrange(10**6)} was {rng.choice(['faked', 'doubled'])}"
        appearances = []
        for k in range(rng.choice((1, 1, 2))):
            shared = rng.random() < 0.2
            url = (
                f"https://social.example.com/viral/{rng.randrange(records // 20 + 1)}"
                if shared
                else f"https://social.example.com/posts/{n}-{k}"
            )
            appearances.append(
                {
                    "@type": "CreativeWork",
                    "url": url,
                    "headline": f"Post {url.rsplit('/', 1)[-1]}",
                    "datePublished": f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}",
                }
            )
        author = {"@type": "Person", "name": f"Speaker Number {speaker}"}
        if speaker % 2:
            author["sameAs"] = f"https://www.wikidata.org/wiki/Q{1000000 + speaker}"
        item = {
            "@type": "ClaimReview",
            "url": f"https://checker{checker}.example.org/fact-checks/{n}",
            "claimReviewed": claim_text,
            "author": {
                "@type": "Organization",
                "name": f"Checker {checker}",
                "url": f"https://checker{checker}.example.org/",
            },
            "datePublished": f"2022-{1 + n % 12:02d}-{1 + (n * 7) % 28:02d}T10:00:00Z",
            "headline": f"Fact check {n}",
            "reviewRating": {"@type": "Rating", **rng.choice(RATINGS)},
            "inLanguage": rng.choice(LANGUAGES),
            "itemReviewed": {
                "@type": "Claim",
                "author": author,
                "datePublished": "2022-01-15",
                "appearance": appearances,
            },
        }
        if n % 997 == 0:
            del item["url"]  # refused: missing url
        elif n % 991 == 0:
            item["datePublished"] = "03/04/2022"  # refused: ambiguous date
        items.append(item)
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, help="default: the command's")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--scratch-name",
        default="bench_claimreview",
        help="Name of the throw-away database (change it when two benchmarks share a server).",
    )
    args = parser.parse_args()

    import django
    from django.conf import settings

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_databases, teardown_databases

    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = args.scratch_name
    names = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        started = time.perf_counter()
        feed = synthetic_feed(args.records, seed=args.seed)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as stream:
            json.dump(feed, stream, ensure_ascii=False)
            path = stream.name
        size = Path(path).stat().st_size
        del feed
        print(
            f"feed: {args.records:,} records, {size / 1e6:.0f} MB "
            f"(made in {time.perf_counter() - started:.1f} s)"
        )
        for run in ("first import (everything new)", "second import (all unchanged)"):
            out = io.StringIO()
            started = time.perf_counter()
            sizing = {"batch_size": args.batch_size} if args.batch_size else {}
            call_command("import_claimreview", path, **sizing, stdout=out, verbosity=1)
            elapsed = time.perf_counter() - started
            summary = [line for line in out.getvalue().splitlines() if "imported," in line]
            print(f"{run}: {elapsed:.1f} s, {args.records / elapsed:,.0f} records/s")
            print(f"    {summary[0] if summary else out.getvalue().strip()[-200:]}")
        os.unlink(path)
    finally:
        teardown_databases(names, verbosity=0)


if __name__ == "__main__":
    main()
