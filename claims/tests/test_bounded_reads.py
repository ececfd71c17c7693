"""Reads whose cost must not grow with the archive: capped counts, bounded ranking.

The limits are lowered here so that a handful of rows shows the behaviour a
million-claim archive has (docs/PERFORMANCE.md).
"""

import datetime

import pytest

from claims import scorecards, search, selectors
from claims.models import Claim
from claims.paginators import CappedPaginator
from claims.tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    ClaimFactory,
    ReviewFactory,
    StatementFactory,
    default_rating,
)

pytestmark = pytest.mark.django_db


def published_claims(*texts: str) -> list[Claim]:
    """Published claims, the first one seen most recently."""
    claims = []
    for days_ago, text in enumerate(texts):
        claim = ClaimFactory(text=text, published=True)
        seen = datetime.date(2022, 2, 20) - datetime.timedelta(days=days_ago)
        Claim.objects.filter(pk=claim.pk).update(first_seen=seen, last_seen=seen)
        search.claim_search_refresh(claim_ids=[claim.pk])  # its day, as claim_refresh_dates does
        claims.append(claim)
    return claims


@pytest.fixture
def count_limit(monkeypatch):
    monkeypatch.setattr(CappedPaginator, "count_limit", 3)


def test_claim_list_counts_up_to_the_limit_and_says_there_are_more(client, count_limit):
    """Past the limit the heading reads "3+ claims" and the pages stop at the limit."""
    published_claims(*(f"Claim number {n}" for n in range(5)))
    page = client.get("/claims/").content.decode()
    assert "3+ claims" in page
    assert page.count('<li class="claim-item">') == 3


def test_claim_list_count_is_exact_under_the_limit(client, count_limit):
    published_claims("Only claim one", "Only claim two")
    page = client.get("/claims/").content.decode()
    assert "2 claims" in page and "2+ claims" not in page


def test_api_count_says_when_it_stopped_counting(client, count_limit):
    """The API's ``count`` stops at the limit and ``count_capped`` tells clients so."""
    published_claims(*(f"Claim number {n}" for n in range(5)))
    body = client.get("/api/v1/claims/").json()
    assert body["count"] == 3 and body["count_capped"] is True
    assert len(body["results"]) == 3 and body["next"] is None
    published = client.get("/api/v1/claims/?q=number&page_size=2").json()
    assert published["count_capped"] is True and published["next"] is not None


def test_api_count_is_exact_under_the_limit(client, count_limit):
    published_claims("Only claim one", "Only claim two")
    body = client.get("/api/v1/claims/").json()
    assert body["count"] == 2 and body["count_capped"] is False


def test_relevance_is_judged_among_the_most_recent_matches(monkeypatch):
    """A word matching more claims than the bound ranks the most recently seen ones only."""
    published_claims(
        "Grain prices rose in March",
        "Grain stocks are low",
        "Grain grain grain: the grain deal collapsed",  # best match, seen longest ago
    )
    assert selectors.claim_search(q="grain")[0].text.startswith("Grain grain")
    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)
    ranked = [c.text for c in selectors.claim_search(q="grain")]
    assert sorted(ranked) == ["Grain prices rose in March", "Grain stocks are low"]


def test_bounded_ranking_applies_the_filters_before_the_bound(monkeypatch):
    """The bound keeps the most recent matches *of the filtered search*, not of all claims."""
    _recent, older = published_claims("Grain exports fell", "Grain exports rose")
    monkeypatch.setattr(search, "RANK_CANDIDATES", 1)
    found = selectors.claim_search(q="grain", date_to=datetime.date(2022, 2, 19))
    assert [c.pk for c in found] == [older.pk]


def test_api_search_uses_the_same_bound(client, monkeypatch):
    published_claims("Grain prices rose", "Grain grain grain deal")
    monkeypatch.setattr(search, "RANK_CANDIDATES", 1)
    body = client.get("/api/v1/claims/?q=grain").json()
    assert [c["text"] for c in body["results"]] == ["Grain prices rose"]


def test_api_search_says_when_more_match_than_it_ranked(client, monkeypatch):
    """A search that found as many matches as it ranks says more may match, as the page's
    "1000+" does; under the bound the count is exact."""
    published_claims("Grain prices rose", "Grain exports fell", "Wheat stocks are low")
    monkeypatch.setattr(search, "RANK_CANDIDATES", 2)
    body = client.get("/api/v1/claims/?q=grain").json()
    assert body["count"] == 2 and body["count_capped"] is True
    fewer = client.get("/api/v1/claims/?q=wheat").json()
    assert fewer["count"] == 1 and fewer["count_capped"] is False
    # Ordered by another field than relevance, nothing is ranked: every match is counted.
    ordered = client.get("/api/v1/claims/?q=grain&ordering=text").json()
    assert ordered["count"] == 2 and ordered["count_capped"] is False
    monkeypatch.setattr(search, "RANK_CANDIDATES", 3)
    exact = client.get("/api/v1/claims/?q=grain&page=1").json()
    assert exact["count"] == 2 and exact["count_capped"] is False


def test_cached_scorecard_follows_verdicts_and_statements(django_assert_num_queries):
    """The scorecard is computed once, then forgotten by any write that changes it."""
    speaker, other = ActorFactory(slug="speaker"), ActorFactory(slug="other")
    claim = ClaimFactory(published=True)
    statement = StatementFactory(claim=claim, actor=speaker)
    review = ReviewFactory(claim=claim, published=True, rating=default_rating("false"))

    def card(actor):
        return [
            (row.rating.slug, row.count) for row in scorecards.actor_scorecard(actor_id=actor.pk)
        ]

    assert card(speaker) == [("false", 1)]
    with django_assert_num_queries(0):
        assert card(speaker) == [("false", 1)]
    review.rating = default_rating("true")
    review.save()
    assert card(speaker) == [("true", 1)]
    statement.actor = other
    statement.save()
    assert card(speaker) == [] and card(other) == [("true", 1)]
    scorecards.scorecards_forget_all()
    with django_assert_num_queries(2):
        assert card(other) == [("true", 1)]


def test_long_filter_lists_become_text_fields_that_take_names(client, monkeypatch):
    """Past the limit the actor filter is typed: a name or alias finds the actor's claims."""
    monkeypatch.setattr(selectors, "FILTER_OPTIONS_LIMIT", 1)
    lavrov = ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")
    ActorAliasFactory(actor=lavrov, name="Sergei Lavrov")
    said, other = published_claims("Troops are withdrawing", "Sanctions are working")
    StatementFactory(claim=said, actor=lavrov)
    StatementFactory(claim=other, actor=ActorFactory(name="Someone Else"))
    page = client.get("/claims/").content.decode()
    assert '<input id="actor" type="text" name="actor"' in page
    assert '<option value="sergey-lavrov"' not in page
    found = client.get("/claims/", {"actor": "sergei  LAVROV"}).content.decode()
    assert "Troops are withdrawing" in found and "Sanctions are working" not in found
    assert 'value="Sergey Lavrov"' in found  # the field shows whom it found
    assert "Said by: Sergey Lavrov" in found
    by_slug = client.get("/claims/", {"actor": "sergey-lavrov"}).content.decode()
    assert "Troops are withdrawing" in by_slug and "Sanctions are working" not in by_slug
    nobody = client.get("/claims/", {"actor": "Nobody Known"}).content.decode()
    assert "No published claim matches" in nobody


def test_short_filter_lists_stay_drop_downs(client):
    lavrov = ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")
    StatementFactory(claim=published_claims("Troops are withdrawing")[0], actor=lavrov)
    page = client.get("/claims/").content.decode()
    assert '<option value="sergey-lavrov">Sergey Lavrov</option>' in page
