"""Time the attribution extractor (claims.domain.attribution) on a 5,000-word article.

No database and no Django: the article is the five seed articles (their texts
in fixtures/seed.json) one after another, repeated until it reaches the word
count, and actors are resolved from the seed's names and aliases
through a plain mapping. Prints the median and worst of several runs.

    .venv/bin/python bench/bench_attribution.py [--words 5000] [--runs 7]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from claims.domain.attribution import ActorRef, extract  # noqa: E402


def seed_corpus() -> tuple[list[str], dict[str, ActorRef]]:
    rows = json.loads((ROOT / "fixtures" / "seed.json").read_text(encoding="utf-8"))
    actors = {r["pk"]: r["fields"] for r in rows if r["model"] == "claims.actor"}
    names = {f["name"]: ActorRef(pk, f["name"], f["kind"] == "person") for pk, f in actors.items()}
    for r in rows:
        if r["model"] == "claims.actoralias":
            pk = r["fields"]["actor"]
            names[r["fields"]["name"]] = ActorRef(
                pk, actors[pk]["name"], actors[pk]["kind"] == "person"
            )
    texts = [r["fields"]["text"] for r in rows if r["model"] == "claims.source"]
    return texts, names


def article(words: int) -> str:
    texts, _ = seed_corpus()
    paragraphs, count, i = [], 0, 0
    while count < words:
        text = texts[i % len(texts)]
        paragraphs.append(text)
        count += len(text.split())
        i += 1
    return "\n".join(paragraphs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    _, names = seed_corpus()
    text = article(args.words)
    extract(text, names)  # warm up: compile the regular expressions
    timings, found = [], 0
    for _ in range(args.runs):
        started = time.perf_counter()
        found = len(extract(text, names).attributions)
        timings.append(time.perf_counter() - started)
    print(
        f"attribution: {len(text.split())} words, {found} attributions; "
        f"median {statistics.median(timings) * 1000:.0f} ms, "
        f"worst {max(timings) * 1000:.0f} ms over {args.runs} runs"
    )


if __name__ == "__main__":
    main()
