"""The ClaimReview renderer: plain data in, schema.org JSON-LD dict out (no database)."""

import datetime
import json

from claims.domain import claimreview
from claims.domain.claimreview import (
    Appearance,
    ClaimReviewData,
    Party,
    RatingData,
    first_appearance,
    render,
)


def make_data(**overrides) -> ClaimReviewData:
    values = {
        "url": "https://claims.example.org/claims/genocide/",
        "claim_reviewed": "There is an ongoing genocide in Donbas",
        "headline": "There was no genocide in Donbas",
        "rating": RatingData(label="False", value=1, best=5, worst=1),
        "review_author": Party(name="Fact desk", type=claimreview.PERSON),
        "publisher": Party(name="ClaimTrack", url="https://claims.example.org/"),
        "date_published": datetime.date(2022, 3, 1),
        "claim_author": Party(
            name="Vladimir Putin",
            type=claimreview.PERSON,
            same_as="https://www.wikidata.org/wiki/Q7747",
        ),
        "claim_date": datetime.date(2022, 2, 15),
        "appearances": (
            Appearance(url="https://news.example.org/b", date=datetime.date(2022, 2, 16)),
            Appearance(url="https://news.example.org/a", date=datetime.date(2022, 2, 15)),
        ),
    }
    values.update(overrides)
    return ClaimReviewData(**values)


def test_render_has_every_property_google_requires():
    """The dict carries the ClaimReview, Rating and Claim properties fact-check markup needs."""
    result = render(make_data())
    assert result["@context"] == "https://schema.org"
    assert result["@type"] == "ClaimReview"
    assert result["url"] == "https://claims.example.org/claims/genocide/"
    assert result["claimReviewed"] == "There is an ongoing genocide in Donbas"
    assert result["author"] == {"@type": "Person", "name": "Fact desk"}
    assert result["datePublished"] == "2022-03-01"
    assert result["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    item = result["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Vladimir Putin",
        "sameAs": "https://www.wikidata.org/wiki/Q7747",
    }
    assert item["datePublished"] == "2022-02-15"
    assert [a["url"] for a in item["appearance"]] == [
        "https://news.example.org/b",
        "https://news.example.org/a",
    ]
    assert item["firstAppearance"]["url"] == "https://news.example.org/a"


def test_render_is_json_serialisable():
    """Everything in the dict is plain JSON (dates as ISO strings)."""
    assert json.loads(json.dumps(render(make_data())))["datePublished"] == "2022-03-01"


def test_off_scale_rating_is_exported_by_label_alone():
    """A rating without a number (Unproven) has alternateName and no ratingValue or bounds."""
    result = render(make_data(rating=RatingData(label="Unproven", value=None, best=5, worst=1)))
    assert result["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_unknown_claim_author_and_appearances_are_left_out():
    """Missing facts are omitted rather than sent empty."""
    result = render(make_data(claim_author=None, claim_date=None, appearances=()))
    assert result["itemReviewed"] == {"@type": "Claim"}


def test_same_as_is_omitted_when_unknown():
    """An actor without a reference page has no sameAs."""
    result = render(make_data(claim_author=Party(name="Ministry", type=claimreview.ORGANIZATION)))
    assert result["itemReviewed"]["author"] == {"@type": "Organization", "name": "Ministry"}


def test_first_appearance_is_the_earliest_dated_one():
    """Undated appearances do not win over dated ones; with none dated, the first listed wins."""
    undated = Appearance(url="https://x.example/undated")
    dated = Appearance(url="https://x.example/dated", date=datetime.date(2022, 1, 1))
    assert first_appearance((undated, dated)) == dated
    assert first_appearance((undated,)) == undated
    assert first_appearance(()) is None
