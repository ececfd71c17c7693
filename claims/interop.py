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
import functools
import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from claims import bulk, claimreview_parsing, services
from claims.bulk import NewRow
from claims.caching import content_version_bump
from claims.domain import claimreview_import as cri
from claims.models import (
    Actor,
    Claim,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
)
from claims.models.actors import normalise_name as _normalise_name
from claims.models.anchors import AnchorStatus
from claims.models.sources import text_fingerprint
from claims.publicity import publicity_mark_quoted
from claims.scorecards import scorecards_forget_all

#: Records planned and written together: the larger, the fewer round trips and query
#: plans per record (docs/PERFORMANCE.md); a refused batch is halved (``_import_batch``).
BATCH_SIZE = 2000

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


#: Feeds name the same fact-checkers and speakers over and over: fold each name once.
normalise_name = functools.lru_cache(maxsize=2**16)(_normalise_name)


def _pk(ref) -> int | None:
    return ref.pk if isinstance(ref, NewRow) else ref


@dataclass
class _Plan:
    """The writes one batch needs, and each record's outcome once they are done."""

    actors: dict[str, NewRow] = field(default_factory=dict)
    claims: dict[str, NewRow] = field(default_factory=dict)
    sources: dict[str, NewRow] = field(default_factory=dict)
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


def _assign_unique_slugs(news_by_model: dict, fallbacks: dict) -> None:
    """Give each new row a slug no stored row and no other new row of its table has.

    The slug of its text when free, else with eight characters of a hash of its
    key, else with a counter too: one query per round for all the tables
    (:func:`claims.bulk.taken_slugs`), rarely more than two rounds.
    """
    candidates, pending = {}, {}
    for model, news in news_by_model.items():
        max_length = model._meta.get_field("slug").max_length
        for new in news:
            base = _slug_base(new.slug_source, fallbacks[model], max_length)
            digest = hashlib.sha256(new.key.encode("utf-8")).hexdigest()[:8]
            candidates[id(new)] = _slug_candidates(base, digest)
            pending[id(new)] = (model, new, next(candidates[id(new)]))
    taken: dict = {model: set() for model in news_by_model}
    while pending:
        wanted: dict = {model: set() for model in news_by_model}
        for model, _, slug in pending.values():
            wanted[model].add(slug)
        stored = bulk.taken_slugs(wanted)
        retry = {}
        for key, (model, new, slug) in pending.items():
            if slug in stored[model] or slug in taken[model]:
                retry[key] = (model, new, next(candidates[key]))
            else:
                new.values["slug"] = slug
                taken[model].add(slug)
        pending = retry


def _fetch(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
        self.lower_of: dict[str, str] = {}  # a wording: its fold by PostgreSQL's LOWER()
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

    def _load_reviews(self, urls: Sequence[str]) -> dict[str, dict]:
        """The stored verdicts with these URLs, by URL, with their claim's wording."""
        columns = ", ".join(f"r.{Review._meta.get_field(name).column}" for name in REVIEW_FIELDS)
        existing = {}
        # url <> '': so that the partial unique index on url serves it.
        for row in _fetch(
            f"SELECT r.id, r.url, r.claim_id, c.text, LOWER(c.text), {columns} "  # noqa: S608
            "FROM claims_review r JOIN claims_claim c ON c.id = r.claim_id "
            "WHERE r.url = ANY(%s) AND r.url <> ''",
            [list(urls)],
        ):
            pk, url, claim_id, text, lower = row[:5]
            self.lower_of[text] = lower
            existing[url] = {
                "pk": pk,
                "claim_id": claim_id,
                "claim__text": text,
                **dict(zip(REVIEW_FIELDS, row[5:], strict=True)),
            }
        return existing

    def _load_claims(self, texts: Iterable[str]) -> None:
        """Fold the wordings as PostgreSQL does and find the claims they are: one query.

        PostgreSQL's LOWER() is the fold of the unique index ``claim_text_unique_ci``,
        and Python's ``str.lower`` is not it (under the C collation LOWER() leaves
        "É" alone): matching by the wrong fold would miss an existing claim and then
        collide with it in the index. Wordings whose fold and claim are known
        already are not asked again.
        """
        wanted = {
            text
            for text in texts
            if text not in self.lower_of or self.lower_of[text] not in self.claim_by_lower
        }
        if not wanted:
            return
        # A join on LOWER(text): an index scan of claim_text_unique_ci per wording.
        for text, lower, pk in _fetch(
            "SELECT t, LOWER(t), c.id FROM unnest(%s::text[]) AS t "
            "LEFT JOIN claims_claim c ON LOWER(c.text) = LOWER(t)",
            [list(wanted)],
        ):
            self.lower_of[text] = lower
            if pk is not None:
                self.claim_by_lower[lower] = pk

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
        # The actors first, by pk, then the aliases: an alias counts after every
        # actor's own name ("Sergei Lavrov" the name beats "Sergei Lavrov" the
        # alias of someone else).
        rows = _fetch(
            "SELECT 0, id, name_normalised, same_as, url FROM claims_actor "
            "WHERE name_normalised = ANY(%s) OR same_as = ANY(%s) OR url = ANY(%s) "
            "UNION ALL SELECT 1, actor_id, normalised, '', '' FROM claims_actoralias "
            "WHERE normalised = ANY(%s) ORDER BY 1, 2",
            [list(names), list(links), list(links), list(names)],
        )
        for _, pk, folded, same_as, url in rows:
            if folded in names:
                self.actor_by_name.setdefault(folded, pk)
            for link in (same_as, url):
                if link and link in links:
                    self.actor_by_link.setdefault(link, pk)
        self.actor_names_looked_up |= names
        self.actor_links_looked_up |= links

    def _load_sources(self, urls: Iterable[str]) -> None:
        wanted = set(urls) - self.source_by_url.keys()
        if wanted:
            # url <> '': the partial unique index source_url_unique_when_given
            # serves only queries that rule out the blank URL.
            for pk, url, url_only, published_on in _fetch(
                "SELECT id, url, url_only, published_on FROM claims_source "
                "WHERE url = ANY(%s) AND url <> ''",
                [list(wanted)],
            ):
                self.source_by_url[url] = (pk, url_only)
                self.source_date[pk] = published_on

    def _stored_statements(self, triples: Iterable[tuple[int, int, int]]) -> set[tuple]:
        """Which (claim, actor, source) triples have a statement already: one query,
        an index scan of statement_unique_anchor_per_claim per triple."""
        triples = set(triples)
        if not triples:
            return set()
        claims, actors, sources = (list(column) for column in zip(*triples, strict=True))
        return set(
            _fetch(
                "SELECT s.claim_id, s.actor_id, s.source_id FROM claims_statement s "
                "JOIN unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS k(c, a, o) "
                "ON s.claim_id = k.c AND s.actor_id = k.a AND s.source_id = k.o",
                [claims, actors, sources],
            )
        )

    # ------------------------------------------------------------------ plan

    def plan(self, records: Sequence[cri.ParsedReview]) -> _Plan:
        """What writing ``records`` takes, and what becomes of each. Reads only.

        A fixed number of queries whatever the number of records: the verdicts
        by URL, PostgreSQL's fold of the wordings, the claims by wording, the
        actors and their aliases, the sources by URL, the statements already
        joining known claims, actors and sources.
        """
        plan = _Plan()
        existing = self._load_reviews([r.url for r in records])
        self._load_claims(r.claim_reviewed for r in records)
        lower = self.lower_of
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
        stored = self._stored_statements(known)
        planned: set[tuple] = set()
        for record, item in resolved:
            new_statements = 0
            for triple in item["statements"]:
                key = tuple(id(ref) if isinstance(ref, NewRow) else ref for ref in triple[:3])
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
        new = plan.actors[folded] = NewRow(
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
        """The rows a record refers to: stored ones by pk, new ones as ``NewRow``."""
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
            claim = plan.claims[wording] = NewRow(
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
        new = plan.sources[appearance.url] = NewRow(
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
        each other, and a failure must leave none of them. The primary keys of
        every new row are drawn first, so rows can point at rows not inserted
        yet; the claims go in last (foreign keys are checked at the end, see
        below), so that their search documents, computed as they are inserted
        (:func:`claims.bulk.copy_insert_claims`), include their new verdicts.
        Rows are inserted with COPY, which skips ``save()`` and signals, so what
        those would derive is done here: the claims' seen dates, their search
        documents and the page cache version.
        """
        if not plan.writes_anything():
            return
        actors, claims, sources = (
            list(plan.actors.values()),
            list(plan.claims.values()),
            list(plan.sources.values()),
        )
        statements = [
            NewRow(
                "",
                "",
                claim_id=claim,
                actor_id=actor,
                source_id=source,
                stance=Statement.Stance.ASSERTS,
                mode=Statement.Mode.PARAPHRASE,
                anchor_status=AnchorStatus.UNANCHORED,
                said_on=said_on,
            )
            for claim, actor, source, said_on in plan.statements
        ]
        reviews = [
            NewRow("", "", claim_id=claim, reviewer_id=reviewer, **review)
            for claim, review, reviewer in plan.new_reviews
        ]
        # Statements and verdicts take their keys from the column's default as they are
        # copied: nothing in the batch points at them.
        bulk.allocate_pks({Actor: actors, Claim: claims, Source: sources})
        for row in statements + reviews:  # the references, now that every row has its pk
            for name in ("claim_id", "actor_id", "source_id", "reviewer_id"):
                if name in row.values:
                    row.values[name] = _pk(row.values[name])
        _assign_unique_slugs(
            {Actor: actors, Claim: claims, Source: sources},
            {Actor: "actor", Claim: "claim", Source: "source"},
        )
        # A new claim's first/last-seen dates, as services.claim_refresh_dates derives
        # them (the dates said and published of its statements), without the UPDATE.
        for claim, _, source, said_on in plan.statements:
            if isinstance(claim, NewRow):
                published_on = (
                    source.values["published_on"]
                    if isinstance(source, NewRow)
                    else self.source_date.get(source)
                )
                for day in (said_on, published_on):
                    if day is not None:
                        first, last = claim.values.get("first_seen"), claim.values.get("last_seen")
                        claim.values["first_seen"] = min(day, first) if first else day
                        claim.values["last_seen"] = max(day, last) if last else day

        bulk.copy_insert(Actor, actors)
        bulk.copy_insert(Source, sources)
        bulk.copy_insert(Statement, statements)
        bulk.copy_insert(Review, reviews)
        bulk.copy_insert_claims(claims)
        for new in actors:
            self._remember(self.actor_by_name, new.key, new.pk)
            for link in (new.values["same_as"], new.values["url"]):
                if link:
                    self._remember(self.actor_by_link, link, new.pk)
        for new in claims:
            self._remember(self.claim_by_lower, new.key, new.pk)
        for new in sources:
            self._remember(self.source_by_url, new.key, (new.pk, True))
            self.source_date[new.pk] = new.values["published_on"]

        for _, review, reviewer in plan.changed_reviews:
            review.reviewer_id = _pk(reviewer)
        Review.objects.bulk_update(
            [review for _, review, _ in plan.changed_reviews],
            [*(f.removesuffix("_id") for f in REVIEW_FIELDS), "updated_at"],
        )

        # Stored claims that got statements or verdicts: their dates and documents.
        stored = {_pk(statement[0]) for statement in plan.statements}
        stored |= {_pk(claim) for claim, _, _ in plan.new_reviews}
        stored |= {claim for claim, _, _ in plan.changed_reviews}
        stored -= {new.pk for new in claims}
        if stored:
            # Their documents too: statements and verdicts came by COPY, past the signals.
            services.claim_refresh_dates(claims=Claim.objects.filter(pk__in=stored))
        # COPY bypasses the signals: which actors and sources are public now.
        # (New claims count only when published: a batch of drafts asks nothing.)
        publicity_mark_quoted(
            [
                *stored,
                *(new.pk for new in claims if new.values["status"] == PublicationStatus.PUBLISHED),
            ]
        )
        with connection.cursor() as cursor:
            # The foreign keys (deferred) are checked now, inside the batch's savepoint,
            # so that a broken one fails this batch and not the caller's whole transaction.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE; SET CONSTRAINTS ALL DEFERRED")
        content_version_bump()
        transaction.on_commit(content_version_bump)
        # Bulk rows bypass the signals that forget the scorecards they change.
        scorecards_forget_all()
        transaction.on_commit(scorecards_forget_all)


# --------------------------------------------------------------------------- entry point


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
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    parallel: bool = False,
) -> ImportReport:
    """Import every ClaimReview in ``document`` (parsed JSON); report each record's fate.

    ``document`` may be one ClaimReview, a list, an ``@graph``, a DataFeed or
    another object wrapping a list (``claimreview_import.records``). Each
    record is imported, updated (same review URL, something changed), left
    unchanged, or refused with its reason; one refused record never stops or
    undoes the others. ``publish`` publishes what is imported (see the module
    docstring); ``dry_run`` does everything and then rolls it all back, so the
    report says exactly what a real run would do. ``progress(done, total)`` is
    called after each batch. ``parallel`` parses the next batches in a second
    process while this one writes (``claims.claimreview_parsing``): for the
    command, which runs one import in a process of its own.

    Without ``dry_run`` every batch is committed as it is done (unless the
    caller holds a transaction), so an interrupted import keeps what it wrote
    and a second run carries on, finding those records unchanged.
    """
    raw = list(cri.records(document))
    report = ImportReport(dry_run=dry_run)
    with transaction.atomic() if dry_run else _no_transaction():
        importer = Importer(publish=publish, own_url_prefixes=own_url_prefixes())
        seen: dict[str, int] = {}
        done = 0
        for batch in claimreview_parsing.parsed_batches(
            raw, batch_size=batch_size, limits=column_limits(), parallel=parallel
        ):
            parsed = []
            for record in batch:
                if isinstance(record, claimreview_parsing.Refusal):
                    report.add(
                        RecordOutcome(
                            index=record.index,
                            status=REFUSED,
                            url=record.url,
                            reason=record.reason,
                            detail=record.detail,
                        )
                    )
                    continue
                if record.url in seen:
                    report.add(
                        RecordOutcome(
                            index=record.index,
                            status=REFUSED,
                            url=record.url,
                            reason="duplicate",
                            detail=f"same review URL as record {seen[record.url]}",
                        )
                    )
                    continue
                seen[record.url] = record.index
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
    """One savepoint for the batch; on a database error, each half of it again.

    Halving down to one record a savepoint refuses a bad record with the
    database's own reason and keeps every other, as retrying each record alone
    would, but in about twice log2(batch size) savepoints rather than one per
    record: what lets batches be large.
    """
    if not records:
        return []
    if len(records) == 1:
        return _import_alone(importer, records[0])
    try:
        with transaction.atomic():
            plan = importer.plan(records)
            importer.write(plan)
    except DatabaseError:
        importer.forget_batch()
    else:
        importer.keep_batch()
        return plan.outcomes
    middle = len(records) // 2
    return _import_batch(importer, records[:middle]) + _import_batch(importer, records[middle:])


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
