"""How many published claims were last seen since a day: the archive's recent density.

The search looks for its most recently seen matches in a window of recent claims
before it asks all of them (``claims.search.ranking_candidate_ids``). A window must
be sized in claims, not days: an archive's recent weeks can hold more claims
than whole early years, and a day of heavy coverage more than a month. So the
days are counted, cached for a few minutes:

* the most recent :data:`EXACT_CLAIMS` exactly, day by day, from the published
  claims' date index (an index-only scan of a few milliseconds). The first
  window is sized from them, and a table grows in time: the recent claims lie on
  its last few thousand pages, so a sample of pages (below) holds a handful of
  them, and said 8,500 claims in a week that held 22,950;
* the older ones from a sample of the claims table's pages (``TABLESAMPLE
  SYSTEM``, core PostgreSQL): windows reaching that far span so many pages that
  the sample's error averages out.

Any window gives the same search results, only faster or slower, so stale or
rough counts cost nothing but a little speed. Only a search that finds more
matches than it ranks counts them: a small archive never pays for it.
"""

from __future__ import annotations

import bisect
import datetime
import math
from dataclasses import dataclass

from django.core.cache import cache
from django.db import connections

from claims.models import Claim, PublicationStatus

#: Share of the claims table's pages sampled, in percent: at a million claims some 1,700
#: published ones from 260 pages, in 2-5 ms.
SAMPLE_PERCENT = 0.2
#: How many of the most recently seen published claims are counted exactly (day by day,
#: from the date index): eight times a first window of a thousand candidates' worth.
EXACT_CLAIMS = 100_000
CACHE_KEY = "claims:search:recent-claims:v2"
CACHE_SECONDS = 600


@dataclass(frozen=True)
class RecentClaims:
    """The published claims' ``last_seen`` days: the most recent counted, the older sampled.

    Days are ordinals. ``exact`` holds ``(day, claims)`` for every day from the first
    it counted in full, ascending; ``days`` the sampled days before that one, ascending,
    each standing for ``1 / share`` claims.
    """

    days: tuple[int, ...]
    share: float  # of the older claims sampled, 0-1
    exact: tuple[tuple[int, int], ...] = ()

    @property
    def dated(self) -> float:
        """About how many published claims have been seen at all."""
        return len(self.days) / self.share + sum(count for _, count in self.exact)

    def since(self, claims: float) -> datetime.date | None:
        """The day the ``claims``-th most recently seen claim was last seen (about, past the
        counted days); None when the archive holds fewer."""
        counted = 0
        for day, count in reversed(self.exact):
            counted += count
            if counted >= claims:
                return datetime.date.fromordinal(day)
        n = max(1, math.ceil((claims - counted) * self.share))
        return datetime.date.fromordinal(self.days[-n]) if n <= len(self.days) else None

    def seen_since(self, day: datetime.date) -> float:
        """About how many published claims were last seen on ``day`` or later."""
        ordinal = day.toordinal()
        counted = sum(count for seen, count in self.exact if seen >= ordinal)
        sampled = len(self.days) - bisect.bisect_left(self.days, ordinal)
        return counted + sampled / self.share


def recent_claims() -> RecentClaims | None:
    """The counts taken in the last few minutes, if any (no query)."""
    cached = cache.get(CACHE_KEY)
    # Kept as plain values: a cache shared across deploys never holds a stale class.
    if not cached:
        return None
    days, share, exact = cached
    return RecentClaims(days=days, share=share, exact=exact)


def recent_claims_refresh() -> RecentClaims:
    """Count again (two queries of a few milliseconds) and keep it for the next searches."""
    sample = recent_claims_sample()
    cache.set(CACHE_KEY, (sample.days, sample.share, sample.exact), CACHE_SECONDS)
    return sample


def recent_claims_sample() -> RecentClaims:
    claims = Claim.objects.all()
    table = Claim._meta.db_table
    published = PublicationStatus.PUBLISHED
    with connections[claims.db].cursor() as cursor:
        cursor.execute(
            "SELECT last_seen, count(*) FROM ("  # noqa: S608 (the table)
            f'SELECT last_seen FROM "{table}" WHERE status = %s AND last_seen IS NOT NULL '
            "ORDER BY last_seen DESC NULLS LAST LIMIT %s) recent GROUP BY last_seen "
            "ORDER BY last_seen",
            [published, EXACT_CLAIMS],
        )
        exact = [(day.toordinal(), count) for day, count in cursor.fetchall()]
        if sum(count for _, count in exact) < EXACT_CLAIMS:
            return RecentClaims(days=(), share=1.0, exact=tuple(exact))  # all of them
        # The first day counted may have been cut short by the limit: it is sampled too.
        first = datetime.date.fromordinal(exact.pop(0)[0])
        # REPEATABLE: the same pages every time, so that the windows do not jitter.
        cursor.execute(
            f'SELECT last_seen FROM "{table}" TABLESAMPLE SYSTEM (%s) REPEATABLE (0) '  # noqa: S608
            "WHERE status = %s AND last_seen <= %s ORDER BY last_seen",
            [SAMPLE_PERCENT, published, first],
        )
        days = tuple(day.toordinal() for (day,) in cursor.fetchall())
    return RecentClaims(days=days, share=SAMPLE_PERCENT / 100, exact=tuple(exact))
