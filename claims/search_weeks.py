"""Windows of weeks, asked of the index of each claim's words spelled with its week.

The search looks for its most recently seen matches in windows of recent claims
(``claims.search.ranking_candidate_ids``). Asked of the claims' GIN index, a
window intersects the reader's words with the window's days, and PostgreSQL
decodes each word's list of claims across the whole archive to do so: the
longer the archive, the slower, however few matches the window holds.

Migration 0016 indexes, for each claim, its lexemes prefixed with the week it
was last seen (``2868 support``) and the bare week (``2868``), through the SQL
function ``claims_search_weeks(search_vector, last_seen)``; since migration 0017,
for the published claims only, which are the ones the windows look for. A
reader's query over weeks *w1..wn* is rewritten once per week, ``q@w1`` to
``q@wn``, each lexeme of ``q`` prefixed with the week, and asked as
``... @@ ANY(array)`` (:class:`InWeeks`): every list the GIN index reads holds
only that week's claims with that word. Since a claim has lexemes of one week
only, a claim matches ``q@w`` exactly when it was last seen in week *w* and
matches ``q``; a query that an empty document matches (``-word``) is asked with
the bare week too, which only that week's claims have.

What it buys, at a million claims (docs/PERFORMANCE.md, tenth session): "support"
11.4 → 5.4 ms; the bench's 75 searches 6.7-7.4 → 5.4-5.6 ms of SQL on average, on
a server whose buffers hold the claims table. With PostgreSQL's default 128 MB of
buffers, reading the claims' pages from the operating system costs a search more
than this saves, and the change was not measurable there. Its price: 363 MB of
index at a million claims (the search document's own: 128 MB) and the function's
work for each claim written.

The rewrite is a filter that lets through at least the matches, not exactly
them: a phrase (``"a b"``, ``a <-> b`` in tsquery) becomes both words anywhere
(``&``), which needs no positions, so the index holds none and PostgreSQL never
rechecks a claim against it (a recheck would compute the function again). The
query keeps the reader's own match on the search document, which decides. A
phrase under a negation cannot be loosened that way (``!(a & b)`` would drop
claims that ``!(a <-> b)`` keeps): such a query is not rewritten
(:func:`weeks_tsqueries` says None) and its window is asked by days, as before.
"""

from __future__ import annotations

import datetime
import re

from django.contrib.postgres.search import SearchVectorExact, SearchVectorField
from django.db.models import BooleanField, F, Func

#: The Monday weeks are counted from; a day's week is the number of weeks since.
#: (Changing it needs a migration that rebuilds the index, as 0016 builds it.)
EPOCH = datetime.date(1970, 1, 5)
#: A window of more weeks than this is not asked of this index: the search asks all claims
#: at once instead (``search._too_long``). The index is asked once per week
#: (:class:`InWeeks`), each time for the week's few lexemes; five years of weeks keeps
#: the query's text to some thousands of lexemes. (As one query of all the weeks joined
#: by ``|``, PostgreSQL evaluated all of it for each claim the index found, and two
#: words over 160 weeks took 290 ms: the limit was 20 weeks then.)
MAX_WEEKS = 260

_LEXEME = re.compile(r"'((?:[^']|'')*)'")
_PHRASE = re.compile(r"<(?:-|\d+)>")


def week(day: datetime.date) -> int:
    """The number of ``day``'s week (Monday to Sunday), as ``claims_search_weeks`` spells it."""
    return (day - EPOCH).days // 7


def monday(day: datetime.date) -> datetime.date:
    """The first day of ``day``'s week: windows start there, so that they are whole weeks."""
    return day - datetime.timedelta(days=day.weekday())


def weeks_tsqueries(query: str, *, first: int, last: int, matches_empty: bool) -> list[str] | None:
    """The tsquery texts, one a week, that let through the claims last seen in weeks
    ``first`` to ``last`` (both included) that match ``query``, a tsquery's text (as
    PostgreSQL prints ``websearch_to_tsquery``); None when ``query`` cannot be loosened
    that way, or the window is longer than :data:`MAX_WEEKS`.

    ``matches_empty``: whether an empty document matches ``query`` (PostgreSQL says:
    ``''::tsvector @@ query``); each week's query then needs the bare week too.
    """
    if not query or first > last or last - first + 1 > MAX_WEEKS:
        return None
    # Quoted lexemes at odd places, operators between them (a lexeme may hold "!" or "<").
    pieces = _LEXEME.split(query)
    operators = pieces[0::2]
    phrase = not exact(query)
    if phrase and any("!" in text for text in operators):
        return None
    if phrase:
        pieces[0::2] = [_PHRASE.sub("&", text) for text in operators]
    queries = []
    for number in range(first, last + 1):
        # The week goes inside the lexeme's quotes (a quote inside it stays doubled).
        words = "".join(
            piece if i % 2 == 0 else f"'{number} {piece}'" for i, piece in enumerate(pieces)
        )
        queries.append(f"'{number}' & ( {words} )" if matches_empty else words)
    return queries


class SearchWeeks(Func):
    """``claims_search_weeks(search_vector, last_seen)``: what the index of migration 0016 holds."""

    function = "claims_search_weeks"
    output_field = SearchVectorField()

    def __init__(self):
        super().__init__(F("search_vector"), F("last_seen"))


class InWeeks(Func):
    """``claims_search_weeks(search_vector, last_seen) @@ ANY(queries)``: the claims whose
    words in their week match one of ``queries`` (of :func:`weeks_tsqueries`).

    An array, not one query of the weeks joined by ``|``: PostgreSQL's bitmap scan then
    asks the index once per week, each time with that week's few lexemes, where for the
    joined query it evaluated all of it for every claim any of its lexemes listed (a
    common word in 18 weeks, with another: 10 ms of index scan, against 2-5 ms).
    """

    output_field = BooleanField()

    def __init__(self, queries: list[str]):
        super().__init__(SearchWeeks())
        self.queries = list(queries)

    def as_sql(self, compiler, connection, **extra_context):
        weeks, params = compiler.compile(self.source_expressions[0])
        return f"{weeks} @@ ANY(%s::tsquery[])", (*params, self.queries)


def in_weeks(claims, queries: list[str]):
    """``claims`` whose words in their weeks match one of ``queries`` (of
    :func:`weeks_tsqueries`)."""
    return claims.filter(InWeeks(queries))


class UnindexedMatch(SearchVectorExact):
    """``search_vector @@ query`` written as the function behind the operator, which no
    index answers: PostgreSQL checks it on the rows the weeks' index found, instead of
    also reading the word's archive-wide list from the other index to intersect."""

    def as_sql(self, qn, connection):
        lhs, lhs_params = self.process_lhs(qn, connection)
        rhs, rhs_params = self.process_rhs(qn, connection)
        return f"ts_match_vq({lhs}, {rhs})", lhs_params + rhs_params


def exact(query: str) -> bool:
    """Whether :func:`weeks_tsqueries` of ``query`` (a tsquery's text) let through exactly
    the claims of their weeks that ``query`` matches: it holds no phrase to loosen."""
    return not any(_PHRASE.search(text) for text in _LEXEME.split(query)[0::2])


def unindexed(claims, *, drop: bool = False):
    """``claims`` with each match on the search document made an :class:`UnindexedMatch`.

    ``drop``: left out instead, where it is one of the conditions that all must hold,
    for weeks' queries that match exactly what it matches (:func:`exact`): PostgreSQL
    would test every row the weeks' index found a second time (about 0.2 µs each, a
    tenth of a window's time in the table).
    """
    claims = claims.all()
    _unindex(claims.query.where, drop=drop)
    return claims


def _unindex(node, *, drop: bool) -> None:
    droppable = drop and node.connector == "AND" and not node.negated
    for i, child in reversed(list(enumerate(node.children))):
        if hasattr(child, "children"):
            _unindex(child, drop=drop)
        elif (
            type(child) is SearchVectorExact
            and getattr(getattr(child.lhs, "target", None), "name", None) == "search_vector"
        ):
            if droppable:
                del node.children[i]
            else:
                node.children[i] = UnindexedMatch(child.lhs, child.rhs)
