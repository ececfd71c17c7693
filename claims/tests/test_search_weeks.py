"""Windows asked of the index of words by week give the answer of the date range.

``claims.search_weeks`` rewrites a reader's query for the index of migration 0016:
each lexeme spelled with a week, one part per week of the window. These tests hold
the rewrite to the same claims as the window's dates and the reader's own query,
for phrases, negations and alternatives, and the window's query to that index alone.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import search, search_weeks
from claims.models import Claim
from claims.tests import test_search
from claims.tests.test_search import NEWEST, _published, claims_by_day, is_window, single_query

pytestmark = pytest.mark.django_db

#: Three candidates, windows over an archive of a few dozen claims (``test_search``).
windows = test_search.windows
#: PostgreSQL's word counts as before its first ANALYZE: every word counts as rare, and
#: the first window is the usual one, asked by weeks (or days).
no_word_statistics = test_search.no_word_statistics


@pytest.mark.parametrize(
    "day",
    [
        datetime.date(1969, 12, 31),  # before the first Monday: week -1
        datetime.date(1970, 1, 4),
        datetime.date(1970, 1, 5),
        datetime.date(2024, 12, 29),  # a Sunday
        datetime.date(2024, 12, 30),  # the Monday after it
        datetime.date(2024, 2, 29),
    ],
)
def test_python_and_postgresql_count_the_same_weeks(day):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tsvector_to_array(claims_search_weeks(to_tsvector('english', %s), %s))",
            ["Grain exports fell", day],
        )
        (lexemes,) = cursor.fetchone()
    week = search_weeks.week(day)
    assert sorted(lexemes) == sorted([str(week), f"{week} export", f"{week} fell", f"{week} grain"])
    assert search_weeks.monday(day).weekday() == 0
    assert search_weeks.week(search_weeks.monday(day)) == week


def test_a_claim_never_seen_has_no_week_and_the_day_lexemes_are_left_out():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT claims_search_weeks(to_tsvector('english', 'Grain'), NULL),"
            " tsvector_to_array(claims_search_weeks(array_to_tsvector("
            "ARRAY['grain', 'seen 2024', 'seen 20240331']), DATE '2024-03-31'))"
        )
        undated, dated = cursor.fetchone()
    week = search_weeks.week(datetime.date(2024, 3, 31))
    assert undated == ""
    assert sorted(dated) == sorted([str(week), f"{week} grain"])


def test_the_rewrite_of_a_query():
    rewrite = search_weeks.weeks_tsqueries
    assert rewrite("'grain'", first=7, last=8, matches_empty=False) == ["'7 grain'", "'8 grain'"]
    # A phrase becomes both words anywhere; a quote inside a lexeme stays doubled.
    assert rewrite("'o''brien' <-> 'said' <2> 'it'", first=3, last=3, matches_empty=False) == [
        "'3 o''brien' & '3 said' & '3 it'"
    ]
    # Operators are read outside the quotes only: a lexeme may hold "<1>" or "!".
    assert rewrite("'a<1>b' & 'c!'", first=3, last=3, matches_empty=False) == ["'3 a<1>b' & '3 c!'"]
    assert rewrite("'a!' <-> 'b'", first=3, last=3, matches_empty=False) == ["'3 a!' & '3 b'"]
    # A query an empty document matches needs the bare week.
    assert rewrite("!'grain'", first=3, last=4, matches_empty=True) == [
        "'3' & ( !'3 grain' )",
        "'4' & ( !'4 grain' )",
    ]
    # A negated phrase cannot be loosened; a window too long costs more than the days.
    assert rewrite("!( 'grain' <-> 'export' )", first=3, last=3, matches_empty=True) is None
    limit = search_weeks.MAX_WEEKS
    assert rewrite("'grain'", first=1, last=limit, matches_empty=False) is not None
    assert rewrite("'grain'", first=1, last=limit + 1, matches_empty=False) is None
    assert rewrite("", first=1, last=1, matches_empty=False) is None


def wording_by_day() -> None:
    """Claims over nine weeks whose wordings tell phrases, negations and alternatives apart."""
    claims_by_day(60, matching={1: 1, 9: 1, 20: 2, 33: 1, 50: 1})
    for day, text in [
        (2, "Grain exports fell as wheat stayed"),
        (4, "Exports of grain fell"),  # both words, not the phrase
        (12, "Wheat prices rose"),
        (16, "Grain exports fell while wheat rose"),
        (25, "Exports of wheat and grain fell"),
        (40, "Grain exports fell"),
    ]:
        _published(text, day)


@pytest.mark.parametrize(
    ("q", "by_weeks"),
    [
        ("grain", True),
        ('"grain exports"', True),
        ("grain -wheat", True),
        ("grain or prices", True),
        ("-sanctions", True),  # an empty document matches: each week's part needs the week
        ('grain -"grain exports"', False),  # a negated phrase: asked by days
    ],
)
def test_windows_by_week_find_what_one_query_finds(
    windows, no_word_statistics, monkeypatch, q, by_weeks
):
    monkeypatch.setattr(search, "FEW_MATCHES", 0)  # every search tries its second window
    wording_by_day()
    windows()
    matches = search.claims_matching(Claim.objects.published(), q=q)
    with CaptureQueriesContext(connection) as queries:
        found = search.ranking_candidate_ids(matches, q=q)
    assert found == single_query(matches)
    asked = [x["sql"] for x in queries.captured_queries if x["sql"].startswith('SELECT "claims')]
    assert any("claims_search_weeks(" in sql for sql in asked) == by_weeks
    assert any("'seen " in sql for sql in asked) == (not by_weeks)


def explain(sql: str, params=()) -> str:
    with connection.cursor() as cursor:
        # However few rows there are, no plan that reads every claim.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("q", "rechecked"), [("grain", False), ('"grain exports"', True)])
def test_a_window_by_week_reads_no_word_list_of_the_whole_archive(
    windows, no_word_statistics, q, rechecked
):
    """The reader's match stays, as a filter of the rows the window's weeks give: PostgreSQL
    does not read the word's archive-wide list from the other index to intersect the two.
    Where the weeks match exactly what it matches (no phrase loosened), it is left out."""
    wording_by_day()
    windows()
    matches = search.claims_matching(Claim.objects.published(), q=q)
    with CaptureQueriesContext(connection) as queries:
        search.ranking_candidate_ids(matches, q=q)
    window = next(x for x in queries.captured_queries if "claims_search_weeks(" in x["sql"])
    plan = explain(window["sql"])
    assert "claim_search_vector" not in plan
    assert ("ts_match_vq" in plan) == rechecked


def test_only_a_query_without_phrases_is_matched_exactly_by_its_weeks():
    assert search_weeks.exact("'grain' & !'wheat' | 'price'")
    assert search_weeks.exact("'a<->b'")  # inside a lexeme's quotes: not an operator
    assert not search_weeks.exact("'grain' <-> 'export'")
    assert not search_weeks.exact("'grain' & !( 'a' <2> 'b' )")


def test_the_weeks_query_is_the_one_the_index_holds():
    """The expression the windows ask is the index's own, so PostgreSQL can use it."""
    queries = search_weeks.weeks_tsqueries("'grain'", first=2868, last=2869, matches_empty=False)
    claims = search_weeks.in_weeks(Claim.objects.published(), queries)
    sql, params = claims.query.sql_with_params()
    with connection.cursor() as cursor:
        # In an empty table the published claims' date index is cheaper than any: without
        # it (until the test's transaction rolls back), this index or no index answers.
        cursor.execute("DROP INDEX claim_status_last_seen, claim_status_published")
    assert "claim_published_search_weeks" in explain(sql, params)


def test_a_claim_seen_again_moves_to_its_new_week(windows):
    claims_by_day(30, matching={20: 1})
    claim = _published("Grain exports fell", 25)
    windows()
    later = NEWEST + datetime.timedelta(days=1)
    Claim.objects.filter(pk=claim.pk).update(last_seen=later)
    search.claim_search_refresh(claim_ids=[claim.pk])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT claims_search_weeks(search_vector, last_seen)"
            " @@ %s::tsquery FROM claims_claim WHERE id = %s",
            [f"'{search_weeks.week(later)} grain'", claim.pk],
        )
        assert cursor.fetchone() == (True,)
    matches = search.claims_matching(Claim.objects.published(), q="grain")
    assert search.ranking_candidate_ids(matches, q="grain")[0] == claim.pk


def test_a_window_longer_than_the_weeks_asked_for_is_all_claims_not_days(
    windows, no_word_statistics, monkeypatch
):
    """A window of more weeks than the index of words by week is asked for would be asked
    by days, which is slower than the words' own index over all claims at once."""
    monkeypatch.setattr(search, "FEW_MATCHES", 0)  # every search tries its second window
    monkeypatch.setattr(search_weeks, "MAX_WEEKS", 1)
    wording_by_day()
    windows()
    # The first window (the newest week) holds one of wheat's four claims: the second
    # would reach back weeks more.
    matches = search.claims_matching(Claim.objects.published(), q="wheat")
    with CaptureQueriesContext(connection) as queries:
        found = search.ranking_candidate_ids(matches, q="wheat")
    assert found == single_query(matches)
    asked = [x["sql"] for x in queries.captured_queries if x["sql"].startswith('SELECT "claims')]
    assert not any("'seen " in sql for sql in asked)
    assert [is_window(sql) for sql in asked] == [True, False]  # the newest week, then all
    assert "claims_search_weeks(" in asked[0]
