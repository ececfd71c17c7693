"""Actors' scorecards: their asserted claims counted by current verdict, kept in the cache.

A scorecard counts every published claim an actor asserted, so its cost grows
with the actor: a head of government quoted in a third of a million claims
costs a scan of all of them. It changes only when one of those claims, its
statements or its verdicts change, so it is computed once and cached per actor
(not per content version, which every editorial write renews), and the signals
(``claims.signals``) forget the scorecards of the actors a write touches. Bulk
loaders, which bypass the signals, forget them all (``scorecards_forget_all``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count

from claims.caching import generation, generation_renew
from claims.models import PublicationStatus, Rating, Review, Statement

PUBLISHED = PublicationStatus.PUBLISHED
#: Long, because writes forget the affected scorecards; the timeout only bounds a miss.
SCORECARD_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class ScorecardRow:
    rating: Rating
    count: int


GENERATION_KEY = "claims:scorecard-generation"


def _key(actor_id: int) -> str:
    return f"claims:scorecard:{generation(GENERATION_KEY)}:{actor_id}"


def scorecard_compute(*, actor_id: int) -> list[ScorecardRow]:
    """Published claims the actor asserted, counted by their current verdict's rating.

    A denial of a false claim is not a false claim of theirs: only statements
    that assert count. Claims without a published verdict are left out. Two
    queries whatever the actor's volume (the count, then the few ratings). The
    count starts from the actor's statements (an index on the actor), so an
    actor quoted a hundred times costs a hundred rows, not a scan of the archive.
    """
    asserted = Statement.objects.filter(
        actor_id=actor_id, stance=Statement.Stance.ASSERTS, claim__status=PUBLISHED
    ).values("claim_id")
    current = (
        Review.objects.filter(status=PUBLISHED, claim_id__in=asserted)
        .order_by("claim_id", "-published_at", "-pk")
        .distinct("claim_id")
        .values("pk")
    )
    counts = dict(
        Review.objects.filter(pk__in=current)
        .order_by()
        .values_list("rating_id")
        .annotate(n=Count("pk"))
    )
    ratings = Rating.objects.in_bulk(counts)
    rows = [ScorecardRow(rating=ratings[pk], count=n) for pk, n in counts.items()]
    return sorted(rows, key=lambda row: row.rating.position)


def actor_scorecard(*, actor_id: int) -> list[ScorecardRow]:
    """The actor's scorecard, from the cache when a write has not changed it since."""
    rows = cache.get(_key(actor_id))
    if rows is None:
        rows = scorecard_compute(actor_id=actor_id)
        cache.set(_key(actor_id), rows, SCORECARD_SECONDS)
    return rows


def scorecards_forget(*, actor_ids: Iterable[int | None]) -> None:
    """Drop the cached scorecards of these actors (a write changed what they count)."""
    keys = [_key(pk) for pk in set(actor_ids) if pk is not None]
    if keys:
        cache.delete_many(keys)


def scorecards_forget_all() -> None:
    """Make every cached scorecard stale: for writes that bypass the signals (COPY loads)."""
    generation_renew(GENERATION_KEY)


def actors_of_claims(claim_ids: Iterable[int | None]) -> list[int]:
    """Actors with a statement on any of these claims: whose scorecards a claim change touches."""
    ids = [pk for pk in claim_ids if pk is not None]
    if not ids:
        return []
    return list(
        Statement.objects.filter(claim_id__in=ids)
        .order_by()  # the model's order (by source) would join the sources and widen DISTINCT
        .values_list("actor_id", flat=True)
        .distinct()
    )
