"""/api/v1/claimreview/: the claim pages' ClaimReview JSON-LD, for aggregators."""

import datetime

import pytest
from django.utils import timezone

from claims import selectors
from claims.models import Claim, Review
from claims.tests.api.conftest import API
from claims.tests.factories import ActorFactory, ClaimFactory, ReviewFactory, StatementFactory

pytestmark = pytest.mark.django_db

FEED = f"{API}/claimreview/"


def test_items_are_the_claim_pages_markup(anon, published_claim):
    """Each item is exactly the JSON-LD the claim's public page embeds."""
    [item] = anon.get(FEED).json()["results"]
    expected = selectors.claimreview_for(claim=published_claim, base_url="http://testserver/")
    assert item == expected
    assert item["@type"] == "ClaimReview"
    page = anon.get(published_claim.get_absolute_url()).content.decode()
    assert f'"claimReviewed": "{published_claim.text}"' in page


def test_the_feed_is_the_export_page_by_page(anon):
    """Walking the pages gives what `export_claimreview` exports, in the same order,
    other fact-checkers' verdicts included (each with its own page)."""
    for n in range(5):
        claim = ClaimFactory(published=True)
        StatementFactory(claim=claim)
        ReviewFactory(claim=claim, published=True)
        if n % 2:
            ReviewFactory(
                claim=claim,
                published=True,
                reviewer=ActorFactory(kind="organisation"),
                url=f"https://factcheck.example.net/{n}",
                original_rating="Pants on Fire!",
            )
    items, url = [], f"{FEED}?page_size=2"
    while url:
        body = anon.get(url).json()
        items += body["results"]
        url = body["next"]
    assert items == list(selectors.claimreview_export(base_url="http://testserver/"))
    assert len(items) == 7
    assert "https://factcheck.example.net/1" in [item["url"] for item in items]


def test_only_published_verdicts_of_published_claims(anon, published_claim):
    """Drafts, claims without a published verdict and draft verdicts stay out."""
    ReviewFactory(claim=ClaimFactory(status="draft"), published=True)
    ReviewFactory(claim=ClaimFactory(published=True))  # draft verdict only
    ClaimFactory(published=True)  # no verdict
    urls = [item["url"] for item in anon.get(FEED).json()["results"]]
    assert urls == [f"http://testserver{published_claim.get_absolute_url()}"]


def test_updated_since(anon, published_claim):
    """?updated_since= keeps ClaimReviews changed at or after that moment."""
    old = ClaimFactory(published=True)
    ReviewFactory(claim=old, published=True)
    long_ago = timezone.now() - datetime.timedelta(days=30)
    Claim.objects.filter(pk=old.pk).update(updated_at=long_ago)
    Review.objects.filter(claim=old).update(updated_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    results = anon.get(FEED, {"updated_since": since}).json()["results"]
    assert [r["claimReviewed"] for r in results] == [published_claim.text]
    assert anon.get(FEED, {"updated_since": "soon"}).status_code == 400


def test_paginated(anon):
    for _ in range(3):
        ReviewFactory(claim=ClaimFactory(published=True), published=True)
    body = anon.get(FEED, {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and body["next"]


@pytest.mark.parametrize("rows", [2, 12])
def test_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        claim = ClaimFactory(published=True)
        StatementFactory(claim=claim)
        StatementFactory(claim=claim)
        ReviewFactory(claim=claim, published=True)
    with django_assert_max_num_queries(5):
        assert anon.get(FEED).status_code == 200
