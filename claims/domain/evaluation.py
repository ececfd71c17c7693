"""Scoring extraction and matching against a hand-annotated gold set.

Pure functions over plain tuples, so the arithmetic is tested without the
database; ``manage.py evaluate_extraction`` gathers the gold set and the
predictions and prints what these return.

Definitions (the same ones ``docs/EXTRACTION.md`` reports):

- two spans *overlap* when their intersection covers at least half of the
  shorter one (a quote cut differently, or a paraphrase with or without its
  subject, still counts; a neighbouring clause does not);
- *span* precision is the share of proposed spans that overlap a gold span,
  recall the share of gold spans overlapped by a proposal;
- *speaker* precision and recall count (speaker, span) pairs: right speaker and
  overlapping span; *stance* adds the stance to the pair;
- the speaker is the same when the actor ids agree, or, for a gold speaker who
  is not a known actor, when the proposed new actor's name folds alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Minimum share of the shorter span two spans must share to count as one.
OVERLAP = 0.5


@dataclass(frozen=True)
class Item:
    """One attribution, gold or proposed, reduced to what is scored."""

    doc: str
    start: int
    end: int
    speaker: str  # "actor:<id>" or "name:<folded name>"
    stance: str


@dataclass(frozen=True)
class PR:
    precision: float
    recall: float
    proposed: int
    gold: int
    proposed_correct: int
    gold_found: int

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else round(2 * p * r / (p + r), 3)

    def as_dict(self) -> dict:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "proposed": self.proposed,
            "gold": self.gold,
            "proposed_correct": self.proposed_correct,
            "gold_found": self.gold_found,
        }


def overlaps(a: Item, b: Item, *, threshold: float = OVERLAP) -> bool:
    if a.doc != b.doc:
        return False
    shared = min(a.end, b.end) - max(a.start, b.start)
    shorter = min(a.end - a.start, b.end - b.start)
    return shorter > 0 and shared / shorter >= threshold


def _ratio(numerator: int, denominator: int) -> float:
    return round(numerator / denominator, 3) if denominator else 0.0


def _score(proposed: Sequence[Item], gold: Sequence[Item], same) -> PR:
    proposed_correct = sum(1 for p in proposed if any(same(p, g) for g in gold))
    gold_found = sum(1 for g in gold if any(same(p, g) for p in proposed))
    return PR(
        precision=_ratio(proposed_correct, len(proposed)),
        recall=_ratio(gold_found, len(gold)),
        proposed=len(proposed),
        gold=len(gold),
        proposed_correct=proposed_correct,
        gold_found=gold_found,
    )


def _unique(items: Iterable[Item], key) -> list[Item]:
    seen: dict = {}
    for item in items:
        seen.setdefault(key(item), item)
    return list(seen.values())


def attribution_scores(proposed: Iterable[Item], gold: Iterable[Item]) -> dict[str, PR]:
    """Span, speaker and stance precision/recall (see the module docstring)."""
    proposed, gold = list(proposed), list(gold)
    spans = lambda items: _unique(items, lambda i: (i.doc, i.start, i.end))  # noqa: E731
    pairs = lambda items: _unique(items, lambda i: (i.doc, i.start, i.end, i.speaker))  # noqa: E731
    triples = lambda items: _unique(  # noqa: E731
        items, lambda i: (i.doc, i.start, i.end, i.speaker, i.stance)
    )
    return {
        "span": _score(spans(proposed), spans(gold), overlaps),
        "speaker": _score(
            pairs(proposed), pairs(gold), lambda p, g: p.speaker == g.speaker and overlaps(p, g)
        ),
        "stance": _score(
            triples(proposed),
            triples(gold),
            lambda p, g: p.speaker == g.speaker and p.stance == g.stance and overlaps(p, g),
        ),
    }


@dataclass(frozen=True)
class MatchingScores:
    queries: int
    recall_at_1: float
    recall_at_5: float
    mrr: float

    def as_dict(self) -> dict:
        return {
            "queries": self.queries,
            "recall@1": self.recall_at_1,
            "recall@5": self.recall_at_5,
            "mrr": self.mrr,
        }


def matching_scores(results: Iterable[tuple[object, Sequence[object]]]) -> MatchingScores:
    """Recall@1, recall@5 and mean reciprocal rank of ``(gold, ranked ids)`` pairs."""
    results = list(results)
    at1 = sum(1 for gold, ranked in results if list(ranked[:1]) == [gold])
    at5 = sum(1 for gold, ranked in results if gold in list(ranked[:5]))
    reciprocal = sum(
        1 / (list(ranked).index(gold) + 1) for gold, ranked in results if gold in list(ranked)
    )
    n = len(results)
    return MatchingScores(
        queries=n,
        recall_at_1=_ratio(at1, n),
        recall_at_5=_ratio(at5, n),
        mrr=round(reciprocal / n, 3) if n else 0.0,
    )
