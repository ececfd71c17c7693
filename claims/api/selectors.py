"""Reads the API needs on top of ``claims.selectors``.

The publication rule is ``claims.selectors``' own (``Audience``, ``public_*``):
these functions only choose between the public's rows and everything (for users
who may see unpublished data, decided by ``claims.api.permissions``) and attach
what the serializers print, so a list costs a fixed number of queries whatever
its length.

``claimreview_items`` renders a page of the ClaimReview feed with the claim
page's own code (``selectors.claimreview_data``, ``domain.claimreview``).
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce

from claims import claim_page_rows, selectors
from claims.models import (
    Actor,
    Claim,
    ClaimRelation,
    Evidence,
    PublicationStatus,
    Rating,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.search import claims_matching

PUBLISHED = PublicationStatus.PUBLISHED


def _audience(everything: bool) -> selectors.Audience:
    return selectors.Audience(preview=everything)


# --------------------------------------------------------------------------- claims


def claim_list(*, everything: bool) -> QuerySet:
    """Claims with their topics and published verdicts (newest first, ``claim.verdicts``)."""
    claims = _audience(everything).claims().defer("search_vector")
    return selectors.with_verdicts(claims.prefetch_related("topics"))


def claim_detail(*, everything: bool) -> QuerySet:
    """Claims with everything the detail representation nests.

    The public sees a claim's published verdicts and its relations to other
    published claims only; statements and evidence belong to the claim and are
    shown with it.
    """
    audience = _audience(everything)
    visible = audience.claims()
    statements = Statement.objects.select_related("actor", "source").defer("source__text")
    return claim_list(everything=everything).prefetch_related(
        Prefetch(
            "statements",
            queryset=statements.order_by(Coalesce("said_on", "source__published_on"), "pk"),
            to_attr="api_statements",
        ),
        Prefetch(
            "evidence",
            queryset=Evidence.objects.select_related("source")
            .defer("source__text")
            .order_by("stance", "pk"),
            to_attr="api_evidence",
        ),
        Prefetch(
            "relations_from",
            queryset=ClaimRelation.objects.filter(to_claim__in=visible)
            .select_related("to_claim")
            .order_by("kind", "pk"),
            to_attr="api_relations_from",
        ),
        Prefetch(
            "relations_to",
            queryset=ClaimRelation.objects.filter(from_claim__in=visible)
            .select_related("from_claim")
            .order_by("kind", "pk"),
            to_attr="api_relations_to",
        ),
        Prefetch("reviews", queryset=audience.reviews(), to_attr="api_reviews"),
    )


def claim_detail_one(*, slug: str, everything: bool) -> Claim:
    """The claim at ``slug`` with what :func:`claim_detail`'s prefetches attach, in one
    prepared query (``claims.claim_page_rows``, the claim page's own).

    An anonymous detail read was eight queries whose SQL took longer to build
    than to run. ``Claim.DoesNotExist`` when there is no such claim for this reader.
    """
    rows = claim_page_rows.fetch(slug=slug, preview=everything, published_only=not everything)
    claim = rows.claim
    claim.api_reviews = rows.verdicts
    claim.verdicts = [v for v in rows.verdicts if v.status == PUBLISHED]  # as with_verdicts
    claim.api_statements = sorted(
        rows.statements, key=lambda s: (selectors.statement_date(s) or datetime.date.max, s.pk)
    )
    claim.api_evidence = rows.evidence
    claim.api_relations_from, claim.api_relations_to = [], []
    for row in rows.relations:
        relation = row.relation
        if relation.from_claim_id == claim.pk:
            relation.from_claim, relation.to_claim = claim, row.other
            claim.api_relations_from.append(relation)
        else:
            relation.from_claim, relation.to_claim = row.other, claim
            claim.api_relations_to.append(relation)
    _prefetched(claim, "topics", rows.topics)
    return claim


def _prefetched(instance, name: str, objects: list) -> None:
    """Make ``instance.<name>.all()`` these objects without a query, as
    ``prefetch_related`` leaves a many-to-many relation."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache, queryset._prefetch_done = list(objects), True
    cache = instance.__dict__.setdefault("_prefetched_objects_cache", {})
    cache[manager.prefetch_cache_name] = queryset


def claim_filter_search(claims: QuerySet, *, q: str) -> QuerySet:
    """The public pages' full-text search (``claims.search``), ranked as ``rank``."""
    return claims_matching(claims, q=q)


def claim_filter_rating(claims: QuerySet, *, rating: str) -> QuerySet:
    """Claims whose current verdict (newest published review) has this rating slug;
    ``unrated``: claims without a published verdict. Same rule as the public list."""
    current = Subquery(
        Review.objects.filter(claim=OuterRef("pk"), status=PUBLISHED)
        .order_by("-published_at", "-pk")
        .values("rating__slug")[:1]
    )
    claims = claims.annotate(current_rating=current)
    if rating == selectors.UNRATED:
        return claims.filter(current_rating__isnull=True)
    return claims.filter(current_rating=rating)


def claim_filter_actor(claims: QuerySet, *, slug: str) -> QuerySet:
    return claims.filter(Exists(Statement.objects.filter(claim=OuterRef("pk"), actor__slug=slug)))


def claim_filter_source(claims: QuerySet, *, slug: str) -> QuerySet:
    return claims.filter(Exists(Statement.objects.filter(claim=OuterRef("pk"), source__slug=slug)))


def claim_filter_topic(claims: QuerySet, *, slug: str) -> QuerySet:
    return claims.filter(
        Exists(Claim.topics.through.objects.filter(claim=OuterRef("pk"), topic__slug=slug))
    )


# --------------------------------------------------------------------------- the rest


def actor_list(*, everything: bool) -> QuerySet:
    actors = Actor.objects.all() if everything else selectors.public_actors()
    return actors.select_related("affiliation").prefetch_related("aliases")


def source_detail(*, everything: bool) -> QuerySet:
    """Sources: every one, or those a published claim quotes or cites as evidence."""
    return Source.objects.all() if everything else selectors.public_sources()


def source_list(*, everything: bool) -> QuerySet:
    """Sources without their (possibly long) texts."""
    return source_detail(everything=everything).defer("text")


def topic_list(*, everything: bool) -> QuerySet:
    return Topic.objects.all() if everything else selectors.public_topics()


def statement_list(*, everything: bool) -> QuerySet:
    statements = Statement.objects.select_related("claim", "actor", "source").defer(
        "source__text", "claim__search_vector"
    )
    return statements if everything else statements.filter(claim__status=PUBLISHED)


def relation_list(*, everything: bool) -> QuerySet:
    relations = ClaimRelation.objects.select_related("from_claim", "to_claim").defer(
        "from_claim__search_vector", "to_claim__search_vector"
    )
    if everything:
        return relations
    return relations.filter(from_claim__status=PUBLISHED, to_claim__status=PUBLISHED)


def evidence_list(*, everything: bool) -> QuerySet:
    evidence = Evidence.objects.select_related("claim", "source").defer(
        "source__text", "claim__search_vector"
    )
    return evidence if everything else evidence.filter(claim__status=PUBLISHED)


def review_list(*, everything: bool) -> QuerySet:
    reviews = Review.objects.all() if everything else selectors.public_reviews()
    return reviews.select_related("claim", "rating").defer("claim__search_vector")


def rating_list(*, everything: bool = True) -> QuerySet:
    """Every rating of every scale version: reference data, the same for everyone."""
    return Rating.objects.select_related("scale")


# --------------------------------------------------------------------------- ClaimReview


def claimreview_verdicts(*, updated_since: datetime.datetime | None = None) -> QuerySet:
    """The verdicts the ClaimReview feed carries: exactly those ``export_claimreview``
    exports (``selectors.claimreview_exported``), oldest first, so that a page once
    read keeps its rows as new verdicts arrive at the end."""
    return selectors.claimreview_exported(since=updated_since)


def claimreview_items(*, verdicts: list[Review], base_url: str) -> list[dict]:
    """The ClaimReview JSON-LD of a page of the feed: ``selectors.claimreview_batch``,
    the export's own code, so the feed and ``export_claimreview`` cannot drift."""
    return selectors.claimreview_batch(ids=[v.pk for v in verdicts], base_url=base_url)


# Bookkeeping columns, not editorial changes.
HISTORY_IGNORED_FIELDS = {"created_at", "updated_at", "search_vector"}


def history_entries(*, instance, with_users: bool) -> list[dict]:
    """The editorial history of one row, newest first: when, what kind of change, who
    (``with_users`` only: readers do not get the desk's user names) and each changed
    field with its old and new value (JSON-ready)."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    def plain(value):
        return json.loads(json.dumps(value, cls=DjangoJSONEncoder))

    records = list(
        instance.history.order_by("history_date", "history_id").select_related("history_user")
    )
    kinds = {"+": "created", "~": "changed", "-": "deleted"}
    entries = []
    previous = None
    for record in records:
        if previous is None:
            changes = []
        else:
            delta = record.diff_against(previous)
            changes = [
                {"field": c.field, "old": plain(c.old), "new": plain(c.new)}
                for c in delta.changes
                if c.field not in HISTORY_IGNORED_FIELDS
            ]
        user = record.history_user
        entries.append(
            {
                "history_id": record.history_id,
                "date": record.history_date,
                "type": kinds.get(record.history_type, record.history_type),
                "user": user.get_username() if (with_users and user is not None) else None,
                "changes": changes,
            }
        )
        previous = record
    entries.reverse()
    return entries
