"""Reads for the public site (and, later, the API): what readers may see, and how.

The publication policy lives here once, in :class:`Audience`: only published
claims, and the verdicts, statements, evidence, relations, sources and actors
that belong to them, are public. Staff may *preview* an unpublished claim (or a
published one with its unpublished verdicts); every page-building function
takes an audience and asks it, never ``status=...`` on its own.

Every function issues a fixed number of queries whatever the number of
statements, relations or verdicts (``select_related``/``prefetch_related`` and
subqueries); the view tests assert it.
"""

from __future__ import annotations

import datetime
import functools
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections, router
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from claims import claim_list_rows, claim_page_rows, search
from claims.caching import under_content_version
from claims.domain import claimreview
from claims.models import (
    Actor,
    Claim,
    ClaimRelation,
    Correction,
    Evidence,
    PublicationStatus,
    Rating,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.models.anchors import AnchorStatus
from claims.paginators import RowsByKey, RowsByQuery, RowsBySlice, UncountedPage
from claims.scorecards import ScorecardRow, actor_scorecard
from claims.search import SEARCH_CONFIG, ranked_ids

PUBLISHED = PublicationStatus.PUBLISHED

# --------------------------------------------------------------------------- policy


@dataclass(frozen=True)
class Audience:
    """Who is looking: the public (``preview=False``) or staff previewing.

    A preview shows unpublished claims and verdicts too; it is never cached
    and is marked as a preview on the page.
    """

    preview: bool = False

    def claims(self) -> QuerySet:
        return Claim.objects.all() if self.preview else Claim.objects.published()

    def sees(self, claim: Claim) -> bool:
        """The policy of :meth:`claims` for one claim already loaded."""
        return self.preview or claim.status == PUBLISHED

    def reviews(self) -> QuerySet:
        """Verdicts shown on a claim's page, newest first; the first is the current one."""
        reviews = Review.objects.select_related("rating__scale")
        if self.preview:
            return reviews.order_by(F("published_at").desc(nulls_first=True), "-created_at")
        return reviews.filter(status=PUBLISHED).order_by("-published_at", "-pk")


PUBLIC = Audience()


def staff_may_preview(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active and user.is_staff)


def with_verdicts(claims: QuerySet, audience: Audience = PUBLIC) -> QuerySet:
    """Attach ``claim.verdicts`` (newest first) in one extra query for the whole list."""
    return claims.prefetch_related(
        Prefetch("reviews", queryset=audience.reviews(), to_attr="verdicts")
    )


def current_verdict(claim: Claim) -> Review | None:
    verdicts = getattr(claim, "verdicts", None)
    return verdicts[0] if verdicts else None


def public_reviews() -> QuerySet:
    """Published verdicts of published claims: what the feed and the home page list."""
    return Review.objects.filter(status=PUBLISHED, claim__status=PUBLISHED).select_related(
        "claim", "rating"
    )


def public_sources() -> QuerySet:
    """Sources quoted by, or cited as evidence for, a published claim (``claims.publicity``)."""
    return Source.objects.filter(is_public=True)


def public_actors() -> QuerySet:
    """Actors with a statement on a published claim (``claims.publicity``)."""
    return Actor.objects.filter(is_public=True)


def public_topics() -> QuerySet:
    """Topics with at least one published claim."""
    return Topic.objects.filter(
        Exists(Claim.topics.through.objects.filter(topic=OuterRef("pk"), claim__status=PUBLISHED))
    )


# --------------------------------------------------------------------------- claim list / search

ORDERS = {
    "relevance": "Best match",
    "recent": "Most recently seen",
    "oldest": "First seen earliest",
    "verdict": "Newest verdict",
    "az": "A to Z",
}
UNRATED = "unrated"


def _current_rating_slug() -> Subquery:
    return Subquery(
        Review.objects.filter(claim=OuterRef("pk"), status=PUBLISHED)
        .order_by("-published_at", "-pk")
        .values("rating__slug")[:1]
    )


def claim_search(
    *,
    q: str = "",
    rating: str = "",
    actor: str = "",
    topic: str = "",
    source: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    order: str = "",
) -> RowsByKey | RowsByQuery:
    """Published claims matching a reader's search, ready for the list's items.

    ``q`` uses web-search syntax (``"exact phrase"``, ``-word``, ``or``) over the
    claim's search document (``claims.search``), ranked by weight. ``rating`` is
    a rating slug matched against the claim's *current* verdict (or
    ``"unrated"``); ``actor``, ``topic`` and ``source`` are slugs; the dates keep
    claims seen (first to last statement) within the range. ``order`` is one of
    :data:`ORDERS`; unknown values fall back to relevance when searching, most
    recent otherwise. Ranked by relevance, the answer is the candidates' keys in
    their order (``RowsByKey``); in any other order, a query's (``RowsByQuery``).
    Either way a page's claims are fetched a page at a time, as the list shows
    them (``claims.claim_list_rows``: the current verdict, the topics).
    """
    claims = Claim.objects.published()
    q = (q or "").strip()
    if q:
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        claims = claims.filter(search_vector=query).annotate(
            rank=SearchRank(F("search_vector"), query)
        )
    if rating:
        claims = claims.annotate(current_rating=_current_rating_slug())
        if rating == UNRATED:
            claims = claims.filter(current_rating__isnull=True)
        else:
            claims = claims.filter(current_rating=rating)
    if actor:
        claims = claims.filter(
            Exists(Statement.objects.filter(claim=OuterRef("pk"), actor__slug=actor))
        )
    if topic:
        claims = claims.filter(
            Exists(Claim.topics.through.objects.filter(claim=OuterRef("pk"), topic__slug=topic))
        )
    if source:
        claims = claims.filter(
            Exists(Statement.objects.filter(claim=OuterRef("pk"), source__slug=source))
        )
    if date_from:
        claims = claims.filter(last_seen__gte=date_from)
    if date_to:
        claims = claims.filter(first_seen__lte=date_to)

    if order not in ORDERS or (order == "relevance" and not q):
        order = "relevance" if q else "recent"
    if order == "relevance":
        # Ranked as the candidates are found, and they meet every condition above: a page
        # asks for its own rows by key alone, and their number is the count.
        ranked = ranked_ids(claims, q=q)
        return RowsByKey(ranked, claim_list_rows.fetch, more=search.more_may_match(ranked))
    if order == "recent":
        claims = claims.order_by(F("last_seen").desc(nulls_last=True), "pk")
    elif order == "oldest":
        claims = claims.order_by(F("first_seen").asc(nulls_last=True), "text", "pk")
    elif order == "verdict":
        claims = claims.annotate(
            verdict_at=Max("reviews__published_at", filter=Q(reviews__status=PUBLISHED))
        ).order_by(F("verdict_at").desc(nulls_last=True), "pk")
    else:
        claims = claims.order_by("text", "pk")
    return RowsByQuery(claims, claim_list_rows.fetch)


#: A filter offers a list of options up to this many; past it, readers type instead.
FILTER_OPTIONS_LIMIT = 100


def _longer_than_a_list(*models) -> set:
    """Which of these models' tables hold more than :data:`FILTER_OPTIONS_LIMIT` rows.

    One query for all of them (a UNION of three ``LIMIT 101`` scans). The
    table's size decides before asking which rows are public, the costly part.
    """
    parts = [
        model.objects.order_by().annotate(table=Value(n)).values_list("table", flat=True)
        for n, model in enumerate(models)
    ]
    parts = [part[: FILTER_OPTIONS_LIMIT + 1] for part in parts]
    sizes = Counter(parts[0].union(*parts[1:], all=True))
    return {model for n, model in enumerate(models) if sizes[n] > FILTER_OPTIONS_LIMIT}


def _options(queryset: QuerySet, value: str, label: str, *, too_many: set):
    """The (value, label) pairs of ``queryset`` by label, or None when there are too many.

    A desk with forty thousand actors cannot offer them in a drop-down (a
    megabyte of HTML, and a query over every statement); it gets a text field.
    """
    if queryset.model in too_many:
        return None
    rows = list(queryset.order_by().values_list(value, label))
    return sorted(rows, key=lambda row: row[1].casefold())


def filter_choices() -> dict:
    """Options for the claim list's filters: only values that lead to public claims.

    ``topics``, ``actors`` and ``sources`` are None when there are too many to
    list: the list page then asks for a name (or a source's web address), which
    :func:`filters_resolve` turns into a slug. Kept until the next write to the
    archive (``claims.caching.under_content_version``): every list page asks.
    """
    return under_content_version("filter-choices", _filter_choices)


def _filter_choices() -> dict:
    too_many = _longer_than_a_list(Topic, Actor, Source)
    return {
        "ratings": list(
            Rating.objects.filter(scale__is_default=True)
            .order_by("position")
            .values_list("slug", "label")
        ),
        "topics": _options(public_topics(), "slug", "name", too_many=too_many),
        "actors": _options(public_actors(), "slug", "name", too_many=too_many),
        "sources": _options(public_sources(), "slug", "title", too_many=too_many),
        "orders": list(ORDERS.items()),
    }


def filters_resolve(values: dict[str, str]) -> dict[str, tuple[str, str]]:
    """(slug, label) of what a reader typed or picked in each filter (``actor``,
    ``topic``, ``source``), all in one query.

    A slug (from a link or a drop-down) is taken as it is; otherwise an actor is
    found by name or alias (case and accents aside), a topic by name, a source
    by its web address. Unknown values come back unchanged, and find nothing.
    """
    wanted = {key: value.strip() for key, value in values.items() if value and value.strip()}
    branches = []
    for key, value in wanted.items():
        if key == "actor":
            rows = public_actors().filter(Q(slug=value) | Q(pk__in=Actor.objects.named(value)))
            label = F("name")
        elif key == "topic":
            rows = public_topics().filter(Q(slug=value) | Q(name__iexact=value))
            label = F("name")
        elif key == "source":
            rows = public_sources().filter(Q(slug=value) | Q(url=value))
            label = F("title")
        else:
            continue
        rows = rows.order_by("pk").annotate(filter_key=Value(key), filter_label=label)
        branches.append(rows.values_list("filter_key", "slug", "filter_label")[:1])
    found = {}
    if branches:
        first, *others = branches
        rows = first.union(*others, all=True) if others else first
        found = {key: (slug, label) for key, slug, label in rows}
    return {key: found.get(key, (value, value)) for key, value in wanted.items()}


# --------------------------------------------------------------------------- home


def latest_verdicts(*, limit: int = 8) -> list[Review]:
    return list(public_reviews().order_by("-published_at", "-pk")[:limit])


def _count(queryset: QuerySet, column: str) -> Coalesce:
    counted = queryset.order_by().values(column).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


#: How many of the most recently seen claims the home page weighs for "most contested".
CONTESTED_WINDOW = 500


def most_contested(*, limit: int = 8) -> list[Claim]:
    """Recent published claims with the most published counter-claims and denials.

    Among the :data:`CONTESTED_WINDOW` most recently seen claims: what is
    contested *now* is the news, and counting the relations and denials of a
    whole archive on every home page view grows with it (seconds at a million).
    Ties go to the most recently seen. Each claim has ``counter_claims``,
    ``denials`` and what a list item shows (``claims.claim_list_rows``).

    The counts come back for the whole window and are ranked here: filtered and
    sorted in SQL, PostgreSQL counted each claim twice (in the filter and in the
    sort), 14-20 ms at a million claims where this takes 9-10.
    """
    recent = (
        Claim.objects.published()
        .order_by(F("last_seen").desc(nulls_last=True), "pk")
        .values("pk")[:CONTESTED_WINDOW]
    )
    contradicts = ClaimRelation.objects.filter(kind=ClaimRelation.Kind.CONTRADICTS)
    counted = (
        Claim.objects.published()
        .filter(pk__in=recent)
        .annotate(
            counter_claims=_count(
                contradicts.filter(from_claim=OuterRef("pk"), to_claim__status=PUBLISHED),
                "from_claim",
            )
            + _count(
                contradicts.filter(to_claim=OuterRef("pk"), from_claim__status=PUBLISHED),
                "to_claim",
            ),
            denials=_count(
                Statement.objects.filter(claim=OuterRef("pk"), stance=Statement.Stance.DENIES),
                "claim",
            ),
        )
        .values_list("pk", "last_seen", "counter_claims", "denials")
    )
    contested = [row for row in counted if row[2] + row[3] > 0]
    contested.sort(key=lambda row: (-(row[2] + row[3]), *_newest_first(row[1]), row[0]))
    counts = {pk: (counter_claims, denials) for pk, _, counter_claims, denials in contested}
    claims = claim_list_rows.fetch([row[0] for row in contested[:limit]])
    for claim in claims:
        claim.counter_claims, claim.denials = counts[claim.pk]
    return claims


def _newest_first(day: datetime.date | None) -> tuple:
    """A sort key putting later days first and claims never seen last (the SQL order
    ``last_seen DESC NULLS LAST``)."""
    return (day is None, -day.toordinal() if day else 0)


# --------------------------------------------------------------------------- claim page


@dataclass
class RelatedClaim:
    label: str  # "contradicts", "is supported by", … read from the page's claim
    kind: str
    claim: Claim
    verdict: Review | None
    note: str


@dataclass
class TimelineEntry:
    date: datetime.date | None
    kind: str  # "statement" (an appearance) or "verdict"
    text: str
    url: str = ""


@dataclass
class ClaimPage:
    claim: Claim
    preview: bool
    verdicts: list[Review]
    statements: list[Statement]
    related: list[RelatedClaim]
    evidence: dict[str, list[Evidence]]
    timeline: list[TimelineEntry]
    last_updated: datetime.datetime
    rating_bounds: tuple[int | None, int | None] = (None, None)
    topics: list[Topic] = field(default_factory=list)

    @property
    def current_verdict(self) -> Review | None:
        return self.verdicts[0] if self.verdicts else None

    @property
    def counter_claims(self) -> list[RelatedClaim]:
        return [r for r in self.related if r.kind == ClaimRelation.Kind.CONTRADICTS]

    @property
    def supporting_claims(self) -> list[RelatedClaim]:
        return [r for r in self.related if r.kind != ClaimRelation.Kind.CONTRADICTS]


def claim_for_page(*, slug: str, user=None) -> tuple[Claim, Audience]:
    """The claim at ``slug`` and the audience to build its page for.

    The public sees published claims only (``Claim.DoesNotExist`` otherwise).
    Staff also see unpublished ones, as a preview.
    """
    if staff_may_preview(user):
        claim = Claim.objects.get(slug=slug)
        return claim, Audience(preview=not claim.is_published())
    return Claim.objects.published().get(slug=slug), PUBLIC


def claim_page_for(*, slug: str, user=None, preview: bool = False) -> ClaimPage:
    """The page of the claim at ``slug`` as ``user`` may see it.

    The public gets the published claim's page (``Claim.DoesNotExist``
    otherwise). Staff also see unpublished claims, as a preview, and with
    ``preview`` a published claim's unpublished verdicts too.
    """
    if not staff_may_preview(user):
        return public_claim_page(slug=slug)
    claim, audience = claim_for_page(slug=slug, user=user)
    return claim_page(claim=claim, audience=Audience(preview=True) if preview else audience)


def statement_date(statement: Statement) -> datetime.date | None:
    return statement.said_on or statement.source.published_on


def claim_page(*, claim: Claim, audience: Audience = PUBLIC) -> ClaimPage:
    """Everything the claim page shows, in one query (``claims.claim_page_rows``)."""
    return _claim_page(
        claim_page_rows.fetch(slug=claim.slug, preview=audience.preview, published_only=False),
        audience,
    )


def public_claim_page(*, slug: str) -> ClaimPage:
    """The page of the published claim at ``slug``, as the public sees it, in one query.

    ``Claim.DoesNotExist`` when there is no such published claim.
    """
    return _claim_page(claim_page_rows.fetch(slug=slug, preview=False, published_only=True), PUBLIC)


def _claim_page(rows: claim_page_rows.ClaimPageRows, audience: Audience) -> ClaimPage:
    claim, verdicts = rows.claim, rows.verdicts
    statements = rows.statements
    statements.sort(key=lambda s: (statement_date(s) or datetime.date.max, s.pk))
    related = [
        RelatedClaim(
            label=r.relation.label_from(claim),
            kind=r.relation.kind,
            claim=r.other,
            verdict=r.verdict,
            note=r.relation.note,
        )
        for r in rows.relations
    ]
    evidence: dict[str, list[Evidence]] = {stance: [] for stance in Evidence.Stance.values}
    for item in rows.evidence:
        evidence[item.stance].append(item)
    bounds = rows.rating_bounds

    timeline = [
        TimelineEntry(
            date=statement_date(s),
            kind="statement",
            text=f"{s.actor} {s.get_stance_display()} it in “{s.source}”",
            url=f"{s.source.get_absolute_url()}#statement-{s.pk}",
        )
        for s in statements
    ]
    timeline += [
        TimelineEntry(
            date=v.published_at.date() if v.published_at else None,
            kind="verdict",
            text=f"Verdict: {v.rating.label}",
            url=f"#verdict-{v.pk}",
        )
        for v in verdicts
    ]
    timeline.sort(key=lambda e: (e.date is None, e.date or datetime.date.min))

    moments = [claim.updated_at, *(v.updated_at for v in verdicts)]
    moments += [s.updated_at for s in statements]
    return ClaimPage(
        claim=claim,
        preview=audience.preview,
        verdicts=verdicts,
        statements=statements,
        related=related,
        evidence=evidence,
        timeline=timeline,
        last_updated=max(moments),
        rating_bounds=bounds,
        topics=rows.topics,
    )


# --------------------------------------------------------------------------- ClaimReview


def _party_for_actor(actor: Actor) -> claimreview.Party:
    kind = claimreview.PERSON if actor.kind == Actor.Kind.PERSON else claimreview.ORGANIZATION
    return claimreview.Party(name=actor.name, type=kind, same_as=actor.same_as, url=actor.url)


def claimreview_publisher(*, base_url: str) -> claimreview.Party:
    """The fact-checking organisation that publishes this site's own verdicts.

    ``CLAIMTRACK_PUBLISHER_NAME`` and ``CLAIMTRACK_PUBLISHER_URL`` (the site's
    root, ``base_url``, when that is empty).
    """
    return claimreview.Party(
        name=getattr(settings, "CLAIMTRACK_PUBLISHER_NAME", "ClaimTrack"),
        type=claimreview.ORGANIZATION,
        url=getattr(settings, "CLAIMTRACK_PUBLISHER_URL", "") or base_url.rstrip("/") + "/",
    )


def claimreview_data(*, page: ClaimPage, base_url: str) -> claimreview.ClaimReviewData | None:
    """The ClaimReview of a claim page's current, published verdict; None without one.

    ``base_url`` is the site's absolute root (``https://claims.example.org``),
    used for our own pages: the review's URL, and a source's page when the
    source has no URL of its own.
    """
    verdict = page.current_verdict
    if verdict is None or verdict.status != PUBLISHED:
        return None
    base_url = base_url.rstrip("/")
    appearances: list[claimreview.Appearance] = []
    seen: set[str] = set()
    for s in page.statements:
        url = s.source.url or base_url + s.source.get_absolute_url()
        if url in seen:
            continue
        seen.add(url)
        appearances.append(
            claimreview.Appearance(
                url=url,
                # The document's own date (CreativeWork.datePublished), the same in
                # every ClaimReview that lists it; when the claim was *said* is the
                # claim's datePublished (first_seen) instead.
                date=s.source.published_on,
                headline=s.source.title,
                publisher=s.source.publisher,
            )
        )
    # The claim's author: whoever first asserted it; failing that, first voiced it.
    speakers = [s for s in page.statements if s.stance == Statement.Stance.ASSERTS] or [
        s for s in page.statements if s.stance != Statement.Stance.DENIES
    ]
    best, worst = page.rating_bounds
    if verdict.is_external():
        # Another fact-checker's verdict keeps its own page, author and words: we
        # pass it on, we do not sign it. Its modification date is theirs, which we
        # do not hold, so none is given.
        url, review_author, date_modified = verdict.url, _party_for_actor(verdict.reviewer), None
        label = verdict.original_rating or verdict.rating.label
    else:
        url = base_url + page.claim.get_absolute_url()
        # Google reads ClaimReview.author as the fact-checking organisation, not the
        # editor who wrote it; the editor's name is on the page's byline.
        review_author = claimreview_publisher(base_url=base_url)
        date_modified = verdict.updated_at.date()
        label = verdict.rating.label
    return claimreview.ClaimReviewData(
        url=url,
        claim_reviewed=page.claim.text,
        headline=verdict.headline,
        rating=claimreview.RatingData(
            label=label, value=verdict.rating.value, best=best, worst=worst
        ),
        review_author=review_author,
        date_published=verdict.published_at.date(),
        date_modified=date_modified,
        language=verdict.language or settings.LANGUAGE_CODE,
        claim_author=_party_for_actor(speakers[0].actor) if speakers else None,
        claim_date=page.claim.first_seen
        or min((a.date for a in appearances if a.date), default=None),
        appearances=tuple(appearances),
    )


def claimreview_for(*, claim: Claim, base_url: str) -> dict | None:
    """The ClaimReview JSON-LD dict of a published claim (for the API and exports)."""
    data = claimreview_data(page=claim_page(claim=claim), base_url=base_url)
    return claimreview.render(data) if data else None


def claimreview_exported(*, since: datetime.datetime | None = None) -> QuerySet:
    """The verdicts an export carries, oldest first.

    Every published verdict of a published claim that is another fact-checker's
    (each has its own page), and each published claim's newest own verdict:
    older own verdicts are superseded, and would share its URL (the claim's
    page). With ``since``, only those whose markup may have changed since: the
    verdict, its claim, or the claim's statements, their sources or actors.
    """
    own_current = (
        Review.objects.filter(claim=OuterRef("claim"), status=PUBLISHED, reviewer__isnull=True)
        .order_by("-published_at", "-pk")
        .values("pk")[:1]
    )
    reviews = Review.objects.filter(status=PUBLISHED, claim__status=PUBLISHED).filter(
        Q(reviewer__isnull=False) | Q(pk=Subquery(own_current))
    )
    if since is not None:
        statements = Statement.objects.filter(claim=OuterRef("claim")).order_by().values("claim")

        def latest(column: str) -> Subquery:
            return Subquery(statements.annotate(latest=Max(column)).values("latest"))

        reviews = reviews.annotate(
            # PostgreSQL's GREATEST skips NULLs: a claim without statements still counts.
            modified=Greatest(
                "updated_at",
                "claim__updated_at",
                latest("updated_at"),
                latest("source__updated_at"),
                latest("actor__updated_at"),
            )
        ).filter(modified__gte=since)
    return reviews.order_by("published_at", "pk")


def claimreview_export(
    *, base_url: str, since: datetime.datetime | None = None, batch_size: int = 500
) -> Iterator[dict]:
    """The ClaimReview JSON-LD of every exported verdict (:func:`claimreview_exported`).

    A generator: verdicts are read ``batch_size`` at a time, so an archive of
    any size is never in memory whole. One query for the ids, then two per
    batch (the verdicts with their claims, ratings and fact-checkers; the
    claims' statements with actors and sources) and one per rating scale met.
    Each item is what ``claimreview_data`` makes of a claim page, as on the
    public site.
    """
    ids = list(claimreview_exported(since=since).values_list("pk", flat=True))
    bounds: dict[int, tuple[int | None, int | None]] = {}
    for start in range(0, len(ids), batch_size):
        yield from claimreview_batch(
            ids=ids[start : start + batch_size], base_url=base_url, bounds=bounds
        )


def claimreview_batch(
    *,
    ids: list[int],
    base_url: str,
    bounds: dict[int, tuple[int | None, int | None]] | None = None,
) -> list[dict]:
    """The ClaimReview JSON-LD of the verdicts ``ids``, oldest first, as their claim
    pages embed it: the export's batches and the API feed's pages both come from here.

    Two queries (the verdicts with their claims, ratings and fact-checkers; the
    claims' statements with actors and sources) plus one for rating scales not
    yet in ``bounds``, a cache of each scale's (best, worst) values that a caller
    may keep across batches.
    """
    bounds = {} if bounds is None else bounds
    verdicts = list(
        Review.objects.filter(pk__in=ids)
        .select_related("claim", "rating__scale", "reviewer")
        .defer("claim__search_vector")
        .order_by("published_at", "pk")
    )
    statements: dict[int, list[Statement]] = {}
    for statement in (
        Statement.objects.filter(claim_id__in={v.claim_id for v in verdicts})
        .select_related("actor", "source")
        .defer("source__text")
    ):
        statements.setdefault(statement.claim_id, []).append(statement)
    scales = {v.rating.scale_id for v in verdicts} - bounds.keys()
    if scales:
        for row in (
            Rating.objects.filter(scale_id__in=scales)
            .values("scale_id")
            .annotate(best=Max("value"), worst=Min("value"))
        ):
            bounds[row["scale_id"]] = (row["best"], row["worst"])
    items = []
    for verdict in verdicts:
        page = ClaimPage(
            claim=verdict.claim,
            preview=False,
            verdicts=[verdict],
            statements=sorted(
                statements.get(verdict.claim_id, []),
                key=lambda s: (statement_date(s) or datetime.date.max, s.pk),
            ),
            related=[],
            evidence={},
            timeline=[],
            last_updated=verdict.updated_at,
            rating_bounds=bounds.get(verdict.rating.scale_id, (None, None)),
        )
        data = claimreview_data(page=page, base_url=base_url)
        if data is not None:
            items.append(claimreview.render(data))
    return items


# --------------------------------------------------------------------------- source page


@dataclass
class SourcePage:
    source: Source
    statements: list[Statement]
    cited_by: list[Evidence]
    # Statements without a quote: the source is known by its URL only.
    unanchored: list[Statement] = field(default_factory=list)

    @property
    def quoted_evidence(self) -> list[Evidence]:
        """Evidence with a quote still anchored in this text, for highlighting."""
        return [e for e in self.cited_by if e.start is not None and e.anchor_status == "anchored"]


def source_page(*, slug: str) -> SourcePage:
    """A public source with the anchored statements of published claims in it.

    Raises ``Source.DoesNotExist`` when no published claim quotes or cites it.
    """
    source = public_sources().get(slug=slug)
    statements = list(
        source.statements.filter(
            claim__status=PUBLISHED,
            anchor_status__in=[AnchorStatus.ANCHORED, AnchorStatus.UNANCHORED],
        )
        .select_related("actor", "claim")
        .order_by("start", "pk")
    )
    cited_by = list(
        source.evidence.filter(claim__status=PUBLISHED).select_related("claim").order_by("pk")
    )
    return SourcePage(
        source=source,
        statements=[s for s in statements if s.anchor_status == AnchorStatus.ANCHORED],
        cited_by=cited_by,
        unanchored=[s for s in statements if s.anchor_status == AnchorStatus.UNANCHORED],
    )


# --------------------------------------------------------------------------- actor page


@dataclass
class ActorClaim:
    claim: Claim
    verdict: Review | None
    statements: list[Statement]

    @property
    def stances(self) -> list[str]:
        return sorted({s.get_stance_display() for s in self.statements})


@dataclass
class ActorPage:
    actor: Actor
    claims: list[ActorClaim]
    page_obj: UncountedPage
    scorecard: list[ScorecardRow]
    scorecard_minimum: int

    @property
    def reviewed_count(self) -> int:
        return sum(row.count for row in self.scorecard)

    @property
    def show_scorecard(self) -> bool:
        return self.reviewed_count >= self.scorecard_minimum


def scorecard_minimum() -> int:
    return getattr(settings, "CLAIMTRACK_SCORECARD_MINIMUM", 5)


#: Claims per page of an actor's page: a head of government may have thousands.
ACTOR_PAGE_SIZE = 20


def actor_claims(actor: Actor) -> RowsBySlice:
    """Published claims the actor made or denied, most recently seen first (ties by key),
    with their current verdicts and the actor's own statements on them
    (``actor_statements``): a page's keys by :func:`actor_claim_keys`, then its items
    (``claims.claim_list_rows``)."""
    return RowsBySlice(
        functools.partial(actor_claim_keys, actor.pk),
        functools.partial(claim_list_rows.fetch, actor_id=actor.pk),
    )


def actor_claim_keys(actor_id: int, offset: int, limit: int) -> list[int]:
    """Keys of the published claims the actor voiced, most recently seen first, ties by
    key: ``limit`` of them from ``offset``.

    Read from the statements' copy of their claim's ``last_seen``, kept by PostgreSQL
    (migration 0015), in the order of the index on ``(actor_id, claim_last_seen DESC
    NULLS LAST, claim_id)``: a page walks its own twenty claims' entries. On the claims'
    own dates PostgreSQL either walked every claim by date probing it for the actor, or
    read all of the actor's statements and claims to sort them: for one quoted a few
    thousand times, 5 ms on average at a million claims and up to 48 ms (over the bench's
    actors, p95 24.6 ms against 6.8 at ten thousand; now 5.1 and 3.8). Several statements
    of one claim are one row.
    """
    statement, claim = Statement._meta.db_table, Claim._meta.db_table
    sql = (
        f'SELECT DISTINCT s.claim_last_seen, s.claim_id FROM "{statement}" s '  # noqa: S608
        f'JOIN "{claim}" c ON c.id = s.claim_id AND c.status = %s '
        "WHERE s.actor_id = %s "
        "ORDER BY s.claim_last_seen DESC NULLS LAST, s.claim_id OFFSET %s LIMIT %s"
    )
    with connections[router.db_for_read(Claim)].cursor() as cursor:
        cursor.execute(sql, [PUBLISHED, actor_id, offset, limit])
        return [key for _, key in cursor.fetchall()]


def actor_page(*, slug: str, page: int | str | None = 1) -> ActorPage:
    """A public actor, one page of the published claims they voiced, and their scorecard.

    The scorecard counts the claims the actor *asserted* by their current
    verdict (``claims.scorecards``). Raises ``Actor.DoesNotExist`` when they
    have no statement on a published claim. The claims are not counted (a
    prolific actor's count costs more than the page): pages have a next link.
    """
    actor = public_actors().select_related("affiliation").prefetch_related("aliases").get(slug=slug)
    page_obj = UncountedPage(actor_claims(actor), number=page, per_page=ACTOR_PAGE_SIZE)
    claims = [
        ActorClaim(claim=claim, verdict=current_verdict(claim), statements=claim.actor_statements)
        for claim in page_obj.object_list
    ]
    return ActorPage(
        actor=actor,
        claims=claims,
        page_obj=page_obj,
        scorecard=actor_scorecard(actor_id=actor.pk),
        scorecard_minimum=scorecard_minimum(),
    )


# --------------------------------------------------------------------------- topic page


def topic_get(*, slug: str) -> Topic:
    """A topic with at least one published claim (``Topic.DoesNotExist`` otherwise)."""
    return public_topics().get(slug=slug)


def corrections_log() -> QuerySet:
    """The public corrections log: every correction, update and retraction of a public
    verdict (of a published claim), newest first. Archived verdicts and claims drop out."""
    return Correction.objects.filter(
        review__status=PUBLISHED, review__claim__status=PUBLISHED
    ).select_related("review__claim", "review__rating", "previous_rating")


# --------------------------------------------------------------------------- editors' views


def _history_rows(records, limit: int) -> list[dict]:
    rows = []
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    for record in records[:limit]:
        previous = record.prev_record
        changed = (
            [c.field for c in record.diff_against(previous).changes if c.field != "updated_at"]
            if previous is not None
            else []
        )
        rows.append(
            {
                "date": record.history_date,
                "model": record.instance_type._meta.verbose_name,
                "object": str(record.instance),
                "object_id": record.id,
                "admin_url": f"/admin/claims/{record.instance_type._meta.model_name}/"
                f"{record.id}/history/",
                "type": kinds.get(record.history_type, record.history_type),
                "user": record.history_user,
                "changed": changed,
                "reason": record.history_change_reason or "",
            }
        )
    return rows


def claim_activity(*, claim: Claim, limit: int = 200) -> list[dict]:
    """Every history entry of a claim and what hangs off it (statements, evidence,
    relations, verdicts and their corrections), newest first: the admin's activity page.

    One query per kind of row (plus one per entry for its previous version, to name
    the changed fields), bounded by ``limit``.
    """
    sources = [
        Claim.history.filter(id=claim.pk),
        Statement.history.filter(claim_id=claim.pk),
        Evidence.history.filter(claim_id=claim.pk),
        ClaimRelation.history.filter(Q(from_claim_id=claim.pk) | Q(to_claim_id=claim.pk)),
        Review.history.filter(claim_id=claim.pk),
        Correction.history.filter(review__claim=claim.pk),
    ]
    records = []
    for queryset in sources:
        records += list(queryset.select_related("history_user").order_by("-history_date")[:limit])
    records.sort(key=lambda r: r.history_date, reverse=True)
    return _history_rows(records, limit)


def editor_dashboard(*, limit: int = 20) -> dict:
    """What the desk's dashboard lists: claims and verdicts waiting for review (verdicts
    a first publisher approved are flagged), the latest changes anywhere, and published
    claims with no published verdict yet."""
    recent = []
    for model in (Claim, Review, Statement, Evidence, ClaimRelation, Source, Actor, Correction):
        recent += list(
            model.history.select_related("history_user").order_by("-history_date")[:limit]
        )
    recent.sort(key=lambda r: r.history_date, reverse=True)
    return {
        "claims_in_review": list(
            Claim.objects.filter(status=PublicationStatus.IN_REVIEW).order_by("updated_at")
        ),
        "reviews_in_review": list(
            Review.objects.filter(status=PublicationStatus.IN_REVIEW)
            .select_related("claim", "rating", "approved_by")
            .order_by("updated_at")
        ),
        "recent_changes": _history_rows(recent, limit),
        "claims_without_verdict": list(
            Claim.objects.exclude(status=PublicationStatus.ARCHIVED)
            .exclude(reviews__status=PUBLISHED)
            .order_by("-updated_at")[:limit]
        ),
    }
