"""ClaimReview into the database: other fact-checkers' verdicts, imported in bulk.

``import_claimreview`` (the command) and the API's import endpoint call
:func:`claimreview_import`. Check, then do (the STYLE's point 7): the records
are parsed and checked by the pure ``claims.domain.claimreview_import``, then
planned against what is stored (:meth:`Importer.plan`, reads only), then
written (:meth:`Importer.write`, writes only).

What a record becomes:

* the claim it reviews (``claimReviewed``), found by its wording (case folded
  by PostgreSQL, as the unique index folds it) or created;
* the claim's author as an actor (found by ``sameAs``/``url``, then by name or
  alias as ``Actor.objects.named`` folds them, or created), with an
  unanchored statement in each appearance, a source known by its URL only
  (found by URL or created);
* the verdict: a ``Review`` by the fact-checker (an actor of kind outlet),
  with its URL, its own rating words, its language and date, rated on our
  default scale where its words or numbers allow
  (``claimreview_import.map_rating``), or else with the rating "Not on our
  scale" of a scale of its own (created on first need).

Matching is by the review's URL: importing a record again updates that verdict
when the record says something new and leaves it alone otherwise, so a feed
imported twice changes nothing the second time. An existing claim's wording,
actors and sources are never rewritten by an import.

Publication: imported claims and verdicts are **drafts** unless ``publish`` is
given. A verdict from elsewhere goes on our site only when an editor has read
it; ``publish`` is for a feed the desk trusts as a whole (its own archive from
another system). A claim that already existed keeps its status either way.

Speed: records are handled ``batch_size`` at a time with a fixed number of
queries per batch (lookups by ``IN``, inserts by ``bulk_create``), actors,
claims and sources met before are remembered, and ``full_clean()`` is not run
per row: the parser has already checked every value against the columns'
limits and rules. Each batch is one savepoint; if the database refuses it,
its records are written again one savepoint each, so that one bad record is
refused with the database's reason and never takes the others with it.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from claims import services
from claims.caching import content_version_bump
from claims.domain import claimreview_import as cri
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
)
from claims.models.actors import normalise_name
from claims.models.anchors import AnchorStatus
from claims.models.sources import text_fingerprint
from claims.search import claim_search_refresh

IMPORTED = "imported"
UPDATED = "updated"
UNCHANGED = "unchanged"
REFUSED = "refused"
STATUSES = (IMPORTED, UPDATED, UNCHANGED, REFUSED)

#: The scale of ratings no rating of ours can say; its one rating is "Not on our scale".
UNMAPPED_SCALE_SLUG = "other-fact-checkers"
UNMAPPED_RATING_SLUG = "not-on-our-scale"

#: What an existing verdict is compared on to tell "updated" from "unchanged".
REVIEW_FIELDS = (
    "rating_id",
    "original_rating",
    "headline",
    "explanation",
    "author_name",
    "reviewer_id",
    "language",
    "published_at",
    "status",
)


def column_limits() -> dict[str, int]:
    """The parser's length limits, from the columns the values go into."""

    def length(model, name: str) -> int:
        return model._meta.get_field(name).max_length

    return {
        "claimReviewed": length(Claim, "text"),
        "headline": length(Review, "headline"),
        "name": length(Actor, "name"),
        "url": min(length(Review, "url"), length(Source, "url")),
        "sameAs": min(length(Actor, "same_as"), length(Actor, "url")),
        "appearance.headline": length(Source, "title"),
        "appearance.publisher": length(Source, "publisher"),
    }


# --------------------------------------------------------------------------- report


@dataclass(frozen=True)
class RecordOutcome:
    """What became of one record (1-based ``index`` in the file)."""

    index: int
    status: str  # IMPORTED, UPDATED, UNCHANGED or REFUSED
    url: str = ""
    reason: str = ""  # for REFUSED: the category ("missing url", "too long", ...)
    detail: str = ""  # for REFUSED: exactly what
    warnings: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        result = {"index": self.index, "status": self.status, "url": self.url}
        if self.reason:
            result.update(reason=self.reason, detail=self.detail)
        if self.warnings:
            result["warnings"] = list(self.warnings)
        return result


@dataclass
class ImportReport:
    """Counts of every status, refusals by reason, and the records worth reading
    (refused ones and those with warnings; the others are only counted)."""

    dry_run: bool = False
    counts: Counter = field(default_factory=Counter)
    refused_by_reason: Counter = field(default_factory=Counter)
    notable: list[RecordOutcome] = field(default_factory=list)

    def add(self, outcome: RecordOutcome) -> None:
        self.counts[outcome.status] += 1
        if outcome.status == REFUSED:
            self.refused_by_reason[outcome.reason] += 1
        if outcome.status == REFUSED or outcome.warnings:
            self.notable.append(outcome)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict:
        return {
            "dry_run": self.dry_run,
            "total": self.total,
            **{status: self.counts[status] for status in STATUSES},
            "refused_by_reason": dict(sorted(self.refused_by_reason.items())),
            "with_warnings": sum(1 for o in self.notable if o.warnings),
            "records": [o.as_dict() for o in sorted(self.notable, key=lambda o: o.index)],
        }


# --------------------------------------------------------------------------- planning


class _New:
    """A row to create: its column values (by attribute name), the key it was planned
    under, the text its slug is made from, and its primary key once inserted."""

    __slots__ = ("key", "pk", "slug_source", "values")

    def __init__(self, key: str, slug_source: str, **values):
        self.key = key
        self.slug_source = slug_source
        self.values = values
        self.pk: int | None = None


def _pk(ref) -> int | None:
    return ref.pk if isinstance(ref, _New) else ref


@dataclass
class _Plan:
    """The writes one batch needs, and each record's outcome once they are done."""

    actors: dict[str, _New] = field(default_factory=dict)
    claims: dict[str, _New] = field(default_factory=dict)
    sources: dict[str, _New] = field(default_factory=dict)
    statements: list[tuple] = field(default_factory=list)  # (claim, actor, source, said_on)
    new_reviews: list[tuple] = field(default_factory=list)  # (claim ref, row, reviewer ref)
    changed_reviews: list[tuple] = field(default_factory=list)  # (claim pk, row, reviewer ref)
    outcomes: list[RecordOutcome] = field(default_factory=list)

    def writes_anything(self) -> bool:
        return any(
            (
                self.actors,
                self.claims,
                self.sources,
                self.statements,
                self.new_reviews,
                self.changed_reviews,
            )
        )


def _slug_base(text: str, fallback: str, max_length: int) -> str:
    # Room for "-" and an eight-character disambiguator.
    return slugify(text)[: max_length - 9].strip("-") or fallback


def _slug_candidates(base: str, digest: str):
    yield base
    yield f"{base}-{digest}"
    n = 2
    while True:
        yield f"{base}-{digest}-{n}"
        n += 1


def _assign_unique_slugs(model, news: Sequence[_New], *, fallback: str) -> None:
    """Give each new row a slug no stored row and no other new row has.

    The slug of its text when free, else with eight characters of a hash of its
    key, else with a counter too: one query per round, rarely more than two.
    """
    if not news:
        return
    max_length = model._meta.get_field("slug").max_length
    candidates = {}
    for new in news:
        base = _slug_base(new.slug_source, fallback, max_length)
        digest = hashlib.sha256(new.key.encode("utf-8")).hexdigest()[:8]
        candidates[id(new)] = _slug_candidates(base, digest)
    pending = {id(new): next(candidates[id(new)]) for new in news}
    by_id = {id(new): new for new in news}
    taken: set[str] = set()
    while pending:
        stored = set(
            model.objects.filter(slug__in=set(pending.values())).values_list("slug", flat=True)
        )
        retry = {}
        for key, slug in pending.items():
            if slug in stored or slug in taken:
                retry[key] = next(candidates[key])
            else:
                by_id[key].values["slug"] = slug
                taken.add(slug)
        pending = retry


def _db_lower(texts: Iterable[str]) -> dict[str, str]:
    """Each text folded by PostgreSQL's LOWER(), the fold of ``claim_text_unique_ci``.

    Python's ``str.lower`` is not PostgreSQL's (under the C collation LOWER()
    leaves "É" alone), and matching by the wrong fold would miss an existing
    claim and then collide with it in the unique index.
    """
    texts = list(dict.fromkeys(texts))
    if not texts:
        return {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT t, LOWER(t) FROM unnest(%s::text[]) AS t", [texts])
        return dict(cursor.fetchall())


class Importer:
    """Plans and writes batches of parsed records, remembering what it met.

    The memory (actors, claims, sources by their keys) only ever holds rows
    that exist: entries made while writing a batch are forgotten again if the
    batch is rolled back.
    """

    def __init__(self, *, publish: bool = False, own_url_prefixes: Sequence[str] = ()):
        self.publish = publish
        self.own_url_prefixes = tuple(p for p in own_url_prefixes if p)
        self.now = timezone.now()
        self.scale = [
            cri.ScaleRating(
                key=r.pk, label=r.label, slug=r.slug, value=r.value, position=r.position
            )
            for r in Rating.objects.filter(scale__is_default=True).order_by("position")
        ]
        self.rating_words = cri.rating_word_index(self.scale)
        self._unmapped_rating_id: int | None = None
        self.actor_by_name: dict[str, int] = {}
        self.actor_by_link: dict[str, int] = {}
        self.actor_names_looked_up: set[str] = set()
        self.actor_links_looked_up: set[str] = set()
        self.claim_by_lower: dict[str, int] = {}
        self.source_by_url: dict[str, tuple[int, bool]] = {}  # url: (pk, url_only)
        self.source_date: dict[int, datetime.date | None] = {}  # pk: published_on
        self._remembered: list[tuple[dict, str]] = []

    # ------------------------------------------------------------------ memory

    def _remember(self, table: dict, key: str, value) -> None:
        table[key] = value
        self._remembered.append((table, key))

    def forget_batch(self) -> None:
        """The batch was rolled back: forget the rows it created."""
        for table, key in self._remembered:
            table.pop(key, None)
        self._remembered.clear()
        self._unmapped_rating_id = None  # its scale may have been created in that batch

    def keep_batch(self) -> None:
        self._remembered.clear()

    def unmapped_rating_id(self) -> int:
        """The rating "Not on our scale" (its scale is created on first need)."""
        if self._unmapped_rating_id is None:
            scale, _ = RatingScale.objects.get_or_create(
                slug=UNMAPPED_SCALE_SLUG,
                version=1,
                defaults={
                    "name": "Other fact-checkers' ratings",
                    "description": "For imported verdicts whose rating none of ours can say; "
                    "the fact-checker's own words are kept with each verdict.",
                },
            )
            rating, _ = Rating.objects.get_or_create(
                scale=scale,
                slug=UNMAPPED_RATING_SLUG,
                defaults={
                    "position": 1,
                    "label": "Not on our scale",
                    "value": None,
                    "description": "Another fact-checker's rating that our scale cannot "
                    "express; read their own words (the original rating) and their page.",
                },
            )
            self._unmapped_rating_id = rating.pk
        return self._unmapped_rating_id

    # ------------------------------------------------------------------ look-ups

    def _load_actors(self, parties: Iterable[cri.PartyIn]) -> None:
        names, links = set(), set()
        for party in parties:
            names.add(normalise_name(party.name))
            links.update(party.same_as)
            if party.url:
                links.add(party.url)
        names -= self.actor_names_looked_up
        links -= self.actor_links_looked_up
        if not names and not links:
            return
        rows = (
            Actor.objects.filter(
                Q(name_normalised__in=names) | Q(same_as__in=links) | Q(url__in=links)
            )
            .order_by("pk")
            .values_list("pk", "name_normalised", "same_as", "url")
        )
        for pk, folded, same_as, url in rows:
            if folded in names:
                self.actor_by_name.setdefault(folded, pk)
            for link in (same_as, url):
                if link and link in links:
                    self.actor_by_link.setdefault(link, pk)
        # An alias counts after every actor's own name: "Sergei Lavrov" the name
        # beats "Sergei Lavrov" the alias of someone else.
        for pk, folded in (
            ActorAlias.objects.filter(normalised__in=names)
            .order_by("actor_id")
            .values_list("actor_id", "normalised")
        ):
            self.actor_by_name.setdefault(folded, pk)
        self.actor_names_looked_up |= names
        self.actor_links_looked_up |= links

    def _load_claims(self, lowers: Iterable[str]) -> None:
        wanted = set(lowers) - self.claim_by_lower.keys()
        if not wanted:
            return
        # An index scan: the unique index claim_text_unique_ci is on LOWER("text").
        rows = (
            Claim.objects.annotate(lower=Lower("text"))
            .filter(lower__in=wanted)
            .values_list("lower", "pk")
        )
        for lower, pk in rows:
            self.claim_by_lower[lower] = pk

    def _load_sources(self, urls: Iterable[str]) -> None:
        wanted = set(urls) - self.source_by_url.keys()
        if wanted:
            # exclude(url=""): the partial unique index source_url_unique_when_given
            # serves only queries that rule out the blank URL.
            for pk, url, url_only, published_on in (
                Source.objects.filter(url__in=wanted)
                .exclude(url="")
                .values_list("pk", "url", "url_only", "published_on")
            ):
                self.source_by_url[url] = (pk, url_only)
                self.source_date[pk] = published_on

    # ------------------------------------------------------------------ plan

    def plan(self, records: Sequence[cri.ParsedReview]) -> _Plan:
        """What writing ``records`` takes, and what becomes of each. Reads only.

        A fixed number of queries whatever the number of records: the verdicts
        by URL, PostgreSQL's fold of the wordings, the claims by wording, the
        actors and their aliases, the sources by URL, the statements already
        joining known claims, actors and sources.
        """
        plan = _Plan()
        existing = {
            row["url"]: row
            for row in Review.objects.filter(url__in=[r.url for r in records])
            .exclude(url="")  # so that the partial unique index on url serves it
            .values("pk", "url", "claim_id", "claim__text", *REVIEW_FIELDS)
        }
        lower = _db_lower(
            [r.claim_reviewed for r in records] + [row["claim__text"] for row in existing.values()]
        )
        self._load_claims(lower[r.claim_reviewed] for r in records)
        self._load_actors(
            party for r in records for party in (r.reviewer, r.claimant) if party is not None
        )
        self._load_sources(a.url for r in records if r.claimant for a in r.appearances)

        resolved = []
        for record in records:
            try:
                resolved.append((record, self._resolve(record, plan, existing, lower)))
            except cri.RecordRefused as refused:
                plan.outcomes.append(
                    RecordOutcome(
                        index=record.index,
                        status=REFUSED,
                        url=record.url,
                        reason=refused.reason,
                        detail=refused.detail,
                        warnings=record.warnings,
                    )
                )

        # Which of the statements between known rows are stored already.
        known = [
            triple[:3]
            for _, item in resolved
            for triple in item["statements"]
            if all(isinstance(ref, int) for ref in triple[:3])
        ]
        stored: set[tuple[int, int, int]] = set()
        if known:
            stored = set(
                Statement.objects.filter(
                    claim_id__in={t[0] for t in known}, source_id__in={t[2] for t in known}
                ).values_list("claim_id", "actor_id", "source_id")
            )
        planned: set[tuple] = set()
        for record, item in resolved:
            new_statements = 0
            for triple in item["statements"]:
                key = tuple(id(ref) if isinstance(ref, _New) else ref for ref in triple[:3])
                if triple[:3] in stored or key in planned:
                    continue
                planned.add(key)
                plan.statements.append(triple)
                new_statements += 1
            plan.outcomes.append(self._review(record, item, plan, new_statements))
        return plan

    def _actor(self, party: cri.PartyIn, kind: str, plan: _Plan):
        for link in (*party.same_as, party.url):
            if link and link in self.actor_by_link:
                return self.actor_by_link[link]
        folded = normalise_name(party.name)
        if folded in self.actor_by_name:
            return self.actor_by_name[folded]
        if folded in plan.actors:
            return plan.actors[folded]
        new = plan.actors[folded] = _New(
            folded,
            party.name,
            name=party.name,
            name_normalised=folded,
            kind=kind,
            same_as=party.same_as[0] if party.same_as else "",
            url=party.url,
        )
        return new

    def _resolve(self, record: cri.ParsedReview, plan: _Plan, existing, lower) -> dict:
        """The rows a record refers to: stored ones by pk, new ones as ``_New``."""
        # Every reason to refuse comes first, before any row is planned for the record.
        if any(record.url.startswith(prefix) for prefix in self.own_url_prefixes):
            raise cri.RecordRefused(
                "our own verdict", "the review's URL is one of this site's pages"
            )
        row = existing.get(record.url)
        wording = lower[record.claim_reviewed]
        if row is not None and lower[row["claim__text"]] != wording:
            raise cri.RecordRefused(
                "claim changed",
                f"the verdict is filed under “{row['claim__text']}”, the record now "
                f"says “{record.claim_reviewed}”: an editor decides which claim it checks",
            )
        rating = cri.map_rating(record.ratings, self.scale, words=self.rating_words)
        rating_id = rating.key if rating.key is not None else self.unmapped_rating_id()

        reviewer_kind = (
            Actor.Kind.PERSON if record.reviewer.type == cri.PERSON else Actor.Kind.OUTLET
        )
        reviewer = self._actor(record.reviewer, reviewer_kind, plan)

        if row is not None:
            claim = row["claim_id"]
        elif wording in self.claim_by_lower:
            claim = self.claim_by_lower[wording]
        elif wording in plan.claims:
            claim = plan.claims[wording]
        else:
            published = self.publish
            claim = plan.claims[wording] = _New(
                wording,
                record.claim_reviewed,
                text=record.claim_reviewed,
                status=PublicationStatus.PUBLISHED if published else PublicationStatus.DRAFT,
                published_at=self.now if published else None,
            )

        statements = []
        warnings = list(record.warnings)
        if record.claimant is not None:
            kind = {
                cri.PERSON: Actor.Kind.PERSON,
                cri.ORGANIZATION: Actor.Kind.ORGANISATION,
            }.get(record.claimant.type, Actor.Kind.OTHER)
            claimant = self._actor(record.claimant, kind, plan)
            first = record.first_appearance()
            for appearance in record.appearances:
                source = self._source(appearance, record, plan, warnings)
                if source is not None:
                    # When the claim was made (itemReviewed.datePublished) is a date of
                    # the statement in its first appearance; the others are dated by
                    # their documents.
                    said_on = record.claim_date if appearance is first else None
                    statements.append((claim, claimant, source, said_on))
        return {
            "row": row,
            "claim": claim,
            "rating_id": rating_id,
            "original": rating.original,
            "reviewer": reviewer,
            "statements": statements,
            "warnings": tuple(warnings),
        }

    def _source(self, appearance: cri.AppearanceIn, record, plan: _Plan, warnings: list[str]):
        if appearance.url in self.source_by_url:
            pk, url_only = self.source_by_url[appearance.url]
            if not url_only:
                warnings.append(
                    f"{appearance.url} is one of our sources with its full text: a statement "
                    "there needs its quote, which an editor adds"
                )
                return None
            return pk
        if appearance.url in plan.sources:
            return plan.sources[appearance.url]
        title = appearance.headline or appearance.publisher or appearance.url.split("/")[2]
        new = plan.sources[appearance.url] = _New(
            appearance.url,
            title,
            title=title,
            url=appearance.url,
            url_only=True,
            text="",
            text_hash=text_fingerprint(""),
            publisher=appearance.publisher,
            published_on=appearance.date,
            date_precision=(
                Source.DatePrecision.EXACT if appearance.date else Source.DatePrecision.UNKNOWN
            ),
            language=record.language,
            kind=Source.Kind.OTHER,
        )
        return new

    def _headline(self, record: cri.ParsedReview, original: str) -> str:
        """The record's headline; failing that, "<fact-checker>: <their rating>"."""
        if record.headline:
            return record.headline
        limit = Review._meta.get_field("headline").max_length
        derived = f"{record.reviewer.name}: {original}" if original else record.reviewer.name
        return derived if len(derived) <= limit else record.reviewer.name

    def _review(self, record, item: dict, plan: _Plan, new_statements: int) -> RecordOutcome:
        row = item["row"]
        reviewer_id = _pk(item["reviewer"])
        wanted = {
            "rating_id": item["rating_id"],
            "original_rating": item["original"],
            "headline": self._headline(record, item["original"]),
            "explanation": record.body,
            "author_name": record.author_name,
            "language": record.language,
            "published_at": record.date_published,
        }
        outcome = {"index": record.index, "url": record.url, "warnings": item["warnings"]}
        if row is None:
            status = PublicationStatus.PUBLISHED if self.publish else PublicationStatus.DRAFT
            if status == PublicationStatus.PUBLISHED and wanted["published_at"] is None:
                wanted["published_at"] = self.now
            review = {"url": record.url, "status": status, "conclusion": "", **wanted}
            plan.new_reviews.append((item["claim"], review, item["reviewer"]))
            return RecordOutcome(status=IMPORTED, **outcome)

        wanted["reviewer_id"] = reviewer_id
        wanted["status"] = row["status"]
        if self.publish:
            wanted["status"] = PublicationStatus.PUBLISHED
        if wanted["published_at"] is None and wanted["status"] == PublicationStatus.PUBLISHED:
            # A published verdict keeps a date: the one it has, or now.
            wanted["published_at"] = row["published_at"] or self.now
        changed = {name for name in REVIEW_FIELDS if wanted[name] != row[name]}
        if not changed and not new_statements:
            return RecordOutcome(status=UNCHANGED, **outcome)
        if changed:
            review = Review(pk=row["pk"], url=record.url, updated_at=self.now, **wanted)
            plan.changed_reviews.append((row["claim_id"], review, item["reviewer"]))
        return RecordOutcome(status=UPDATED, **outcome)

    # ------------------------------------------------------------------ write

    def write(self, plan: _Plan) -> None:
        """Create and update the rows ``plan`` lists.

        Call inside a transaction (a savepoint per batch): the inserts depend on
        each other (statements on the claims, actors and sources created just
        before), and a failure must leave none of them. Rows are inserted with
        :func:`copy_insert`, which skips ``save()`` and signals, so what those
        would derive is done here: the claims' seen dates, their search
        documents and the page cache version.
        """
        if not plan.writes_anything():
            return
        news = list(plan.actors.values())
        _assign_unique_slugs(Actor, news, fallback="actor")
        copy_insert(Actor, news)
        for new in news:
            self._remember(self.actor_by_name, new.key, new.pk)
            for link in (new.values["same_as"], new.values["url"]):
                if link:
                    self._remember(self.actor_by_link, link, new.pk)

        news = list(plan.claims.values())
        # A new claim's first/last-seen dates, as services.claim_refresh_dates derives
        # them (the dates said and published of its statements), without the UPDATE.
        for claim, _, source, said_on in plan.statements:
            if isinstance(claim, _New):
                published_on = (
                    source.values["published_on"]
                    if isinstance(source, _New)
                    else self.source_date.get(source)
                )
                for day in (said_on, published_on):
                    if day is not None:
                        first, last = claim.values.get("first_seen"), claim.values.get("last_seen")
                        claim.values["first_seen"] = min(day, first) if first else day
                        claim.values["last_seen"] = max(day, last) if last else day
        _assign_unique_slugs(Claim, news, fallback="claim")
        copy_insert(Claim, news)
        for new in news:
            self._remember(self.claim_by_lower, new.key, new.pk)

        news = list(plan.sources.values())
        _assign_unique_slugs(Source, news, fallback="source")
        copy_insert(Source, news)
        for new in news:
            self._remember(self.source_by_url, new.key, (new.pk, True))
            self.source_date[new.pk] = new.values["published_on"]

        copy_insert(
            Statement,
            [
                _New(
                    "",
                    "",
                    claim_id=_pk(claim),
                    actor_id=_pk(actor),
                    source_id=_pk(source),
                    stance=Statement.Stance.ASSERTS,
                    mode=Statement.Mode.PARAPHRASE,
                    anchor_status=AnchorStatus.UNANCHORED,
                    said_on=said_on,
                )
                for claim, actor, source, said_on in plan.statements
            ],
        )
        copy_insert(
            Review,
            [
                _New("", "", claim_id=_pk(claim), reviewer_id=_pk(reviewer), **review)
                for claim, review, reviewer in plan.new_reviews
            ],
        )
        for _, review, reviewer in plan.changed_reviews:
            review.reviewer_id = _pk(reviewer)
        Review.objects.bulk_update(
            [review for _, review, _ in plan.changed_reviews],
            [*(f.removesuffix("_id") for f in REVIEW_FIELDS), "updated_at"],
        )

        touched = {_pk(statement[0]) for statement in plan.statements}
        touched |= {_pk(claim) for claim, _, _ in plan.new_reviews}
        touched |= {claim for claim, _, _ in plan.changed_reviews}
        created = {n.pk for n in plan.claims.values()}
        if touched - created:  # stored claims that got statements: derive their dates again
            services.claim_refresh_dates(claims=Claim.objects.filter(pk__in=touched - created))
        claim_search_refresh(claim_ids=touched | created)
        content_version_bump()
        transaction.on_commit(content_version_bump)


def copy_insert(model, rows: Sequence[_New]) -> None:
    """Insert ``rows`` with PostgreSQL's COPY and set each one's ``pk``.

    Why not ``bulk_create``: measured on 10,000 records, turning each value into
    SQL in Python (Django's per-field preparation, then psycopg's client-side
    quoting) took most of the import's time; COPY streams the rows in
    PostgreSQL's own format. The primary keys are drawn from the table's
    sequence first, so rows inserted next (statements, verdicts) can point at
    these. A column not given takes its field's default (``now`` for
    ``auto_now``/``auto_now_add``). Nothing is validated here: the values come
    from the parser, which has checked them against the columns.
    """
    if not rows:
        return
    meta = model._meta
    now = timezone.now()
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(f.column) for f in [meta.pk, *fields])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(rows)],
        )
        for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
            row.pk = pk
        # Identifiers only (quoted names from the model's own metadata); values go as data.
        with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                values = row.values
                copy.write_row(
                    [row.pk, *(values.get(f.attname, defaults[f.attname]) for f in fields)]
                )


# --------------------------------------------------------------------------- entry point


def _batches(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def own_url_prefixes() -> tuple[str, ...]:
    """Our own site's addresses: a record pointing there is one of our verdicts."""
    return tuple(
        url.rstrip("/") + "/" for url in (getattr(settings, "CLAIMTRACK_SITE_URL", ""),) if url
    )


def claimreview_import(
    *,
    document,
    publish: bool = False,
    dry_run: bool = False,
    batch_size: int = 500,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import every ClaimReview in ``document`` (parsed JSON); report each record's fate.

    ``document`` may be one ClaimReview, a list, an ``@graph``, a DataFeed or
    another object wrapping a list (``claimreview_import.records``). Each
    record is imported, updated (same review URL, something changed), left
    unchanged, or refused with its reason; one refused record never stops or
    undoes the others. ``publish`` publishes what is imported (see the module
    docstring); ``dry_run`` does everything and then rolls it all back, so the
    report says exactly what a real run would do. ``progress(done, total)`` is
    called after each batch.

    Without ``dry_run`` every batch is committed as it is done (unless the
    caller holds a transaction), so an interrupted import keeps what it wrote
    and a second run carries on, finding those records unchanged.
    """
    raw = list(cri.records(document))
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic() if dry_run else _no_transaction():
        importer = Importer(publish=publish, own_url_prefixes=own_url_prefixes())
        limits = column_limits()
        seen: dict[str, int] = {}
        done = 0
        for batch in _batches(list(enumerate(raw, start=1)), batch_size):
            parsed = []
            for index, item in batch:
                try:
                    record = cri.parse(item, index=index, limits=limits)
                except cri.RecordRefused as refused:
                    report.add(
                        RecordOutcome(
                            index=index,
                            status=REFUSED,
                            url=item.get("url", "") if isinstance(item, dict) else "",
                            reason=refused.reason,
                            detail=refused.detail,
                        )
                    )
                    continue
                if record.url in seen:
                    report.add(
                        RecordOutcome(
                            index=index,
                            status=REFUSED,
                            url=record.url,
                            reason="duplicate",
                            detail=f"same review URL as record {seen[record.url]}",
                        )
                    )
                    continue
                seen[record.url] = index
                parsed.append(record)
            for outcome in _import_batch(importer, parsed):
                report.add(outcome)
            done += len(batch)
            if progress is not None:
                progress(done, len(raw))
        if dry_run:
            transaction.set_rollback(True)
    return report


class _no_transaction:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _import_batch(importer: Importer, records: list[cri.ParsedReview]) -> list[RecordOutcome]:
    """One savepoint for the batch; on a database error, one per record."""
    if not records:
        return []
    try:
        with transaction.atomic():
            plan = importer.plan(records)
            importer.write(plan)
    except DatabaseError:
        importer.forget_batch()
    else:
        importer.keep_batch()
        return plan.outcomes
    if len(records) == 1:
        return _import_alone(importer, records[0])
    outcomes = []
    for record in records:
        outcomes += _import_alone(importer, record)
    return outcomes


def _import_alone(importer: Importer, record: cri.ParsedReview) -> list[RecordOutcome]:
    try:
        with transaction.atomic():
            plan = importer.plan([record])
            importer.write(plan)
    except DatabaseError as error:
        importer.forget_batch()
        return [
            RecordOutcome(
                index=record.index,
                status=REFUSED,
                url=record.url,
                reason="refused by the database",
                detail=_first_line(error),
                warnings=record.warnings,
            )
        ]
    importer.keep_batch()
    return plan.outcomes
