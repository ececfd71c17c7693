"""Measure statement extraction and claim matching against the curated statements.

The gold set is what editors recorded: every statement of the chosen sources
(by default, every source that has statements: the five seed articles after
``load_seed_data``). For attribution, a statement by the source's own
publisher (the outlet speaking in its own voice, e.g. the AP's "Russia has
massed some 100,000 troops") is left out: nobody is quoted there. The seed
statements annotate *claims*, not every attribution, so precision is also
reported against a completed gold set: the statements plus the attributions
listed in ``fixtures/extraction/seed_attributions_extra.json``.

Matching is scored leave-one-source-out: each statement's quote is matched
with the statements of its own source hidden, as if the article had just
arrived, and the rank of its claim is recorded. Nothing is written.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from claims.domain import anchoring, attribution, evaluation
from claims.extraction import actor_resolver
from claims.matching import claim_match_candidates
from claims.models import Actor, Source, Statement

DEFAULT_EXTRA = Path(settings.BASE_DIR) / "fixtures" / "extraction" / "seed_attributions_extra.json"


def publisher_actor_id(source: Source) -> int | None:
    """The actor standing for the source's publisher, if known ("HNGN (Headlines
    & Global News)" is tried whole, without the brackets, and as the bracketed name)."""
    names = [source.publisher, re.sub(r"\s*\(.*\)", "", source.publisher)]
    names += re.findall(r"\((.*?)\)", source.publisher)
    for name in filter(None, (n.strip() for n in names)):
        found = list(Actor.objects.named(name).values_list("pk", flat=True)[:2])
        if len(found) == 1:
            return found[0]
    return None


def gold_items(sources, *, extra: Path | None) -> tuple[list, list, list[str]]:
    """(claim-statement gold, completed gold, warnings)."""
    statement_gold, warnings = [], []
    publishers = {s.pk: publisher_actor_id(s) for s in sources}
    for st in Statement.objects.filter(source__in=sources):
        if st.actor_id == publishers[st.source_id]:
            continue
        statement_gold.append(
            evaluation.Item(str(st.source_id), st.start, st.end, f"actor:{st.actor_id}", st.stance)
        )
    completed = list(statement_gold)
    if extra and extra.exists():
        by_slug = {s.slug: s for s in sources}
        slugs = dict(Actor.objects.values_list("slug", "pk"))
        for entry in json.loads(extra.read_text(encoding="utf-8"))["attributions"]:
            source = by_slug.get(entry["source"])
            if source is None:
                continue
            try:
                anchor = anchoring.locate(source.text, entry["exact"])
            except anchoring.AnchoringError as error:
                warnings.append(f"{entry['source']}: {error}")
                continue
            if entry.get("actor"):
                if entry["actor"] not in slugs:
                    warnings.append(f"{entry['source']}: unknown actor {entry['actor']}")
                    continue
                speaker = f"actor:{slugs[entry['actor']]}"
            else:
                speaker = f"name:{attribution.fold(entry['name'])}"
            completed.append(
                evaluation.Item(str(source.pk), anchor.start, anchor.end, speaker, entry["stance"])
            )
    return statement_gold, completed, warnings


def evaluate(sources, *, extra: Path | None = DEFAULT_EXTRA) -> dict:
    """Every figure the command prints, as a dict."""
    sources = list(sources)
    statement_gold, completed, warnings = gold_items(sources, extra=extra)
    resolve = actor_resolver()
    proposed = []
    started = time.perf_counter()
    for source in sources:
        for a in attribution.extract(source.text, resolve).attributions:
            proposed.append(
                evaluation.Item(str(source.pk), a.start, a.end, a.speaker.key, a.stance)
            )
    extraction_seconds = time.perf_counter() - started
    ranked = []
    for st in Statement.objects.filter(source__in=sources).order_by("pk"):
        matches = claim_match_candidates(text=st.exact, limit=5, exclude_sources=[st.source_id])
        ranked.append((st.claim_id, [m.claim.pk for m in matches]))
    return {
        "sources": [s.slug for s in sources],
        "attribution": {
            "statements": {
                k: v.as_dict()
                for k, v in evaluation.attribution_scores(proposed, statement_gold).items()
            },
            "completed": {
                k: v.as_dict()
                for k, v in evaluation.attribution_scores(proposed, completed).items()
            },
        },
        "matching": evaluation.matching_scores(ranked).as_dict(),
        "extraction_seconds": round(extraction_seconds, 3),
        "warnings": warnings,
    }


class Command(BaseCommand):
    help = (
        "Score statement extraction (speaker, span, stance: precision and recall) and claim "
        "matching (recall@1, recall@5) against the curated statements of the sources."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", action="append", default=[], help="Slug of a source (repeatable)."
        )
        parser.add_argument(
            "--extra",
            default=str(DEFAULT_EXTRA),
            help="JSON file of attributions without a tracked claim (see the module docstring).",
        )
        parser.add_argument(
            "--no-extra", action="store_true", help="Score against statements only."
        )
        parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")

    def handle(self, *args, source, extra, no_extra, json: bool, verbosity, **options):
        sources = Source.objects.filter(statements__isnull=False).distinct().order_by("pk")
        if source:
            sources = Source.objects.filter(slug__in=source).order_by("pk")
            missing = set(source) - set(sources.values_list("slug", flat=True))
            if missing:
                raise CommandError(f"No source with slug: {', '.join(sorted(missing))}.")
        if not sources.exists():
            self.stdout.write("Nothing to do: no source has curated statements (load_seed_data?).")
            return
        result = evaluate(sources, extra=None if no_extra else Path(extra))
        if json:
            self.stdout.write(_dumps(result))
            return
        for warning in result["warnings"]:
            self.stderr.write(self.style.WARNING(warning))
        self.stdout.write(f"Sources: {len(result['sources'])}")
        for label, title in (
            ("statements", "Attribution vs curated statements (claim-bearing only)"),
            ("completed", "Attribution vs completed gold (statements + other attributions)"),
        ):
            self.stdout.write(title)
            for name, s in result["attribution"][label].items():
                self.stdout.write(
                    f"  {name:<8} precision {s['precision']:.3f}  recall {s['recall']:.3f}  "
                    f"F1 {s['f1']:.3f}  ({s['proposed_correct']}/{s['proposed']} proposed, "
                    f"{s['gold_found']}/{s['gold']} gold)"
                )
        m = result["matching"]
        self.stdout.write(
            f"Claim matching ({m['queries']} quotes, leave-one-source-out): "
            f"recall@1 {m['recall@1']:.3f}  recall@5 {m['recall@5']:.3f}  MRR {m['mrr']:.3f}"
        )
        self.stdout.write(f"Extraction time: {result['extraction_seconds']:.3f} s")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
