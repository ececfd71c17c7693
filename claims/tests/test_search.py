"""The search's ranking candidates: windows of recent claims give the single query's answer.

``search.ranking_candidate_ids`` looks for the most recently seen matches in windows of
recent claims before it asks all of them (docs/PERFORMANCE.md). The limits are
lowered and the sample is the whole table here, so that a few claims spread over
a month behave like a million-claim archive.
"""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from claims import search, search_weeks, search_windows, search_words, selectors
from claims.models import Claim
from claims.tests.factories import (
    ActorFactory,
    ClaimFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

NEWEST = datetime.date(2024, 3, 31)


def claims_by_day(days: int, *, matching: dict[int, int]) -> None:
    """A published claim last seen each day for ``days`` days back from NEWEST, plus
    ``matching[d]`` claims mentioning grain on day ``d`` (0 is NEWEST, None undated)."""
    for day in range(days):
        _published("Sanctions were lifted", day)
    for day, count in matching.items():
        for _ in range(count):
            _published("Grain exports fell", day)


def _published(text: str, day: int | None) -> Claim:
    claim = ClaimFactory(text=f"{text} ({Claim.objects.count()})", published=True)
    seen = None if day is None else NEWEST - datetime.timedelta(days=day)
    Claim.objects.filter(pk=claim.pk).update(first_seen=seen, last_seen=seen)
    search.claim_search_refresh(claim_ids=[claim.pk])  # its day, as claim_refresh_dates does
    return claim


@pytest.fixture
def windows(monkeypatch):
    """Three candidates; the first window holds the 6 most recent claims, in an archive of
    12 or more; a sample of every claim, and PostgreSQL's statistics of them, taken when
    called (statistics left by earlier tests would size the windows otherwise)."""
    monkeypatch.setattr(search, "RANK_CANDIDATES", 3)
    monkeypatch.setattr(search, "WINDOW_FIRST", 2)
    monkeypatch.setattr(search, "WINDOWS_FROM", 4)
    monkeypatch.setattr(search, "FEW_MATCHES", 1)
    monkeypatch.setattr(search_windows, "SAMPLE_PERCENT", 100)

    def take():
        analyze_claims()
        return search_windows.recent_claims_refresh()

    return take


@pytest.fixture
def no_word_statistics(monkeypatch):
    """PostgreSQL's word counts as before its first ANALYZE: every word counts as rare, and
    the windows are sized from what the first one finds (the machinery under test)."""
    monkeypatch.setattr(search_words, "common_lexemes", lambda using="default": {})


def is_window(sql: str) -> bool:
    """Whether a query asks a window of recent claims: by date, by weeks or by day lexemes."""
    return '"last_seen" >=' in sql or "claims_search_weeks(" in sql or "'seen " in sql


def window_weeks(sql: str) -> list[datetime.date]:
    """The Mondays of the weeks a window asks of the index of words by week, in order."""
    weeks = sorted({int(week) for week in re.findall(r"'(\d+) grain'", sql)})
    return [search_weeks.EPOCH + datetime.timedelta(weeks=week) for week in weeks]


def single_query(claims) -> list[int]:
    """What ranking_candidate_ids answered before the windows: one query over all claims."""
    recent = claims.order_by(F("last_seen").desc(nulls_last=True), "pk")
    return list(recent.values_list("pk", flat=True)[: search.RANK_CANDIDATES])


def grain_candidates() -> tuple[list[int], list[int], int]:
    """(windowed candidates, single query's, how many candidate queries were made)."""
    matches = search.claims_matching(Claim.objects.published(), q="grain")
    with CaptureQueriesContext(connection) as queries:
        found = search.ranking_candidate_ids(matches, q="grain")
    asked = [q for q in queries.captured_queries if q["sql"].startswith('SELECT "claims_claim"')]
    return sorted(found), sorted(single_query(matches)), len(asked)


@pytest.mark.parametrize(
    ("days", "matching", "queries"),
    [
        # Enough in the first window (the claims seen since the Monday of the 7th most
        # recent's day: 25 March, day 6; NEWEST is a Sunday).
        (30, {0: 1, 2: 1, 4: 2, 9: 1}, 1),
        # Two in the first window, the third in the second one (sized from their rate).
        (30, {1: 1, 5: 1, 8: 1, 9: 1, 20: 1}, 2),
        # The second window is short too: then all claims at once.
        (30, {1: 1, 5: 1, 28: 1, 29: 1}, 3),
        # None in the first window: a rare word goes to all claims at once.
        (30, {25: 1, 28: 1}, 2),
        # Claims seen the same day are in the same window, ordered by key.
        (60, {3: 1, 9: 4, 10: 1}, 2),
        # ... also when the first window's rate says the rest is further than the archive.
        (30, {3: 1, 7: 4, 8: 1}, 2),
    ],
)
def test_windows_find_the_most_recent_matches_like_one_query(
    windows, no_word_statistics, days, matching, queries
):
    claims_by_day(days, matching=matching)
    windows()
    found, expected, asked = grain_candidates()
    assert found == expected
    assert asked == queries


def test_the_words_share_of_claims_sizes_the_first_window(windows, monkeypatch):
    """A word the usual first window would hold too few of gets one wide enough, sized
    from PostgreSQL's count of it: one query where two were needed without it."""
    monkeypatch.setattr(search, "WALK_FROM", 1)
    claims_by_day(60, matching={1: 1, 5: 1, 8: 1, 9: 1, 20: 1, 40: 1})  # 6 in 66 claims
    windows()
    with monkeypatch.context() as unknown:
        unknown.setattr(search_words, "common_lexemes", lambda using="default": {})
        found, expected, asked = grain_candidates()
        assert found == expected and asked == 2
    found, expected, asked = grain_candidates()
    assert found == expected and asked == 1
    # From about day 37 on, a Saturday: the window starts on the Monday before, 19 February.
    assert window_weeks(first_window_sql("grain"))[0] == datetime.date(2024, 2, 19)


def test_words_too_rare_for_any_window_ask_all_claims_at_once(windows, monkeypatch):
    """When the share says the candidates lie further back than the archive, one query
    over every claim finds them (a window first would only add a query)."""
    claims_by_day(30, matching={4: 1, 25: 1})
    windows()
    found, expected, asked = grain_candidates()
    assert found == expected and asked == 1
    assert not is_window(first_window_sql("grain"))


def test_a_small_archive_gets_one_query(windows):
    claims_by_day(7, matching={1: 1, 5: 1, 6: 1})  # 10 claims
    windows()
    found, expected, asked = grain_candidates()
    assert found == expected and asked == 1


def test_a_rare_match_long_ago_is_found(windows):
    claims_by_day(30, matching={})
    old = _published("Grain exports fell", 2000)
    windows()
    found, expected, _ = grain_candidates()
    assert found == expected == [old.pk]


def test_an_undated_match_is_found_when_there_are_few_matches(windows):
    """Claims never seen sort after every dated one, and are found when the dated are too few."""
    claims_by_day(30, matching={2: 1})
    undated = _published("Grain exports fell", None)
    windows()
    found, expected, _ = grain_candidates()
    assert found == expected and undated.pk in found


def test_ranked_results_are_unchanged_by_windows(windows):
    """The public search ranks the same candidates, windows or not."""
    claims_by_day(30, matching={1: 1, 5: 1, 8: 1, 9: 1, 20: 1})
    before = [c.pk for c in selectors.claim_search(q="grain")]  # no sample yet: one query
    windows()
    assert [c.pk for c in selectors.claim_search(q="grain")] == before


@pytest.mark.parametrize("windowed", [False, True])
def test_ranked_ids_are_the_order_a_query_over_the_candidates_sorts_by(
    windows, monkeypatch, windowed
):
    """Ranked as they are fetched, the candidates come out as ``-rank, -last_seen, pk``
    would sort them: equal ranks on the same day by key, on other days newest first."""
    if not windowed:
        monkeypatch.setattr(search, "RANK_CANDIDATES", 50)  # all of them: no windows
    # Older claims get the lower keys, so that ordering by key alone would differ.
    claims_by_day(30, matching={None: 1, 12: 1, 9: 2, 3: 1, 1: 2})
    for day in (9, 9, 2):
        _published("Grain, grain and grain exports fell", day)  # a better rank
    windows()
    matches = search.claims_matching(Claim.objects.published(), q="grain")
    candidates = search.ranking_candidate_ids(matches, q="grain")
    expected = list(
        matches.filter(pk__in=candidates)
        .order_by("-rank", F("last_seen").desc(nulls_last=True), "pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == search.RANK_CANDIDATES if windowed else len(expected) == 10
    assert search.ranked_ids(matches, q="grain") == expected


def test_a_search_with_more_matches_than_it_ranks_samples_the_archive(monkeypatch):
    """A small archive never pays for a sample; a search that could use windows takes one."""
    monkeypatch.setattr(search_windows, "SAMPLE_PERCENT", 100)
    claims_by_day(3, matching={0: 2})
    selectors.claim_search(q="grain").count()
    assert search_windows.recent_claims() is None
    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)
    selectors.claim_search(q="grain").count()
    assert search_windows.recent_claims().dated == 5


def test_the_most_recent_claims_are_counted_and_the_older_sampled(monkeypatch):
    """The first windows are sized from exact counts of the recent days: a sample of a
    table's pages holds few of its recent claims, which lie together on its last pages."""
    monkeypatch.setattr(search_windows, "EXACT_CLAIMS", 4)
    monkeypatch.setattr(search_windows, "SAMPLE_PERCENT", 100)  # every older page
    claims_by_day(6, matching={0: 2, 1: 1})  # 9 claims over 6 days, 3 of them the newest
    day = datetime.timedelta(days=1)
    counts = search_windows.recent_claims_sample()
    # The newest day (3 claims) in full; the next day's cut short by the limit, so sampled.
    assert counts.exact == ((NEWEST.toordinal(), 3),)
    assert len(counts.days) == 6 and counts.share == 1
    assert counts.dated == 9
    assert counts.seen_since(NEWEST) == 3
    assert counts.seen_since(NEWEST - day) == 5
    assert counts.since(3) == NEWEST
    assert counts.since(4) == NEWEST - day
    assert counts.since(9) == NEWEST - 5 * day
    assert counts.since(10) is None


def test_a_small_archive_is_counted_in_full(monkeypatch):
    monkeypatch.setattr(search_windows, "SAMPLE_PERCENT", 0.0001)  # would find nothing
    claims_by_day(4, matching={0: 1})
    counts = search_windows.recent_claims_sample()
    assert counts.days == () and counts.dated == 5
    assert counts.since(2) == NEWEST
    assert counts.seen_since(NEWEST - datetime.timedelta(days=2)) == 4


def test_windows_keep_the_list_page_within_ten_queries(
    client, windows, monkeypatch, django_assert_max_num_queries
):
    """Sample, then three candidate queries at most, on a page of an archive too big for
    filter lists: no more queries than before."""
    monkeypatch.setattr(selectors, "FILTER_OPTIONS_LIMIT", 0)
    claims_by_day(30, matching={1: 1, 5: 1, 28: 1, 29: 1})
    claim = Claim.objects.filter(text__startswith="Grain").first()
    claim.topics.add(TopicFactory())
    StatementFactory(claim=claim, source__published_on=claim.last_seen)  # on its day
    with django_assert_max_num_queries(10):  # no sample yet: one query, then the sample
        assert client.get("/claims/", {"q": "grain"}).status_code == 200
    assert search_windows.recent_claims() is not None
    with django_assert_max_num_queries(10) as captured:  # then all three windows
        page = client.get("/claims/", {"q": "grain", "order": "relevance", "page": "1"})
    windows_asked = [q for q in captured.captured_queries if is_window(q["sql"])]
    assert len(windows_asked) == 2  # and all claims at once
    shown = page.content.decode()
    assert "3+ matching claims" in shown  # four match: the three most recent are ranked
    assert "Seen 30 Mar 2024" in shown and "Seen 3 Mar 2024" in shown  # days 1 and 28
    assert "Seen 2 Mar 2024" not in shown  # day 29


def test_typed_filters_and_all_windows_stay_within_ten_queries(
    client, windows, monkeypatch, django_assert_max_num_queries
):
    """An actor, a topic and a source typed as names are resolved in one query, and the
    filter options come from the cache: with all three windows, still at most ten."""
    monkeypatch.setattr(selectors, "FILTER_OPTIONS_LIMIT", 0)
    claims_by_day(30, matching={1: 1, 5: 1, 28: 1, 29: 1})
    topic = TopicFactory(name="Food security")
    actor = ActorFactory(name="Olena Kovalenko")
    quotes = [f"Exports fell for the {n}th month running." for n in range(4, 8)]
    # Undated, and each quote said on its claim's day: the claims keep their days.
    source = SourceFactory(
        url="https://news.example/grain",
        text=" ".join(quotes),
        published_on=None,
        date_precision="unknown",
    )
    for claim, quote in zip(Claim.objects.filter(text__startswith="Grain"), quotes, strict=True):
        claim.topics.add(topic)
        StatementFactory(
            claim=claim, actor=actor, source=source, exact=quote, said_on=claim.last_seen
        )
    client.get("/claims/", {"q": "grain"})  # the sample, and the filter options, once
    typed = {
        "q": "grain",
        "actor": "olena kovalenko",
        "topic": "Food Security",
        "source": "https://news.example/grain",
    }
    with django_assert_max_num_queries(10) as captured:
        page = client.get("/claims/", typed)
    assert sum(is_window(q["sql"]) for q in captured.captured_queries) == 2
    shown = page.content.decode()
    assert "Olena Kovalenko" in shown and "Food security" in shown
    assert "3+ matching claims" in shown  # four match: the three most recent are ranked


def test_api_search_uses_windows_for_published_claims_only(client, windows, editor_user):
    """The public API's search is windowed like the list page; editors, who search drafts
    too, get the single query (only the published claims' dates are indexed in order)."""
    claims_by_day(30, matching={1: 1, 5: 1, 8: 1, 9: 1, 20: 1})
    windows()
    expected = [c.pk for c in selectors.claim_search(q="grain")]
    for reader, windowed in ((None, True), (editor_user, False)):
        if reader:
            client.force_login(reader)
        with CaptureQueriesContext(connection) as queries:
            body = client.get("/api/v1/claims/", {"q": "grain"}).json()
        assert sorted(c["id"] for c in body["results"]) == sorted(expected)
        assert any(is_window(q["sql"]) for q in queries.captured_queries) == windowed


def test_a_searchs_count_is_its_candidates_without_a_count_query():
    """The ranked candidates' keys are known before any row is fetched: their number is
    the list's count (no COUNT), and a page fetches its own rows by key, in rank order."""
    from claims.paginators import CappedPaginator

    texts = [
        "Harbour cranes were sold abroad",
        "Harbour cranes, harbour cranes: the harbour cranes were sold abroad",
        "Harbour cranes were sold abroad, and harbour cranes again",
    ]
    for text in texts:
        ClaimFactory(published=True, text=text)
    ClaimFactory(text="Harbour cranes were sold abroad, a draft")
    results = selectors.claim_search(q="harbour cranes")
    with CaptureQueriesContext(connection) as queries:
        paginator = CappedPaginator(results, 2)
        assert paginator.count == 3 and not paginator.count_is_capped
    assert not queries.captured_queries
    with CaptureQueriesContext(connection) as queries:
        first = paginator.page(1).object_list
    assert [c.text for c in first] == [texts[1], texts[2]]
    [page_query] = [q["sql"] for q in queries.captured_queries if "claims_claim" in q["sql"]][:1]
    # The page's rows are asked for by their keys (claims.claim_list_rows), not ranked again.
    assert "ts_rank" not in page_query and "unnest" in page_query
    assert [c.text for c in paginator.page(2).object_list] == [texts[0]]


def test_a_claim_unpublished_after_it_was_ranked_is_left_out_of_its_page():
    for n in range(3):
        ClaimFactory(published=True, text=f"Harbour cranes were sold abroad, number {n}")
    results = selectors.claim_search(q="harbour cranes")
    first, second, third = list(results)
    Claim.objects.filter(pk=second.pk).update(status="draft")
    assert [c.pk for c in results[0:3]] == [first.pk, third.pk]
    assert results[-1].pk == third.pk
    assert first in results and second not in results
    with pytest.raises(IndexError):
        results[3]
    with pytest.raises(IndexError):
        results[1]  # its row is gone: no claim in its place


def analyze_claims() -> None:
    """What autovacuum does after enough writes: PostgreSQL counts the words again."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_claim")
    search_words.forget()


def first_window_sql(q: str) -> str:
    matches = search.claims_matching(Claim.objects.published(), q=q)
    with CaptureQueriesContext(connection) as queries:
        found = search.ranking_candidate_ids(matches, q=q)
    assert sorted(found) == sorted(single_query(matches))
    return next(x["sql"] for x in queries.captured_queries if x["sql"].startswith('SELECT "claims'))


def test_a_common_word_walks_the_first_window_and_a_rarer_one_asks_its_weeks(windows, monkeypatch):
    """Both find the same claims as one query over all of them."""
    monkeypatch.setattr(search, "WALK_FROM", 1)  # a first window expected to hold 3 matches
    claims_by_day(30, matching={1: 1, 5: 1, 8: 1, 9: 1, 20: 1})
    windows()
    analyze_claims()
    common = first_window_sql("sanctions")  # in 30 of 35 claims
    assert '"last_seen" >=' in common and "claims_search_weeks(" not in common
    rarer = first_window_sql("grain")  # in 5 of 35
    assert "claims_search_weeks(" in rarer and '"last_seen" >=' not in rarer
    weeks = window_weeks(rarer)  # whole weeks, up to NEWEST's
    assert weeks[-1] == datetime.date(2024, 3, 25)
    assert weeks == [weeks[0] + datetime.timedelta(weeks=n) for n in range(len(weeks))]


def test_a_claim_seen_after_the_sample_was_taken_is_in_the_first_window(windows):
    """The first window's days end on the last day any claim was seen, asked with the
    search itself, not on the last day of the sample, which is minutes old."""
    claims_by_day(30, matching={1: 1, 2: 1, 3: 1, 9: 1})
    windows()
    later = _published("Grain exports fell again", -3)
    later.refresh_from_db()
    assert later.last_seen == NEWEST + datetime.timedelta(days=3)
    matches = search.claims_matching(Claim.objects.published(), q="grain")
    found = search.ranking_candidate_ids(matches, q="grain")
    assert found == single_query(matches)
    assert found[0] == later.pk
