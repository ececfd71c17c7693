"""How common a reader's words are among the claims, as PostgreSQL's statistics say.

The search's first window of recent claims (``claims.search.ranking_candidate_ids``)
is quick one way or the other depending on how common the words are. A word in a
third of the claims finds its thousand most recent matches after walking 3,000
claims in date order (2-6 ms over a million claims); asked of the GIN index by
the window's days instead, it fetches and ranks every match in the window first
(15-30 ms). A word in a few percent of the claims is the other way round: the
walk, or PostgreSQL's intersection of the word's whole GIN list with the date
index, costs 8-25 ms where the days cost 2-6 ms.

``ANALYZE`` already counts the words: for the search document it keeps the
thousand most common lexemes and the share of claims holding each
(``pg_stats.most_common_elems``), which is what the planner estimates from.
Reading that row costs about a millisecond, too much for every search, so each
process keeps a copy for :data:`CACHE_SECONDS`. Estimates only choose how to
search, never what is found: a stale or missing copy (no ``ANALYZE`` yet) costs
speed, not results.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable

from django.db import connections

#: How long a process keeps its copy of the statistics. ANALYZE refreshes them rarely.
CACHE_SECONDS = 600.0

_lock = threading.Lock()
_copies: dict[str, tuple[float, dict[str, float]]] = {}


def share(lexemes: Iterable[str], *, using: str = "default") -> float:
    """About what share of claims (0-1) hold all of ``lexemes`` in their search document.

    The product of each lexeme's share, assuming words independent as the planner
    does. A lexeme not among the most common is rarer than all of them: 0. No
    lexemes at all (a query of stop words matches nothing): 0.
    """
    lexemes = list(lexemes)
    if not lexemes:
        return 0.0
    common = common_lexemes(using)
    return math.prod(common.get(lexeme, 0.0) for lexeme in lexemes)


def common_lexemes(using: str = "default") -> dict[str, float]:
    """The most common lexemes of the claims' search documents, with the share of claims
    holding each: this process's copy, read again after :data:`CACHE_SECONDS`."""
    copy = _copies.get(using)
    if copy is not None and time.monotonic() - copy[0] < CACHE_SECONDS:
        return copy[1]
    shares = _read(using)
    with _lock:
        _copies[using] = (time.monotonic(), shares)
    return shares


def forget() -> None:
    """Drop every copy (tests, after ``ANALYZE``)."""
    with _lock:
        _copies.clear()


def _read(using: str) -> dict[str, float]:
    from claims.models import Claim

    # most_common_elem_freqs holds two or three statistics after the elements' shares:
    # zip() stops at the last element.
    sql = (
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
        "WHERE schemaname = current_schema() AND tablename = %s AND attname = %s"
    )
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [Claim._meta.db_table, "search_vector"])
        row = cursor.fetchone()
    if row is None or row[0] is None:
        return {}
    return dict(zip(row[0], row[1], strict=False))
