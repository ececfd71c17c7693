"""Reading ClaimReview records: shapes, messy values, ratings (no database)."""

import datetime

import pytest

from claims.domain import claimreview_import as cri
from claims.domain.claimreview_import import RatingIn, RecordRefused, ScaleRating

#: The default scale as migration 0002 ships it.
SCALE = [
    ScaleRating(key=slug, label=label, slug=slug, value=value, position=position)
    for position, (label, slug, value) in enumerate(
        [
            ("False", "false", 1),
            ("Mostly false", "mostly-false", 2),
            ("Half true", "half-true", 3),
            ("Mostly true", "mostly-true", 4),
            ("True", "true", 5),
            ("Misleading", "misleading", 2),
            ("Unproven", "unproven", None),
        ],
        start=1,
    )
]


def review(**overrides) -> dict:
    values = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://factcheck.example.net/checks/1",
        "claimReviewed": "The moon landing was staged",
        "author": {"@type": "Organization", "name": "Example Checks"},
        "datePublished": "2022-03-01",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "itemReviewed": {
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Speaker"},
            "appearance": [{"@type": "CreativeWork", "url": "https://social.example.com/1"}],
        },
    }
    values.update(overrides)
    return {key: value for key, value in values.items() if value is not None}


def refused(raw) -> RecordRefused:
    with pytest.raises(RecordRefused) as error:
        cri.parse(raw, index=1)
    return error.value


# ---------------------------------------------------------------- shapes


@pytest.mark.parametrize(
    "document",
    [
        review(),
        [review()],
        {"@context": "https://schema.org", "@graph": [review()]},
        {"@type": "DataFeed", "dataFeedElement": [review()]},
        {"@type": "DataFeed", "dataFeedElement": [{"@type": "DataFeedItem", "item": review()}]},
        {"@type": "ItemList", "itemListElement": [{"@type": "ListItem", "item": review()}]},
        {"claims": [review()]},
        [{"@graph": [review()]}],
    ],
    ids=["single", "list", "graph", "feed", "feed-items", "item-list", "wrapper", "nested"],
)
def test_records_finds_the_claimreview_in_every_usual_shape(document):
    """One item, a list, an @graph, a DataFeed (with or without DataFeedItem), an
    ItemList or another object wrapping a list: each yields the one ClaimReview."""
    found = list(cri.records(document))
    assert len(found) == 1
    assert cri.parse(found[0], index=1).url == "https://factcheck.example.net/checks/1"


def test_records_keeps_what_it_cannot_read_for_parse_to_refuse():
    """Strings and unknown objects are yielded, and refused by parse with the reason."""
    found = list(cri.records(["nonsense", {"hello": "world"}]))
    assert found == ["nonsense", {"hello": "world"}]
    assert refused(found[0]).reason == "not a ClaimReview"
    assert refused(found[1]).reason == "not a ClaimReview"


def test_type_may_be_prefixed_or_a_list():
    """schema:ClaimReview, the full IRI and a list of types all count."""
    for kind in ("schema:ClaimReview", "http://schema.org/ClaimReview", ["ClaimReview", "Thing"]):
        assert cri.parse(review(**{"@type": kind}), index=1).claim_reviewed


# ---------------------------------------------------------------- a clean record


def test_parse_reads_every_part_of_a_clean_record():
    """Review, rating, fact-checker, claimant and appearances come out as plain data."""
    raw = review(
        headline="No, it was not",
        inLanguage="en-gb",
        author={
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://factcheck.example.net/",
            "sameAs": ["https://www.wikidata.org/wiki/Q1", "https://twitter.com/x"],
        },
        reviewRating={"@type": "Rating", "alternateName": "False", "ratingValue": "1"},
        itemReviewed={
            "@type": "Claim",
            "author": {"@type": "Person", "name": "Jane Speaker", "sameAs": "https://w.example/j"},
            "datePublished": "2022-02-20",
            "firstAppearance": {
                "url": "https://social.example.com/1",
                "datePublished": "2022-02-21",
            },
            "appearance": [
                "https://video.example.com/2",
                {"url": "https://social.example.com/1", "headline": "dup"},
            ],
        },
    )
    parsed = cri.parse(raw, index=7)
    assert parsed.index == 7
    assert parsed.headline == "No, it was not"
    assert parsed.language == "en-GB"
    assert parsed.date_published == datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)
    assert parsed.ratings == (RatingIn(label="False", value=1.0),)
    assert parsed.reviewer.same_as == ("https://www.wikidata.org/wiki/Q1", "https://twitter.com/x")
    assert parsed.reviewer.url == "https://factcheck.example.net/"
    assert parsed.author_name == "Example Checks"
    assert parsed.claimant == cri.PartyIn(
        name="Jane Speaker", type=cri.PERSON, same_as=("https://w.example/j",)
    )
    assert parsed.claim_date == datetime.date(2022, 2, 20)
    assert [a.url for a in parsed.appearances] == [
        "https://social.example.com/1",
        "https://video.example.com/2",
    ]
    assert parsed.first_appearance().date == datetime.date(2022, 2, 21)
    assert parsed.warnings == ()


def test_a_person_author_is_credited_and_the_publisher_is_the_fact_checker():
    """A Person as author: the verdict is the publishing organisation's, by that person."""
    parsed = cri.parse(
        review(
            author={"@type": "Person", "name": "Ann Checker"},
            publisher={"@type": "Organization", "name": "Example Checks"},
        ),
        index=1,
    )
    assert (parsed.reviewer.name, parsed.author_name) == ("Example Checks", "Ann Checker")


def test_several_authors_the_organisation_is_the_fact_checker():
    """From a list of authors, the organisation is taken as the fact-checker."""
    parsed = cri.parse(
        review(author=[{"@type": "Person", "name": "Ann"}, {"@type": "Organization", "name": "O"}]),
        index=1,
    )
    assert parsed.reviewer.name == "O"


def test_a_bare_name_is_a_party():
    """An author given as a plain string is a name whose type is not known."""
    parsed = cri.parse(review(author="Example Checks"), index=1)
    assert parsed.reviewer == cri.PartyIn(name="Example Checks")


# ---------------------------------------------------------------- messy values


def test_html_is_reduced_to_text():
    """Tags go, entities are decoded, white space is folded."""
    parsed = cri.parse(
        review(claimReviewed="<p>Vaccines contain <b>chips</b> &amp;\n  trackers</p>"), index=1
    )
    assert parsed.claim_reviewed == "Vaccines contain chips & trackers"


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("url", None, "missing url"),
        ("url", "javascript:alert(1)", "invalid url"),
        ("url", 12345, "wrong type"),
        ("url", "https://x.example/" + "a" * 2000, "too long"),
        ("claimReviewed", None, "missing claimReviewed"),
        ("claimReviewed", "   ", "missing claimReviewed"),
        ("claimReviewed", 42, "wrong type"),
        ("claimReviewed", ["one", "two"], "wrong type"),
        ("claimReviewed", "x" * 501, "too long"),
        ("headline", "h" * 201, "too long"),
        ("reviewRating", None, "no usable rating"),
        ("reviewRating", {"@type": "Rating", "ratingValue": "n/a"}, "no usable rating"),
        ("reviewRating", 3, "wrong type"),
        ("author", None, "no author"),
        ("author", {"@type": "Organization", "name": "n" * 201}, "too long"),
        ("datePublished", "last Tuesday", "bad date"),
        ("datePublished", "05/03/2022", "ambiguous date"),
        ("datePublished", "31/02/2022", "bad date"),
        ("datePublished", 1646092800, "bad date"),
        ("itemReviewed", "a claim", "wrong type"),
    ],
)
def test_a_bad_value_refuses_the_record_with_its_reason(field, value, reason):
    """Every refusal names its category and says exactly what was wrong."""
    error = refused(review(**{field: value}))
    assert error.reason == reason
    assert error.detail


def test_a_one_element_list_is_read_as_its_element():
    """["The claim"] is the claim; an empty string is absent."""
    parsed = cri.parse(review(claimReviewed=["The claim"], headline=""), index=1)
    assert (parsed.claim_reviewed, parsed.headline) == ("The claim", "")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-01", datetime.datetime(2022, 3, 1)),
        ("2022-03-01T10:00:00+01:00", datetime.datetime(2022, 3, 1, 9)),
        ("2022-03-01T10:00:00Z", datetime.datetime(2022, 3, 1, 10)),
        ("20220301", datetime.datetime(2022, 3, 1)),
        ("2022/03/01", datetime.datetime(2022, 3, 1)),
        ("13/03/2022", datetime.datetime(2022, 3, 13)),
        ("03/13/2022", datetime.datetime(2022, 3, 13)),
        ("Tue, 01 Mar 2022 12:00:00 GMT", datetime.datetime(2022, 3, 1, 12)),
        ("1 March 2022", datetime.datetime(2022, 3, 1)),
        ("March 1, 2022", datetime.datetime(2022, 3, 1)),
        ("Mar 1, 2022", datetime.datetime(2022, 3, 1)),
        ({"@value": "2022-03-01", "@type": "Date"}, datetime.datetime(2022, 3, 1)),
    ],
)
def test_dates_in_the_formats_feeds_use(text, expected):
    """ISO 8601, RFC 2822, English month names and unambiguous numeric dates, in UTC."""
    assert cri.datetime_of(text, "datePublished") == expected.replace(tzinfo=datetime.UTC)


def test_a_missing_date_is_none_not_a_refusal():
    """No datePublished: the record is read, undated."""
    assert cri.parse(review(datePublished=None), index=1).date_published is None


@pytest.mark.parametrize(
    ("value", "tag"),
    [
        ("en", "en"),
        ("pt-br", "pt-BR"),
        ("es_ES", "es-ES"),
        ("English", "en"),
        ("Español", "es"),
        ({"@type": "Language", "name": "Russian"}, "ru"),
        ({"@type": "Language", "alternateName": "uk"}, "uk"),
        (["fr", "en"], "fr"),
    ],
)
def test_languages_by_tag_or_by_name(value, tag):
    """A BCP 47 tag, normalised, or a language's name in English or in itself."""
    assert cri.language_of(value) == (tag, "")


def test_an_unknown_language_is_undetermined_with_a_warning():
    """A language we cannot name does not refuse the verdict; it is reported."""
    parsed = cri.parse(review(inLanguage="Klingon"), index=1)
    assert parsed.language == "und"
    assert any("Klingon" in w for w in parsed.warnings)


def test_bad_appearances_are_left_out_with_a_warning():
    """An appearance with no usable URL does not refuse the verdict."""
    parsed = cri.parse(
        review(
            itemReviewed={
                "@type": "Claim",
                "author": {"name": "Jane"},
                "appearance": ["a Facebook post", {"headline": "no url"}, 7, "https://ok.example/"],
            }
        ),
        index=1,
    )
    assert [a.url for a in parsed.appearances] == ["https://ok.example/"]
    assert len(parsed.warnings) == 3


def test_appearances_without_a_claimant_are_reported():
    """Where a claim appeared needs who made it: without an author, a warning says so."""
    parsed = cri.parse(
        review(itemReviewed={"@type": "Claim", "appearance": "https://ok.example/"}), index=1
    )
    assert parsed.claimant is None
    assert any("author is not given" in w for w in parsed.warnings)


def test_other_organisation_types_are_organisations():
    """NewsMediaOrganization and the like are read as Organization."""
    parsed = cri.parse(review(author={"@type": "NewsMediaOrganization", "name": "M"}), index=1)
    assert parsed.reviewer.type == cri.ORGANIZATION


# ---------------------------------------------------------------- ratings


def choose(*ratings: RatingIn) -> cri.RatingChoice:
    return cri.map_rating(ratings, SCALE)


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("False", "false"),
        ("mostly-false", "mostly-false"),
        ("Pants on Fire!", "false"),
        ("Falso", "false"),
        ("FAUX", "false"),
        ("Неправда", "false"),
        ("Engañoso", "misleading"),
        ("Missing context", "misleading"),
        ("Half-true", "half-true"),
        ("Unproven", "unproven"),
    ],
)
def test_rating_words_map_onto_our_scale(label, slug):
    """Our labels, and the usual words of other fact-checkers in several languages."""
    choice = choose(RatingIn(label=label))
    assert (choice.key, choice.original, choice.how) == (slug, label, "label")


@pytest.mark.parametrize(
    ("value", "best", "worst", "slug"),
    [
        (1, 5, 1, "false"),
        (2, 5, 1, "mostly-false"),  # not Misleading, which shares the number but comes later
        (3, 5, 1, "half-true"),
        (5, 5, 1, "true"),
        (4, None, None, "mostly-true"),  # schema.org's default bounds are 1 and 5
        (0, 10, 0, "false"),
        (10, 10, 0, "true"),
        (7, 10, 0, "mostly-true"),  # 1 + 0.7 × 4 = 3.8
        (1, 1, 6, "true"),  # a reversed scale: 1 is best
    ],
)
def test_numbers_are_stretched_between_the_bounds_onto_our_scale(value, best, worst, slug):
    """ratingValue between worstRating and bestRating, onto our 1..5, rounded."""
    choice = choose(RatingIn(label="Bof", value=value, best=best, worst=worst))
    assert (choice.key, choice.how) == (slug, "number")


def test_words_win_over_numbers():
    """ "Misleading" with the number 2 is Misleading, not Mostly false."""
    assert choose(RatingIn(label="Misleading", value=2, best=5, worst=1)).key == "misleading"


@pytest.mark.parametrize(
    "rating",
    [
        RatingIn(label="Satire"),
        RatingIn(label="Satire", value=7, best=5, worst=1),  # out of its own range
        RatingIn(label="Satire", value=3, best=3, worst=3),  # no range at all
    ],
)
def test_what_no_rating_of_ours_says_stays_unmapped(rating):
    """No key; the original words are kept."""
    assert choose(rating) == cri.RatingChoice(key=None, original="Satire", how="unmapped")


def test_several_ratings_must_agree():
    """Agreeing ratings keep all their words; disagreeing ones refuse the record."""
    agreed = choose(RatingIn(label="False"), RatingIn(label="Falso"))
    assert (agreed.key, agreed.original) == ("false", "False / Falso")
    with pytest.raises(RecordRefused) as error:
        choose(RatingIn(label="True"), RatingIn(label="False"))
    assert error.value.reason == "conflicting ratings"


def test_a_number_alone_has_no_original_words():
    """A rating given only as a number maps by the number and keeps no text."""
    assert choose(RatingIn(value=4, best=5, worst=1)) == cri.RatingChoice(
        key="mostly-true", original="", how="number"
    )
