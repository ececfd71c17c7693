"""The claims' full-text search document: what goes into it and how it is kept current.

Readers search claim wording, the quotes of its statements and its published
verdicts. Those live in three tables, so each claim stores one weighted
``tsvector`` (``Claim.search_vector``, GIN-indexed) recomputed here whenever
one of them changes (``claims.signals``). Weights rank a hit in the canonical
wording above one in a verdict, above one in a quote, above one in the context
or the verdict's long explanation. It also holds the day the claim was last
seen, as lexemes no reader's words can match (``claims.search_dates``), so it
is refreshed when that day changes too (``services.claim_refresh_dates``). A
second GIN index holds its words spelled with the week the claim was last seen
(``claims.search_weeks``, migration 0016), for the search's windows of recent
weeks.

Only *published* verdicts go into the document: a draft verdict's words must
not make a claim findable, nor leak through which claims match.

Core PostgreSQL only (no pg_trgm, no unaccent), with the ``english``
configuration: the canonical wording of claims is written in English.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sized
from contextlib import contextmanager
from operator import itemgetter
from typing import NamedTuple

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db import connections
from django.db.models import DateField, F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat

from claims import search_weeks, search_words
from claims.search_dates import SeenLexemes, SeenQuery

SEARCH_CONFIG = "english"
PUBLISHED = "published"

#: How many matches a search ranks at most: the most recently seen ones.
RANK_CANDIDATES = 1000

#: The first window of recent claims searched holds about this many times RANK_CANDIDATES.
WINDOW_FIRST = 8
#: Archives of fewer published claims than this many times RANK_CANDIDATES get no windows:
#: one query over all of them is quick.
WINDOWS_FROM = 32
#: The first window is walked in date order when the reader's words should find this many
#: times RANK_CANDIDATES in it (PostgreSQL's statistics, ``claims.search_words``); for
#: rarer words it is asked of a GIN index by its weeks or days (:func:`_since`).
WALK_FROM = 2
#: Words PostgreSQL's statistics say the first window holds too few of get a wider one,
#: sized for this many times RANK_CANDIDATES at their share of claims (:func:`_first_window`).
FIRST_MARGIN = 1.25
#: The second window is sized for this many times the matches still missing, at the rate
#: the first window found them.
WINDOW_MARGIN = 2
#: A query the first window predicts in at most this many times RANK_CANDIDATES claims of
#: the archive skips the second window: the GIN index alone finds so few quickly.
FEW_MATCHES = 8
#: PostgreSQL's ``work_mem`` while searching windows: with the default 4MB the GIN index's
#: bitmap of a word in 6 % of a million claims no longer fits, turns lossy (whole pages,
#: every claim on them re-checked) and costs 40-60 ms more.
WINDOW_WORK_MEM = "16MB"
#: And its ``random_page_cost``: at the default 4 it takes reading a window in date order
#: for costlier than it is with the claims in memory, and fetches and sorts all of a common
#: word's matches instead (35-55 ms, where the walk stops after 15-35 ms).
WINDOW_RANDOM_PAGE_COST = "1.1"
#: And no parallel workers, as the site's connections have by default
#: (``DATABASE_PARALLEL_WORKERS``), also where that is left to the server: a window's
#: estimate of its weeks' matches (tens of thousands, for a few thousand found) made
#: PostgreSQL start two, which cost more to start than the scan (18 ms against 4).
WINDOW_PARALLEL_WORKERS = "0"


def _joined(queryset, expression) -> Subquery:
    """All ``expression`` values of ``queryset``'s rows for the outer claim, space-joined."""
    return Subquery(
        queryset.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(joined=StringAgg(expression, delimiter=" "))
        .values("joined"),
        output_field=TextField(),
    )


def search_vector_expression(*, review_model, statement_model, last_seen=None) -> SearchVector:
    """The expression ``Claim.search_vector`` holds, for an UPDATE of claims.

    Takes the models as arguments so that migration 0004 can build it from the
    historical models when it fills the column for existing rows. Its last part
    is the day the claim was last seen (``claims.search_dates``), which no
    reader's words match: the search's windows of recent days match it.
    ``last_seen``: that day's expression, when the same UPDATE sets a new one (SQL
    computes every SET from the row as it was); the column's own value otherwise.
    """
    verdicts = review_model.objects.filter(status=PUBLISHED)
    verdict_text = _joined(
        verdicts,
        Concat(
            "rating__label",
            Value(" "),
            "headline",
            Value(" "),
            "conclusion",
            output_field=TextField(),
        ),
    )
    explanations = _joined(verdicts, "explanation")
    quotes = _joined(statement_model.objects.all(), "exact")
    return (
        SearchVector("text", weight="A", config=SEARCH_CONFIG)
        + SearchVector(verdict_text, weight="B", config=SEARCH_CONFIG)
        + SearchVector(quotes, weight="C", config=SEARCH_CONFIG)
        + SearchVector("context", explanations, weight="D", config=SEARCH_CONFIG)
        + SeenLexemes("last_seen" if last_seen is None else last_seen)
    )


def claim_search_refresh(*, claim_ids: Iterable[int]) -> int:
    """Recompute the search document of the given claims; return how many rows changed.

    One UPDATE whatever the number of claims. It reads only committed columns
    through subqueries, so it is safe during ``loaddata`` (raw saves) too: a
    claim whose row is not loaded yet is simply not updated, and is refreshed
    when its own row arrives.
    """
    from claims.models import Claim

    ids = {pk for pk in claim_ids if pk is not None}
    if not ids:
        return 0
    return claims_search_refresh(Claim.objects.filter(pk__in=ids))


def claims_search_refresh(claims) -> int:
    """:func:`claim_search_refresh` for a queryset of claims, in one UPDATE."""
    from claims.models import Review, Statement

    return claims.update(
        search_vector=search_vector_expression(review_model=Review, statement_model=Statement)
    )


def claims_matching(claims, *, q: str):
    """``claims`` (a Claim queryset) matching a reader's query, annotated with ``rank``.

    ``q`` uses web-search syntax (``"exact phrase"``, ``-word``, ``or``) against
    the search document above; a higher ``rank`` is a better match. For callers
    that start from another queryset than the public list (the API's editors
    search drafts too) and want the public search's exact semantics.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    return claims.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def ranking_candidate_ids(claims, *, q: str = "", windowed: bool = True) -> list[int]:
    """The keys of the :data:`RANK_CANDIDATES` most recently seen of ``claims``.

    (:func:`ranked_ids` ranks them as it fetches them.)

    Ranking reads and scores every match's search document: over a million
    claims a common word ("russia", "war") matches hundreds of thousands, and
    ranking them all costs seconds. Relevance is therefore judged among the
    most recently seen matches only (ties by key, claims never seen last), the
    same ones as ``claims.order_by("-last_seen", "pk")[:RANK_CANDIDATES]``. Call
    it after every filter, so that the candidates already satisfy them.

    Asked of all claims at once, that query is slow for a word in 1-5 % of
    them (10-50,000 matches), both ways PostgreSQL can answer it: walking the
    ``(status, last_seen)`` index re-checks tens of thousands of claims before
    it has found enough, and the GIN index's bitmap fetches and sorts every
    match. So the matches are looked for in windows of recent claims first,
    in at most three queries:

    1. the claims seen since the Monday of the week of the ``WINDOW_FIRST *
       RANK_CANDIDATES`` most recent (``claims.search_windows``): enough for a
       common word, which PostgreSQL finds by walking the date index. When the
       reader's words ``q`` are not that common (PostgreSQL's statistics say, in
       ``claims.search_words``), the window is asked of the index of words by
       week instead (:func:`_since`, ``claims.search_weeks``; by days for what
       that cannot take), and made as wide as their share of claims
       says holds the candidates (:func:`_first_window`): all claims when that
       is more than the archive;
    2. older ones, back as far as the first window's rate of matches says
       holds the rest (times :data:`WINDOW_MARGIN`); skipped for a word that
       rate says is rare (:data:`FEW_MATCHES`). This window is asked by its
       weeks or days too (:func:`_seen`);
    3. if still short, all claims at once, as before: a rare word's few
       matches come straight from the GIN index.

    A window's matches are all seen later than any older claim's, so when the
    windows hold enough, they are the same candidates as one query's. The
    windows are sized from a sample of the archive that the first search with
    more matches than it ranks takes; a small archive keeps the single query.
    Windows cost at most four statements: PostgreSQL's memory for the search
    (:data:`WINDOW_WORK_MEM`) with the lexemes of ``q``, then the three queries.

    ``windowed=False`` asks all claims at once: only the published claims'
    part of that index is ordered by date, so windows over unpublished claims
    too (the editors' API) could not use it.
    """
    rows = _candidate_rows(claims.values_list("pk"), q=q, windowed=windowed)
    return [pk for pk, *_ in rows]


def ranked_ids(claims, *, q: str) -> list[int]:
    """:func:`ranking_candidate_ids` of ``claims`` matching ``q`` (and annotated with its
    ``rank``), best match first.

    Equal ranks keep the candidates' order, most recently seen first: the
    order ``-rank, -last_seen, pk`` that a query over the candidates would sort
    by. The rank is computed by the same queries that find the candidates, over
    search documents PostgreSQL has just read to match them: ranking the
    candidates again by their keys cost a thousand-key query, 10-30 ms of it in
    building and parsing the key list alone.
    """
    rows = _candidate_rows(claims.values_list("pk", "rank"), q=q, windowed=True)
    # reverse=True keeps equal ranks in their order, as a stable sort of -rank would.
    return [pk for pk, _ in sorted(rows, key=itemgetter(1), reverse=True)]


def more_may_match(candidates: Sized) -> bool:
    """Whether more claims may match than ``candidates`` (of :func:`ranking_candidate_ids`
    or :func:`ranked_ids`): a search that found as many as it ranks stopped looking.
    Pages say "1000+", the API ``count_capped``."""
    return len(candidates) >= RANK_CANDIDATES


def _candidate_rows(rows, *, q: str, windowed: bool) -> list[tuple]:
    """The rows (a ``values_list`` of claims) of :func:`ranking_candidate_ids`."""
    from django.db.models import F

    from claims.search_windows import recent_claims, recent_claims_refresh

    recent = rows.order_by(F("last_seen").desc(nulls_last=True), "pk")
    archive = recent_claims() if windowed else None
    newest = None
    if archive and archive.dated >= WINDOWS_FROM * RANK_CANDIDATES:
        newest = _monday(archive.since(WINDOW_FIRST * RANK_CANDIDATES))
    if newest is None:
        found = _first(recent, RANK_CANDIDATES)
        if windowed and archive is None and len(found) >= RANK_CANDIDATES:
            recent_claims_refresh()  # windows may pay off: size them for the next searches
        return found
    with _window_session(recent.db, q) as words:
        share = search_words.share(words.lexemes, using=recent.db)
        expected = share * archive.seen_since(newest)
        if expected >= WALK_FROM * RANK_CANDIDATES:
            # Walked: with the word's match indexable, PostgreSQL may intersect its whole
            # GIN list with the window's dates instead ("approved", in 14 % of a million
            # claims: 130,000 entries, 20 ms of a 29 ms query; the walk stops after 2 ms).
            first = search_weeks.unindexed(recent.filter(last_seen__gte=newest))
        else:
            if 0 < expected < RANK_CANDIDATES:
                newest = _first_window(archive, newest=newest, share=share, last=words.last)
                if newest is None:
                    return _first(recent, RANK_CANDIDATES)
            first = _since(recent, newest, words)
        found = _first(first, RANK_CANDIDATES)
        older = None
        if len(found) < RANK_CANDIDATES:
            older = _second_window(archive, newest=newest, found=len(found), last=words.last)
        if older is not None:
            window = _seen(recent, older, newest, words)
            found += _first(window, RANK_CANDIDATES - len(found))
        if len(found) < RANK_CANDIDATES:
            found = _first(recent, RANK_CANDIDATES)
    return found


def _monday(day):
    """Windows start on a Monday, so that each is whole weeks (``claims.search_weeks``)."""
    return search_weeks.monday(day) if day is not None else None


def _first_window(archive, *, newest, share: float, last):
    """Where the first window starts for words in ``share`` of the claims (0-1) that the
    usual one, from ``newest``, would hold too few of; None to search all claims instead.

    Wide enough for :data:`FIRST_MARGIN` times the candidates at that share: one query
    where the usual window and a second one cost two (a pair of words in 2 % of claims:
    18-20 ms against 27 at the bench's p95, over a million claims). Statistics that
    overestimate the share leave the window short, and the second window makes up.
    All claims, too, when the window would be longer than the index of words by week
    is asked for (:func:`_too_long`).
    """
    needed = RANK_CANDIDATES / share * FIRST_MARGIN
    if needed >= archive.dated:
        return None
    since = _monday(archive.since(needed))
    if since is None or _too_long(since, last):
        return None
    return min(since, newest)


def _too_long(since, last) -> bool:
    """Whether a window from ``since`` to ``last`` has more weeks than the index of words by
    week is asked for (``search_weeks.MAX_WEEKS``).

    Such a window is searched as all claims at once: so rare a pair of words is quicker
    found in the words' own GIN index than by the window's days ("since fenfra", 1,300
    matches in 476 weeks of a million claims: 6.2 ms, against 13.4 by days).
    """
    if last is None:
        return False
    return search_weeks.week(last) - search_weeks.week(since) + 1 > search_weeks.MAX_WEEKS


def _since(claims, since, words: WindowWords):
    """``claims`` last seen on ``since`` or later, asked of a GIN index by their weeks or days.

    The window ends on ``words.last``, the day any published claim was last seen.
    For the first window when the reader's words are not common, so that
    PostgreSQL reads no more than the window's matches: the index of words by
    week (:func:`_by_weeks`), or, for a query it cannot take, the GIN index
    intersecting the words with the window's days (``claims.search_dates``; each
    day's prefix costs it a test for each claim in the window, so the days end
    at ``words.last``). With the date condition instead, PostgreSQL would either
    walk the window in date order, re-checking every claim in it, or intersect
    the words' whole GIN list with the date index: 8-25 ms over a million claims.
    """
    last = words.last
    if last is None or last < since:
        return claims.none()
    by_weeks = _by_weeks(claims, words, since=since, last=last)
    if by_weeks is not None:
        return by_weeks
    before = last + datetime.timedelta(days=1) if last < datetime.date.max else None
    return claims.filter(search_vector=SeenQuery(since, before))


def _seen(claims, since, before, words: WindowWords):
    """``claims`` last seen from ``since`` up to ``before`` (both Mondays), asked of a GIN
    index by their weeks or days, as :func:`_since` asks.

    The date range would be the same claims. Given it, PostgreSQL also reads the
    window's part of the date index into a bitmap to intersect (20-30 ms for
    50,000 claims) with what the GIN index has already narrowed down.
    """
    by_weeks = _by_weeks(claims, words, since=since, last=before - datetime.timedelta(days=1))
    if by_weeks is not None:
        return by_weeks
    return claims.filter(search_vector=SeenQuery(since, before))


def _by_weeks(claims, words: WindowWords, *, since, last):
    """``claims`` last seen in the weeks from ``since``'s to ``last``'s, asked of the index
    of words by week (``claims.search_weeks``); None if the query or window does not suit it.

    The reader's match on the search document stays, but as a filter of the rows
    that index finds: as an index condition, PostgreSQL would read the word's list
    across the archive from the other index to intersect the two, which is what
    this avoids ("support" over a million claims: 7.6 ms of that index's 11 ms
    query, against 0.4 ms for its three weeks). Where the weeks' queries match
    exactly what it matches (no phrase loosened), it is left out.
    """
    queries = search_weeks.weeks_tsqueries(
        words.query,
        first=search_weeks.week(since),
        last=search_weeks.week(last),
        matches_empty=words.matches_empty,
    )
    if queries is None:
        return None
    # In an order no index gives (the same order): PostgreSQL would otherwise walk the
    # date index for it, computing each claim's words by week to test them, on its
    # estimate that a window's many weeks hold tens of thousands of matches (a word in
    # 70 weeks of a million claims: 470 ms where the index's few rows and a sort take 3).
    unindexed_date = Func(
        F("last_seen"), template="(%(expressions)s + 0)", output_field=DateField()
    )
    in_order = claims.order_by(unindexed_date.desc(nulls_last=True), "pk")
    exact = search_weeks.exact(words.query)
    return search_weeks.in_weeks(search_weeks.unindexed(in_order, drop=exact), queries)


def _first(rows, n: int) -> list[tuple]:
    """The first ``n`` of ``rows`` (a ``values_list`` of plain columns), as tuples.

    Fetched here, not as a subquery: the page and its count would each run it again.
    Read straight from the cursor: the columns need no conversion, and Django's
    iteration over a thousand candidates (chunks, converters, a tuple each) cost
    a millisecond of a search's Python.
    """
    query = rows[:n].query
    sql, params = query.sql_with_params()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _second_window(archive, *, newest, found: int, last):
    """Where the second window starts, or None to search all claims instead (also for a
    window longer than the index of words by week is asked for, :func:`_too_long`)."""
    seen = archive.seen_since(newest)
    if not found or found / seen * archive.dated <= FEW_MATCHES * RANK_CANDIDATES:
        return None
    older = _monday(archive.since(seen * RANK_CANDIDATES / found * WINDOW_MARGIN))
    if older is None or older >= newest or _too_long(older, newest - datetime.timedelta(days=1)):
        return None
    return older


class WindowWords(NamedTuple):
    """What the windows need to know of the reader's words, asked in one statement."""

    lexemes: list[str]  # of the words, as the search document spells them
    last: datetime.date | None  # the day any published claim was last seen
    query: str  # the words as a tsquery's text
    matches_empty: bool  # whether a document without any word matches (``-word``)


@contextmanager
def _window_session(db: str, q: str):
    """A transaction on ``db`` for the windows' queries, PostgreSQL given :data:`WINDOW_WORK_MEM`.

    Yields the :class:`WindowWords` of the reader's words ``q``.
    """
    from django.db import transaction

    from claims.models import Claim, PublicationStatus
    from claims.prepared import prepared_cursor

    # No savepoint inside a transaction already open: it would cost two more statements.
    with transaction.atomic(using=db, savepoint=False):
        # Prepared: planning it (the max over the claims' date index) cost 1 ms a search.
        with prepared_cursor(db) as cursor:
            sql = (
                "SELECT set_config('work_mem', %(work_mem)s, true), "  # noqa: S608 (the table)
                "set_config('random_page_cost', %(page_cost)s, true), "
                "set_config('max_parallel_workers_per_gather', %(workers)s, true), "
                "tsvector_to_array(to_tsvector(%(config)s::regconfig, %(q)s)), "
                f'(SELECT max(last_seen) FROM "{Claim._meta.db_table}" WHERE status = %(status)s), '
                "websearch_to_tsquery(%(config)s::regconfig, %(q)s)::text, "
                "''::tsvector @@ websearch_to_tsquery(%(config)s::regconfig, %(q)s)"
            )
            cursor.execute(
                sql,
                {
                    "work_mem": WINDOW_WORK_MEM,
                    "page_cost": WINDOW_RANDOM_PAGE_COST,
                    "workers": WINDOW_PARALLEL_WORKERS,
                    "config": SEARCH_CONFIG,
                    "q": q,
                    "status": PublicationStatus.PUBLISHED,
                },
            )
            _, _, _, lexemes, last, query, matches_empty = cursor.fetchone()
        yield WindowWords(lexemes, last, query, matches_empty)
