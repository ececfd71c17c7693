"""schema.org ClaimReview JSON-LD from plain data: one renderer for every caller.

The public claim page embeds it, and the API and an export command are meant to
reuse it, so the mapping lives here once, free of Django and the database:
``claims.selectors.claimreview_data`` gathers a :class:`ClaimReviewData` from
the models, :func:`render` turns it into the dict to serialise.

It follows Google's fact-check markup requirements
(https://developers.google.com/search/docs/appearance/structured-data/factcheck):
``claimReviewed``, ``reviewRating`` (``alternateName`` always; ``ratingValue``
with ``bestRating``/``worstRating`` when the rating is on the numeric scale),
``url``, ``author`` (the fact-checking organisation) and ``datePublished``
of the review, and an
``itemReviewed`` ``Claim`` with its ``author``, ``datePublished``,
``appearance`` and ``firstAppearance``. A rating off the numeric scale
("Unproven") is exported by its label alone, as schema.org allows.

For exports (``manage.py export_claimreview``): :func:`iter_json` writes any
number of items as a JSON array, or inside a schema.org ``DataFeed``
(:func:`feed_envelope`), a piece at a time; :func:`markup_problems` checks an
item against Google's list. Reading other fact-checkers' ClaimReview is the
sibling module ``claimreview_import``.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

SCHEMA_CONTEXT = "https://schema.org"
PERSON = "Person"
ORGANIZATION = "Organization"
#: BCP 47 "undetermined": the language of a verdict we could not tell.
UNDETERMINED_LANGUAGE = "und"


@dataclass(frozen=True)
class Party:
    """Who said a claim, wrote a review or published it."""

    name: str
    type: str = ORGANIZATION  # PERSON or ORGANIZATION
    same_as: str = ""  # a reference page identifying them (Wikidata, Wikipedia)
    url: str = ""


@dataclass(frozen=True)
class Appearance:
    """A document where the claim appears: the original URL, or our source page."""

    url: str
    date: datetime.date | None = None
    headline: str = ""
    publisher: str = ""


@dataclass(frozen=True)
class RatingData:
    label: str
    value: int | None = None  # None: off the numeric scale, exported by label only
    best: int | None = None
    worst: int | None = None


@dataclass(frozen=True)
class ClaimReviewData:
    url: str  # the review's page (our claim page), absolute
    claim_reviewed: str
    rating: RatingData
    review_author: Party
    date_published: datetime.date | datetime.datetime
    headline: str = ""
    publisher: Party | None = None
    claim_author: Party | None = None
    claim_date: datetime.date | None = None
    appearances: tuple[Appearance, ...] = field(default_factory=tuple)
    date_modified: datetime.date | datetime.datetime | None = None
    language: str = "en"


def _date(value: datetime.date | datetime.datetime) -> str:
    return value.isoformat()


def _party(party: Party) -> dict:
    result = {"@type": party.type, "name": party.name}
    if party.same_as:
        result["sameAs"] = party.same_as
    if party.url:
        result["url"] = party.url
    return result


def _appearance(appearance: Appearance) -> dict:
    result = {"@type": "CreativeWork", "url": appearance.url}
    if appearance.headline:
        result["headline"] = appearance.headline
    if appearance.date:
        result["datePublished"] = _date(appearance.date)
    if appearance.publisher:
        result["publisher"] = {"@type": ORGANIZATION, "name": appearance.publisher}
    return result


def _rating(rating: RatingData) -> dict:
    result = {"@type": "Rating", "alternateName": rating.label}
    if rating.value is not None:
        result["ratingValue"] = rating.value
        if rating.best is not None:
            result["bestRating"] = rating.best
        if rating.worst is not None:
            result["worstRating"] = rating.worst
    return result


def first_appearance(appearances: tuple[Appearance, ...]) -> Appearance | None:
    """The earliest dated appearance; the first listed when none is dated."""
    if not appearances:
        return None
    dated = [a for a in appearances if a.date is not None]
    return min(dated, key=lambda a: a.date) if dated else appearances[0]


def render(data: ClaimReviewData) -> dict:
    """The ClaimReview as a JSON-serialisable dict (strings, numbers, lists, dicts)."""
    claim: dict = {"@type": "Claim"}
    if data.claim_author:
        claim["author"] = _party(data.claim_author)
    if data.claim_date:
        claim["datePublished"] = _date(data.claim_date)
    if data.appearances:
        claim["appearance"] = [_appearance(a) for a in data.appearances]
        claim["firstAppearance"] = _appearance(first_appearance(data.appearances))

    result: dict = {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": data.url,
        "claimReviewed": data.claim_reviewed,
        "itemReviewed": claim,
        "author": _party(data.review_author),
        "datePublished": _date(data.date_published),
        "reviewRating": _rating(data.rating),
        # Always given (the API's schema promises it): "und" when we could not tell.
        "inLanguage": data.language or UNDETERMINED_LANGUAGE,
    }
    if data.headline:
        result["headline"] = data.headline
    if data.publisher:
        result["publisher"] = _party(data.publisher)
    if data.date_modified:
        result["dateModified"] = _date(data.date_modified)
    return result


# --------------------------------------------------------------------------- feeds


def feed_envelope(*, name: str, url: str, date_modified: datetime.date | datetime.datetime) -> dict:
    """A schema.org ``DataFeed`` without its elements, the shape aggregators publish.

    Its ``dataFeedElement`` list is written by :func:`iter_json` one item at a
    time; the items then drop their own ``@context``, which the feed gives once.
    """
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "DataFeed",
        "name": name,
        "url": url,
        "dateModified": _date(date_modified),
    }


def iter_json(items: Iterable[dict], *, envelope: dict | None = None) -> Iterator[str]:
    """Pieces of text that together are one JSON document: ``items`` as an array,
    or inside ``envelope`` as its ``dataFeedElement``.

    A generator, so that an export of any size is written as it is read and
    never held whole in memory. The output is UTF-8 text (no ``\\u`` escapes
    for letters), one item per line.
    """
    if envelope is None:
        opening, closing = "[", "]\n"
    else:
        head = json.dumps({**envelope, "dataFeedElement": []}, ensure_ascii=False, indent=2)
        opening, closing = head[: head.rindex("[") + 1], head[head.rindex("]") :] + "\n"
    yield opening
    first = True
    for item in items:
        if envelope is not None:
            item = {key: value for key, value in item.items() if key != "@context"}
        yield ("\n" if first else ",\n") + json.dumps(item, ensure_ascii=False)
        first = False
    yield ("\n" if not first else "") + closing


# --------------------------------------------------------------------------- checks

#: What Google's fact-check markup documentation requires ("claimReviewed",
#: "reviewRating" with its "alternateName", "url") and what it recommends and we
#: always can give (the review's author and date, the claim as a Claim with its
#: author, date and where it appeared). Paths into the rendered dict.
GOOGLE_REQUIRED = (
    ("claimReviewed",),
    ("url",),
    ("reviewRating", "alternateName"),
)
GOOGLE_RECOMMENDED = (
    ("author", "name"),
    ("datePublished",),
    ("itemReviewed", "@type"),
    ("itemReviewed", "author", "name"),
    ("itemReviewed", "datePublished"),
    ("itemReviewed", "appearance"),
    ("itemReviewed", "firstAppearance"),
)


def _at(item: dict, path: tuple[str, ...]):
    value = item
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def markup_problems(item: dict, *, recommended: bool = True) -> list[str]:
    """What keeps ``item`` from being complete fact-check markup; empty when nothing.

    Missing required (and, with ``recommended``, recommended) properties by
    their dotted path, and a numeric rating without both of its bounds.
    """
    paths = GOOGLE_REQUIRED + (GOOGLE_RECOMMENDED if recommended else ())
    problems = [".".join(path) for path in paths if _at(item, path) in (None, "", [], {})]
    if _at(item, ("itemReviewed", "@type")) not in (None, "Claim"):
        problems.append("itemReviewed.@type is not Claim")
    rating = item.get("reviewRating") or {}
    if "ratingValue" in rating and not {"bestRating", "worstRating"} <= rating.keys():
        problems.append("reviewRating.bestRating/worstRating")
    return problems
