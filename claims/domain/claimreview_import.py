"""Reading other fact-checkers' ClaimReview: messy JSON in, checked plain data out.

Pure functions, no database: :func:`records` finds the ClaimReview items in
whatever shape a file has (one item, a list, a JSON-LD ``@graph``, a DataFeed
or another object wrapping a list); :func:`parse` turns one item into a
:class:`ParsedReview` or raises :class:`RecordRefused` with the reason;
:func:`map_rating` puts its rating on our scale. ``claims.interop`` writes the
result.

Feeds are messy, and the rules are:

* text fields may hold HTML: it is reduced to its text (tags dropped, entities
  decoded, white space folded);
* a string longer than the column it goes into refuses the record, naming the
  field: nothing is ever cut short;
* a value of the wrong type (a number for a name, an object for a URL) refuses
  the record, except where one element in a list is the obvious reading;
* dates are ISO 8601, RFC 2822 (e-mail/RSS) or written out in English
  ("1 March 2022", "March 1, 2022"); "03/04/2022" is refused as ambiguous
  unless one part is over 12;
* things that are not the verdict itself (an appearance without a usable URL,
  a language we cannot name) do not refuse the record but are reported as
  warnings with it.
"""

from __future__ import annotations

import datetime
import email.utils
import html
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf.locale import LANG_INFO
from django.utils.html import strip_tags

PERSON = "Person"
ORGANIZATION = "Organization"
UNDETERMINED_LANGUAGE = "und"
#: The longest language tag stored (``Review.language``, ``Source.language``).
LANGUAGE_TAG_LENGTH = 16

#: Longest value each target column takes (``claims.interop`` passes the
#: models' own ``max_length``; these defaults match them).
DEFAULT_LIMITS = {
    "claimReviewed": 500,
    "headline": 200,
    "name": 200,
    "url": 2000,
    "sameAs": 500,
    "appearance.headline": 300,
    "appearance.publisher": 200,
}


class RecordRefused(Exception):
    """One record cannot be imported. ``reason`` is a short category for the summary
    ("missing url", "too long", ...); ``detail`` says what exactly, for the editor."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class PartyIn:
    """A person or organisation as a ClaimReview names it."""

    name: str
    type: str = ""  # PERSON, ORGANIZATION or "" when the record does not say
    same_as: tuple[str, ...] = ()
    url: str = ""


@dataclass(frozen=True)
class AppearanceIn:
    url: str
    headline: str = ""
    date: datetime.date | None = None
    publisher: str = ""


@dataclass(frozen=True)
class RatingIn:
    label: str = ""  # alternateName (or name), verbatim after HTML clean-up
    value: float | None = None
    best: float | None = None
    worst: float | None = None

    def text(self) -> str:
        return self.label


@dataclass(frozen=True)
class ParsedReview:
    """One ClaimReview, checked and cleaned, ready to be written."""

    index: int  # 1-based position in the file, for reports
    url: str
    claim_reviewed: str
    ratings: tuple[RatingIn, ...]
    reviewer: PartyIn  # the fact-checking organisation (or person)
    author_name: str  # who wrote it, as published
    date_published: datetime.datetime | None
    headline: str = ""
    body: str = ""
    language: str = UNDETERMINED_LANGUAGE
    claimant: PartyIn | None = None
    claim_date: datetime.date | None = None
    appearances: tuple[AppearanceIn, ...] = ()
    first_appearance_url: str = ""  # the record's firstAppearance, when it names one
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def first_appearance(self) -> AppearanceIn | None:
        """The record's firstAppearance; else the earliest dated; else the first listed."""
        for appearance in self.appearances:
            if appearance.url == self.first_appearance_url:
                return appearance
        dated = [a for a in self.appearances if a.date is not None]
        if dated:
            return min(dated, key=lambda a: a.date)
        return self.appearances[0] if self.appearances else None


# --------------------------------------------------------------------------- shapes

_TYPE_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
#: Keys under which wrappers other than DataFeed/ItemList/@graph keep their list.
_LIST_KEYS = (
    "dataFeedElement",
    "@graph",
    "itemListElement",
    "claimReviews",
    "claimReview",
    "items",
    "claims",
    "data",
    "results",
    "elements",
)


def _types(item: Mapping) -> set[str]:
    raw = item.get("@type", item.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    result = set()
    for value in values:
        if isinstance(value, str):
            for prefix in _TYPE_PREFIXES:
                if value.startswith(prefix):
                    value = value[len(prefix) :]
            result.add(value)
    return result


def _is_wrapper(item: Mapping) -> bool:
    types = _types(item)
    if types & {"ClaimReview"}:
        return False
    return bool(types & {"DataFeed", "ItemList", "DataFeedItem", "ListItem"}) or any(
        isinstance(item.get(key), list | dict) for key in _LIST_KEYS if key != "claimReview"
    )


def records(document) -> Iterator[object]:
    """Every candidate ClaimReview item of ``document``, in file order.

    Understands a single item, a list, ``{"@graph": [...]}``, a schema.org
    ``DataFeed`` (``dataFeedElement``, whose elements may be ``DataFeedItem``
    wrappers with an ``item``), an ``ItemList`` (``itemListElement`` of
    ``ListItem``) and any object wrapping its list under a usual key
    (``items``, ``claims``, ``data``...). Whatever is yielded is *meant* to be
    a ClaimReview; :func:`parse` decides whether it is one.
    """
    if isinstance(document, list):
        for element in document:
            if isinstance(element, Mapping) and _is_wrapper(element):
                yield from records(element)
            else:
                yield element
        return
    if not isinstance(document, Mapping):
        yield document
        return
    types = _types(document)
    if "ClaimReview" in types:
        yield document
        return
    if types & {"DataFeedItem", "ListItem"} and "item" in document:
        yield from records(document["item"])
        return
    for key in _LIST_KEYS:
        if key in document and isinstance(document[key], list | Mapping):
            yield from records(document[key])
            return
    yield document  # not a wrapper we know: parse() will say what it lacks


# --------------------------------------------------------------------------- values

_NOT_IN_URL = re.compile(r"[\s\x00-\x1f\x7f]")
_SPACE = re.compile(r"\s+")


def clean_text(value: str) -> str:
    """HTML reduced to its text, entities decoded, white space folded."""
    if "<" in value:
        value = strip_tags(value)
    if "&" in value:
        value = html.unescape(value)
    return _SPACE.sub(" ", value).strip()


def _kind(value) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _single(value, name: str):
    """The one value of a one-element list (a common way of writing a single value)."""
    if isinstance(value, list):
        present = [v for v in value if v not in (None, "")]
        if len(present) > 1:
            raise RecordRefused("wrong type", f"{name} has {len(present)} values, expected one")
        return present[0] if present else None
    return value


def _value(value):
    """A JSON-LD value object ({"@value": ...}) unwrapped."""
    if isinstance(value, Mapping) and "@value" in value:
        return value["@value"]
    return value


def text_of(value, name: str, limits: Mapping[str, int], *, limit_key: str = "") -> str:
    """A text property, cleaned; "" when absent. Refuses non-text and over-long values."""
    value = _value(_single(value, name))
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordRefused("wrong type", f"{name} must be text, not {_kind(value)}")
    text = clean_text(value)
    limit = limits.get(limit_key or name)
    if limit is not None and len(text) > limit:
        raise RecordRefused(
            "too long", f"{name} has {len(text)} characters, more than the {limit} allowed"
        )
    return text


def url_of(value, name: str, limits: Mapping[str, int]) -> str:
    """An http(s) URL; "" when absent. Refuses anything else."""
    value = _value(_single(value, name))
    if isinstance(value, Mapping):  # {"@id": "..."} or {"url": "..."}
        value = value.get("@id", value.get("url"))
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordRefused("wrong type", f"{name} must be a URL, not {_kind(value)}")
    url = value.strip()
    if not url:
        return ""
    limit = limits.get("url", 2000)
    if len(url) > limit:
        raise RecordRefused(
            "too long", f"{name} has {len(url)} characters, more than the {limit} allowed"
        )
    if not _is_http_url(url):
        raise RecordRefused("invalid url", f"{name} is not an http(s) URL: {url[:100]!r}")
    return url


#: The common case, decided without ``urlsplit``: http(s), a lower-case host name
#: with a dot (no user, no port), then nothing a URL cannot hold. Whatever it
#: matches, the full check below accepts too; whatever it does not goes there.
_PLAIN_HTTP_URL = re.compile(r"https?://[a-z0-9-]*\.[a-z0-9.-]*(?:[/?#][^\s\x00-\x1f\x7f]*)?")


def _is_http_url(url: str) -> bool:
    """An absolute http(s) URL with a host and nothing a URL cannot hold (white space,
    control characters). Lighter than Django's URLValidator, whose full host grammar
    cost a third of the parsing time on a large feed; the database needs no more."""
    if _PLAIN_HTTP_URL.fullmatch(url):
        return True
    if _NOT_IN_URL.search(url):
        return False
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(host) and ("." in host or host == "localhost")


_MONTH_FORMATS = ("%d %B %Y", "%B %d, %Y", "%B %d %Y", "%d %b %Y", "%b %d, %Y", "%b %d %Y")
_NUMERIC_DATE = re.compile(r"^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})$")


def datetime_of(value, name: str) -> datetime.datetime | None:
    """A moment in UTC (a date alone is its midnight UTC); None when absent.

    Raises ``RecordRefused`` ("bad date" or "ambiguous date") for what cannot be
    read for certain.
    """
    value = _value(_single(value, name))
    if value is None:
        return None
    if not isinstance(value, str):
        raise RecordRefused("bad date", f"{name} must be a date, not {_kind(value)}")
    text = value.strip()
    if not text:
        return None
    moment = _parse_moment(text, name)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC)


def _parse_moment(text: str, name: str) -> datetime.datetime:
    try:
        parsed = datetime.datetime.fromisoformat(text)
        return parsed
    except ValueError:
        pass
    try:
        return datetime.datetime.combine(datetime.date.fromisoformat(text), datetime.time())
    except ValueError:
        pass
    numeric = _NUMERIC_DATE.match(text)
    if numeric:
        a, b, c = (int(part) for part in numeric.groups())
        if len(numeric.group(1)) == 4:  # 2022/03/01
            year, month, day = a, b, c
        elif len(numeric.group(3)) == 4:
            if a > 12 >= b:
                day, month = a, b
            elif b > 12 >= a:
                month, day = a, b
            else:
                raise RecordRefused(
                    "ambiguous date", f"{name} {text!r} could be day/month or month/day"
                )
            year = c
        else:
            raise RecordRefused("bad date", f"{name} {text!r} is not a date we can read")
        try:
            return datetime.datetime(year, month, day)
        except ValueError:
            raise RecordRefused("bad date", f"{name} {text!r} is not a real date") from None
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed
    except (TypeError, ValueError, IndexError):
        pass
    for pattern in _MONTH_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise RecordRefused("bad date", f"{name} {text!r} is not a date we can read")


def date_of(value, name: str) -> datetime.date | None:
    moment = datetime_of(value, name)
    return moment.date() if moment else None


def number_of(value) -> float | None:
    """A rating number (or numeric string); None when absent or not a number."""
    value = _value(value)
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", "."))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


_BCP47 = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _language_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for code, info in LANG_INFO.items():
        if "name" not in info:  # a fallback entry ("zh": {"fallback": [...]})
            continue
        for name in (info["name"], info.get("name_local", "")):
            if name:
                names.setdefault(fold(name), code.split("-")[0] if "-" in code else code)
    return names


def fold(text: str) -> str:
    """Lower case, no accents, no punctuation, single spaces: for matching words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


_LANGUAGES = _language_names()


def language_of(value) -> tuple[str, str]:
    """(BCP 47 tag, warning): a tag as given ("pt-br" → "pt-BR"), or found by the
    language's name in English or in itself ("Español" → "es"); ``und`` with a
    warning when it cannot be told."""
    value = _value(value)
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, Mapping):
        value = value.get("alternateName") or value.get("name")
    if value is None or value == "":
        return UNDETERMINED_LANGUAGE, ""
    if not isinstance(value, str):
        return UNDETERMINED_LANGUAGE, f"inLanguage {value!r} is not a language"
    text = value.strip().replace("_", "-")
    if _BCP47.match(text) and len(text) <= LANGUAGE_TAG_LENGTH:
        primary, *rest = text.split("-")
        subtags = [s.upper() if len(s) == 2 else s.lower() for s in rest]
        tag = "-".join([primary.lower(), *subtags])
        if primary.lower() in LANG_INFO or len(primary) == 3 or rest:
            return tag, ""
    code = _LANGUAGES.get(fold(text))
    if code:
        return code, ""
    return UNDETERMINED_LANGUAGE, f"inLanguage {value!r} is not a language we can name"


# --------------------------------------------------------------------------- parties


def party_of(value, name: str, limits: Mapping[str, int], *, prefer: str = "") -> PartyIn | None:
    """A Person or Organization (or a bare name); None when absent or nameless.

    From a list, the first of type ``prefer`` when there is one, else the first.
    """
    value = _value(value)
    if isinstance(value, list):
        candidates = [v for v in value if v not in (None, "")]
        if not candidates:
            return None
        preferred = [v for v in candidates if isinstance(v, Mapping) and prefer in _types(v)]
        value = (preferred or candidates)[0]
    if value is None:
        return None
    if isinstance(value, str):
        party_name = text_of(value, f"{name}.name", limits, limit_key="name")
        return PartyIn(name=party_name) if party_name else None
    if not isinstance(value, Mapping):
        raise RecordRefused("wrong type", f"{name} must be a person or organisation")
    party_name = text_of(value.get("name"), f"{name}.name", limits, limit_key="name")
    if not party_name:
        return None
    types = _types(value)
    # NewsMediaOrganization, GovernmentOrganization, ...: organisations all.
    kind = PERSON if PERSON in types else ORGANIZATION if types else ""
    limit = limits.get("sameAs", 500)
    raw_same_as = value.get("sameAs")
    same_as = []
    for raw in raw_same_as if isinstance(raw_same_as, list) else [raw_same_as]:
        link = url_of(raw, f"{name}.sameAs", limits)
        if len(link) > limit:
            raise RecordRefused(
                "too long",
                f"{name}.sameAs has {len(link)} characters, more than the {limit} allowed",
            )
        if link:
            same_as.append(link)
    url = url_of(value.get("url"), f"{name}.url", limits)
    if len(url) > limit:
        raise RecordRefused(
            "too long", f"{name}.url has {len(url)} characters, more than the {limit} allowed"
        )
    return PartyIn(name=party_name, type=kind, same_as=tuple(same_as), url=url)


# --------------------------------------------------------------------------- records


def _ratings(value, limits: Mapping[str, int]) -> tuple[RatingIn, ...]:
    values = value if isinstance(value, list) else [value]
    ratings = []
    for raw in values:
        raw = _value(raw)
        if raw in (None, ""):
            continue
        if isinstance(raw, str):  # a bare rating word
            label = text_of(raw, "reviewRating", {})
            if label:
                ratings.append(RatingIn(label=label))
            continue
        if not isinstance(raw, Mapping):
            raise RecordRefused("wrong type", "reviewRating must be a Rating")
        label = text_of(raw.get("alternateName"), "reviewRating.alternateName", {})
        if not label:
            label = text_of(raw.get("name"), "reviewRating.name", {})
        rating = RatingIn(
            label=label,
            value=number_of(raw.get("ratingValue")),
            best=number_of(raw.get("bestRating")),
            worst=number_of(raw.get("worstRating")),
        )
        if rating.label or rating.value is not None:
            ratings.append(rating)
    return tuple(ratings)


def _appearances(
    claim: Mapping, limits: Mapping[str, int], warnings: list[str]
) -> tuple[AppearanceIn, ...]:
    raw: list = []
    for key in ("firstAppearance", "appearance"):
        value = claim.get(key)
        raw += value if isinstance(value, list) else [value]
    found: dict[str, AppearanceIn] = {}
    for item in raw:
        item = _value(item)
        if item in (None, ""):
            continue
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, Mapping):
            warnings.append(f"an appearance that is {_kind(item)} was ignored")
            continue
        try:
            url = url_of(item.get("url", item.get("@id")), "appearance.url", limits)
        except RecordRefused as refused:
            warnings.append(f"appearance ignored: {refused.detail}")
            continue
        if not url:
            warnings.append("an appearance without a URL was ignored")
            continue
        if url in found:
            continue
        headline = text_of(
            item.get("headline") or item.get("name"),
            "appearance.headline",
            limits,
        )
        publisher = party_of(
            item.get("publisher") or item.get("author"), "appearance.publisher", {}
        )
        publisher_name = publisher.name if publisher else ""
        limit = limits.get("appearance.publisher")
        if limit is not None and len(publisher_name) > limit:
            raise RecordRefused(
                "too long",
                f"appearance.publisher has {len(publisher_name)} characters, "
                f"more than the {limit} allowed",
            )
        found[url] = AppearanceIn(
            url=url,
            headline=headline,
            date=date_of(item.get("datePublished"), "appearance.datePublished"),
            publisher=publisher_name,
        )
    return tuple(found.values())


def parse(raw, *, index: int, limits: Mapping[str, int] = DEFAULT_LIMITS) -> ParsedReview:
    """One ClaimReview item as :class:`ParsedReview`, or :class:`RecordRefused`.

    The review's ``url`` is required (a later import finds the verdict by it),
    so are ``claimReviewed``, a rating with a label or a number, and who
    fact-checked it (``author``, else ``publisher``).
    """
    if not isinstance(raw, Mapping):
        raise RecordRefused("not a ClaimReview", f"the record is {_kind(raw)}, not an object")
    types = _types(raw)
    if "ClaimReview" not in types and not (not types and "claimReviewed" in raw):
        shown = ", ".join(sorted(types)) or "no @type"
        raise RecordRefused("not a ClaimReview", f"the record is of type {shown}")
    warnings: list[str] = []

    url = url_of(raw.get("url"), "url", limits)
    if not url:
        raise RecordRefused("missing url", "the review has no url to find it by")
    claim_reviewed = text_of(raw.get("claimReviewed"), "claimReviewed", limits)
    if not claim_reviewed:
        raise RecordRefused("missing claimReviewed", "the review does not say what claim it checks")
    ratings = _ratings(raw.get("reviewRating"), limits)
    if not ratings:
        raise RecordRefused("no usable rating", "reviewRating has neither a label nor a number")

    author = party_of(raw.get("author"), "author", limits, prefer=ORGANIZATION)
    publisher = party_of(raw.get("publisher"), "publisher", limits, prefer=ORGANIZATION)
    if author is None and publisher is None:
        raise RecordRefused("no author", "neither author nor publisher says who fact-checked it")
    if author is not None and author.type != PERSON:
        reviewer, author_name = author, author.name
    elif publisher is not None:
        reviewer, author_name = publisher, author.name if author else publisher.name
    else:
        reviewer, author_name = author, author.name

    item = _value(_single(raw.get("itemReviewed"), "itemReviewed"))
    claimant, claim_date, appearances, first_url = None, None, (), ""
    if item is not None:
        if not isinstance(item, Mapping):
            raise RecordRefused("wrong type", "itemReviewed must be a Claim")
        claimant = party_of(item.get("author"), "itemReviewed.author", limits, prefer=PERSON)
        claim_date = date_of(item.get("datePublished"), "itemReviewed.datePublished")
        appearances = _appearances(item, limits, warnings)
        first = _value(item.get("firstAppearance"))
        if isinstance(first, list):
            first = first[0] if first else None
        if isinstance(first, Mapping):
            first = first.get("url", first.get("@id"))
        first_url = first.strip() if isinstance(first, str) else ""
        if appearances and claimant is None:
            warnings.append(
                "the claim's author is not given: where it appeared is not recorded "
                "(a statement needs someone who made it)"
            )
    language, problem = language_of(raw.get("inLanguage"))
    if problem:
        warnings.append(problem)
    return ParsedReview(
        index=index,
        url=url,
        claim_reviewed=claim_reviewed,
        ratings=ratings,
        reviewer=reviewer,
        author_name=author_name,
        date_published=datetime_of(raw.get("datePublished"), "datePublished"),
        headline=text_of(raw.get("headline") or raw.get("name"), "headline", limits),
        body=text_of(raw.get("reviewBody") or raw.get("description"), "reviewBody", {}),
        language=language,
        claimant=claimant,
        claim_date=claim_date,
        appearances=appearances,
        first_appearance_url=first_url,
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- ratings


@dataclass(frozen=True)
class ScaleRating:
    """One rating of our scale, as :func:`map_rating` needs it."""

    key: object  # the caller's handle (a primary key)
    label: str
    slug: str
    value: int | None
    position: int


@dataclass(frozen=True)
class RatingChoice:
    key: object | None  # None: no rating of ours says the same
    original: str  # the fact-checker's own words, verbatim ("" for a number alone)
    how: str  # "label", "number" or "unmapped"


#: Rating words fact-checkers use, folded (see :func:`fold`), by the slug of the
#: default scale's rating that says the same. Extend it as feeds show new ones;
#: a word that is not here falls back to the numbers.
RATING_WORDS: dict[str, tuple[str, ...]] = {
    "false": (
        "false",
        "falso",
        "falsa",
        "faux",
        "fausse",
        "falsch",
        "fake",
        "pants on fire",
        "incorrect",
        "wrong",
        "not true",
        "four pinocchios",
        "hoax",
        "fabricated",
        "неправда",
        "ложь",
        "фейк",
        "onwaar",
        "nepravda",
    ),
    "mostly-false": (
        "mostly false",
        "mainly false",
        "largely false",
        "mayormente falso",
        "mayormente falsa",
        "plutot faux",
        "three pinocchios",
        "scheinbar wahr",
    ),
    "half-true": (
        "half true",
        "half false",
        "mixture",
        "mixed",
        "partly true",
        "partly false",
        "partially true",
        "partially false",
        "verdadero a medias",
        "medio verdadero",
        "en partie faux",
        "en partie vrai",
        "teilweise falsch",
        "teilweise richtig",
        "two pinocchios",
        "частично правда",
    ),
    "mostly-true": (
        "mostly true",
        "mainly true",
        "largely true",
        "mayormente verdadero",
        "mayormente cierto",
        "plutot vrai",
        "one pinocchio",
        "weitgehend richtig",
    ),
    "true": (
        "true",
        "correct",
        "accurate",
        "verdadero",
        "verdadera",
        "cierto",
        "vrai",
        "wahr",
        "richtig",
        "правда",
        "geppetto checkmark",
        "juist",
    ),
    "misleading": (
        "misleading",
        "missing context",
        "out of context",
        "lacks context",
        "needs context",
        "enganoso",
        "engañoso",
        "enganosa",
        "engañosa",
        "trompeur",
        "irrefuhrend",
        "fehlender kontext",
        "manipulation",
        "misleidend",
    ),
    "unproven": (
        "unproven",
        "unverified",
        "unverifiable",
        "not proven",
        "no evidence",
        "unsupported",
        "unsubstantiated",
        "insufficient evidence",
        "sin evidencia",
        "sin pruebas",
        "non verifie",
        "unbelegt",
        "не доказано",
    ),
}


def rating_word_index(scale: Sequence[ScaleRating]) -> dict[str, ScaleRating]:
    """Folded rating words to our ratings; build it once per import and pass it to
    :func:`map_rating`."""
    by_slug = {r.slug: r for r in scale}
    index: dict[str, ScaleRating] = {}
    for slug, words in RATING_WORDS.items():
        if slug in by_slug:
            for word in words:
                index.setdefault(fold(word), by_slug[slug])
    # The scale's own labels and slugs win over the word list.
    for rating in scale:
        index[fold(rating.label)] = rating
        index[fold(rating.slug)] = rating
    return index


def _by_number(rating: RatingIn, scale: Sequence[ScaleRating]) -> ScaleRating | None:
    """The scale's rating nearest ``rating``'s value placed between its bounds.

    schema.org's bounds default to 5 (best) and 1 (worst). A value outside
    them, or bounds that are equal, maps nothing. The value is stretched onto
    our scale's own range (1..5 for the default scale) and rounded half up;
    among our ratings with that number the first on the scale wins ("Mostly
    false" rather than "Misleading", which shares its number).
    """
    if rating.value is None:
        return None
    best = 5.0 if rating.best is None else rating.best
    worst = 1.0 if rating.worst is None else rating.worst
    if best == worst or not (min(best, worst) <= rating.value <= max(best, worst)):
        return None
    numbered = [r for r in scale if r.value is not None]
    if not numbered:
        return None
    low = min(r.value for r in numbered)
    high = max(r.value for r in numbered)
    target = low + (rating.value - worst) / (best - worst) * (high - low)
    wanted = math.floor(target + 0.5)
    nearest = min(abs(r.value - wanted) for r in numbered)
    return min(
        (r for r in numbered if abs(r.value - wanted) == nearest),
        key=lambda r: (r.value, r.position),
    )


def map_rating(
    ratings: Sequence[RatingIn],
    scale: Sequence[ScaleRating],
    *,
    words: Mapping[str, ScaleRating] | None = None,
) -> RatingChoice:
    """Our rating for a fact-checker's: by its words first (our labels, then the
    words of :data:`RATING_WORDS`), by its number failing that.

    Several ratings in one record must agree once mapped, or the record is
    refused ("conflicting ratings"); the original words of all are kept,
    joined by " / ".
    """
    if words is None:
        words = rating_word_index(scale)
    chosen: dict[object, ScaleRating] = {}
    how = "unmapped"
    for rating in ratings:
        match = words.get(fold(rating.label)) if rating.label else None
        if match is not None:
            how = "label" if how != "number" else how
        else:
            match = _by_number(rating, scale)
            if match is not None:
                how = "number"
        if match is not None:
            chosen[match.key] = match
    labels = list(dict.fromkeys(r.label for r in ratings if r.label))
    original = " / ".join(labels)
    if len(chosen) > 1:
        names = ", ".join(sorted(r.label for r in chosen.values()))
        raise RecordRefused(
            "conflicting ratings",
            f"the record's ratings ({original}) mean different things: {names}",
        )
    if not chosen:
        return RatingChoice(key=None, original=original, how="unmapped")
    return RatingChoice(key=next(iter(chosen)), original=original, how=how)
