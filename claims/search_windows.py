"""How many published claims were last seen since a day: the archive's recent density.

The search looks for its most recently seen matches in a window of recent claims
before it asks all of them (``claims.search.ranking_candidate_ids``). A window must
be sized in claims, not days: an archive's recent weeks can hold more claims
than whole early years, and a day of heavy coverage more than a month. So the
days come from a sample of the claims table's pages (``TABLESAMPLE SYSTEM``,
core PostgreSQL), read in a few milliseconds and cached for a few minutes. Any
window gives the same search results, only faster or slower, so a stale or
rough sample costs nothing but a little speed. Only a search that finds more
matches than it ranks takes a sample: a small archive never pays for one.
"""

from __future__ import annotations

import bisect
import datetime
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connections

from claims.models import Claim, PublicationStatus

#: Share of the claims table's pages sampled, in percent: at a million claims some 1,700
#: published ones from 260 pages, in 2-5 ms.
SAMPLE_PERCENT = 0.2
CACHE_KEY = "claims:search:recent-claims"
CACHE_SECONDS = 600


@dataclass(frozen=True)
class RecentClaims:
    """A sample of the published claims' ``last_seen`` days (as ordinals, ascending)."""

    days: tuple[int, ...]
    share: float  # of the claims sampled, 0-1

    @property
    def dated(self) -> float:
        """About how many published claims have been seen at all."""
        return len(self.days) / self.share

    def since(self, claims: float) -> datetime.date | None:
        """The day from which about ``claims`` of the most recently seen were last seen;
        None when the archive holds fewer."""
        n = int(claims * self.share)
        return datetime.date.fromordinal(self.days[-1 - n]) if n < len(self.days) else None

    def seen_since(self, day: datetime.date) -> float:
        """About how many published claims were last seen on ``day`` or later."""
        return (len(self.days) - bisect.bisect_left(self.days, day.toordinal())) / self.share


def recent_claims() -> RecentClaims | None:
    """The sample taken in the last few minutes, if any (no query)."""
    cached = cache.get(CACHE_KEY)
    # Kept as plain values: a cache shared across deploys never holds a stale class.
    return RecentClaims(days=cached[0], share=cached[1]) if cached else None


def recent_claims_refresh() -> RecentClaims:
    """Take a new sample (one query of a few milliseconds) and keep it for the next searches."""
    sample = recent_claims_sample()
    cache.set(CACHE_KEY, (sample.days, sample.share), CACHE_SECONDS)
    return sample


def recent_claims_sample() -> RecentClaims:
    claims = Claim.objects.all()
    table = Claim._meta.db_table
    # REPEATABLE: the same pages every time, so that the windows do not jitter.
    sql = (
        f'SELECT last_seen FROM "{table}" TABLESAMPLE SYSTEM (%s) REPEATABLE (0) '  # noqa: S608
        "WHERE status = %s AND last_seen IS NOT NULL ORDER BY last_seen"
    )
    with connections[claims.db].cursor() as cursor:
        cursor.execute(sql, [SAMPLE_PERCENT, PublicationStatus.PUBLISHED])
        days = tuple(day.toordinal() for (day,) in cursor.fetchall())
    return RecentClaims(days=days, share=SAMPLE_PERCENT / 100)
