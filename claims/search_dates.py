"""The day a claim was last seen, as a word of its search document.

The search looks for its most recently seen matches in windows of recent days
(``claims.search.ranking_candidate_ids``). For two words that usually go
together ("world organization") PostgreSQL guesses a few hundred matches where
there are tens of thousands: it then takes the GIN index's matches alone and
fetches every one of them from the table to keep those of the window (110-140 ms
over a million claims), instead of intersecting the GIN index with the date
index first.

So each claim's search document also holds the day it was last seen, as
lexemes, and a window is a tsquery too (:class:`SeenQuery`): the GIN index
intersects the reader's words with the window's days before a single row is
fetched, whatever PostgreSQL guesses. Queries with a negated phrase ask it so (and
the usual first window, should it span more than ``claims.search_weeks.MAX_WEEKS``;
a wider window sized from the words is all claims at once instead); other
windows ask the index of words by week (``claims.search_weeks``,
which reads no word's archive-wide list); a common word's first window is walked
in date order (``claims.search_words`` says why).

The day is written as eight digits (20240331), and the document holds every
prefix of them: ``"seen 2"``, ``"seen 20"``, ... ``"seen 20240331"``. A range of
days is then an OR of a few dozen of those lexemes at most (:func:`day_prefixes`:
2024-03-30 up to 2024-06-01 is ``"seen 20240330" | "seen 20240331" | "seen 202404"
| "seen 202405"``). They are whole lexemes, not prefix matches (``'seen 2024':*``), on
purpose: GIN reads a prefix match's claims in full before intersecting, 1-2 µs
each, 100-250 ms for a year of a million-claim archive; a whole lexeme's list
it skips through.

The lexemes hold a space, which the text search parser never puts in a word,
so no reader's search can match them, and ranking never counts them (a rank is
computed against the reader's words only). Core PostgreSQL only.
"""

from __future__ import annotations

import datetime

from django.contrib.postgres.search import SearchQuery, SearchVectorCombinable, SearchVectorField
from django.db.models import Func

#: What each day's lexemes start with. Changing it needs a migration that rewrites
#: every claim's search document (see 0014_search_vector_seen_day).
PREFIX = "seen "
#: Days are written as eight digits, YYYYMMDD, so that a prefix is a range of days.
WIDTH = 8


def day_key(day: datetime.date) -> int:
    """``day`` as the number its lexemes spell (20240331)."""
    return day.year * 10_000 + day.month * 100 + day.day


def day_prefixes(since: datetime.date, before: datetime.date | None) -> list[str]:
    """The fewest digit prefixes whose days are exactly those from ``since`` up to,
    not including, ``before`` (None: every day from ``since`` on).

    Each prefix costs the GIN index a test per claim it considers, so windows
    should end where the claims do: open-ended from 2024 on is some 80 prefixes.

    Greedy aligned blocks: from ``since`` on, each step takes the largest block of
    10, 100, ... keys that starts there and still ends in the range. Some keys are
    not days (20240332), which costs nothing: no lexeme spells them.
    """
    low = day_key(since)
    high = day_key(before) if before is not None else day_key(datetime.date.max) + 1
    prefixes = []
    while low < high:
        size = 1
        while low % (size * 10) == 0 and low + size * 10 <= high:
            size *= 10
        digits = WIDTH - len(str(size)) + 1
        prefixes.append(f"{low:0{WIDTH}d}"[:digits])
        low += size
    return prefixes


def day_lexemes(day: datetime.date) -> list[str]:
    """The lexemes a document holds for ``day``: every prefix of its eight digits."""
    digits = f"{day_key(day):0{WIDTH}d}"
    return [f"{PREFIX}{digits[:n]}" for n in range(1, WIDTH + 1)]


def seen_tsquery(since: datetime.date, before: datetime.date | None) -> str:
    """The tsquery text matching a document whose claim was last seen in the range."""
    # Digits and PREFIX only: nothing in it needs escaping.
    return " | ".join(f"'{PREFIX}{prefix}'" for prefix in day_prefixes(since, before))


class SeenQuery(SearchQuery):
    """``search_vector=SeenQuery(since, before)``: claims last seen in ``[since, before)``."""

    template = "%(expressions)s::tsquery"

    def __init__(self, since: datetime.date, before: datetime.date | None):
        super().__init__(seen_tsquery(since, before), search_type="raw")


def seen_lexemes_sql(day_sql: str) -> str:
    """SQL for the tsvector of :func:`day_lexemes` of the date ``day_sql``: empty when NULL."""
    # Built from this module's constants and a column's SQL, never from input.
    return (
        f"COALESCE((SELECT array_to_tsvector(array_agg('{PREFIX}' || left(k, n)))"  # noqa: S608
        f" FROM to_char({day_sql}, 'YYYYMMDD') AS k, generate_series(1, {WIDTH}) AS n"
        " WHERE k IS NOT NULL), ''::tsvector)"
    )


class SeenLexemes(SearchVectorCombinable, Func):
    """The search document's part holding ``expression``'s day (:func:`seen_lexemes_sql`)."""

    template = seen_lexemes_sql("%(expressions)s")
    output_field = SearchVectorField()
