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


# ---------------------------------------------------------------- feeds, checks, JSON-LD


def test_language_is_always_given():
    """inLanguage carries the verdict's language; "und" (BCP 47) when it is not known."""
    assert render(make_data(language="es"))["inLanguage"] == "es"
    assert render(make_data(language=""))["inLanguage"] == "und"


def test_iter_json_writes_an_array_piece_by_piece():
    """The pieces join into one JSON array; nothing is buffered but the current item."""
    pieces = list(claimreview.iter_json(iter([render(make_data()), {"b": 2}])))
    assert len(pieces) == 4
    assert json.loads("".join(pieces))[1] == {"b": 2}
    assert json.loads("".join(claimreview.iter_json(iter([])))) == []


def test_iter_json_in_a_data_feed_gives_the_context_once():
    """With an envelope, the items are the DataFeed's dataFeedElement without their own @context."""
    envelope = claimreview.feed_envelope(
        name="Checks", url="https://claims.example.org/", date_modified=datetime.date(2022, 3, 1)
    )
    feed = json.loads("".join(claimreview.iter_json([render(make_data())], envelope=envelope)))
    assert feed["@type"] == "DataFeed" and feed["@context"] == "https://schema.org"
    assert feed["dateModified"] == "2022-03-01"
    (item,) = feed["dataFeedElement"]
    assert "@context" not in item and item["@type"] == "ClaimReview"


def test_markup_problems_is_empty_for_complete_markup():
    """Everything Google requires and recommends is there."""
    assert claimreview.markup_problems(render(make_data())) == []


def test_markup_problems_names_what_is_missing():
    """Missing properties are named by their path; a number needs its bounds."""
    item = render(make_data(claim_author=None, appearances=()))
    item["reviewRating"].pop("bestRating")
    problems = claimreview.markup_problems(item)
    assert "itemReviewed.author.name" in problems
    assert "itemReviewed.appearance" in problems
    assert "reviewRating.bestRating/worstRating" in problems
    assert claimreview.markup_problems({"claimReviewed": "x"}, recommended=False) == [
        "url",
        "reviewRating.alternateName",
    ]


def test_rendered_markup_expands_as_json_ld_without_losing_a_property():
    """PyLD expands the markup (schema.org's context served locally) and keeps every property."""
    from claims.tests.jsonld import SCHEMA, expand, lost_properties

    item = render(make_data(date_modified=datetime.date(2022, 3, 2)))
    assert not lost_properties(item)
    (node,) = expand(item)
    assert node["@type"] == [SCHEMA + "ClaimReview"]
    assert node[SCHEMA + "url"] == [{"@id": "https://claims.example.org/claims/genocide/"}]
    assert node[SCHEMA + "datePublished"] == [{"@type": SCHEMA + "Date", "@value": "2022-03-01"}]


def test_a_misspelt_property_is_caught_by_the_expansion():
    """The check is real: a property schema.org does not define is reported lost."""
    from claims.tests.jsonld import lost_properties

    item = render(make_data())
    item["claimReviwed"] = item.pop("claimReviewed")
    assert lost_properties(item) == {"claimReviwed": 1}
