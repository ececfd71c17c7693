"""The claims' full-text search document: what goes into it and how it is kept current.

Readers search claim wording, the quotes of its statements and its published
verdicts. Those live in three tables, so each claim stores one weighted
``tsvector`` (``Claim.search_vector``, GIN-indexed) recomputed here whenever
one of them changes (``claims.signals``). Weights rank a hit in the canonical
wording above one in a verdict, above one in a quote, above one in the context
or the verdict's long explanation.

Only *published* verdicts go into the document: a draft verdict's words must
not make a claim findable, nor leak through which claims match.

Core PostgreSQL only (no pg_trgm, no unaccent), with the ``english``
configuration: the canonical wording of claims is written in English.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchVector
from django.db.models import OuterRef, Subquery, TextField, Value
from django.db.models.functions import Concat

SEARCH_CONFIG = "english"
PUBLISHED = "published"

#: How many matches a search ranks at most: the most recently seen ones.
RANK_CANDIDATES = 1000


def _joined(queryset, expression) -> Subquery:
    """All ``expression`` values of ``queryset``'s rows for the outer claim, space-joined."""
    return Subquery(
        queryset.filter(claim=OuterRef("pk"))
        .order_by()
        .values("claim")
        .annotate(joined=StringAgg(expression, delimiter=" "))
        .values("joined"),
        output_field=TextField(),
    )


def search_vector_expression(*, review_model, statement_model) -> SearchVector:
    """The expression ``Claim.search_vector`` holds, for an UPDATE of claims.

    Takes the models as arguments so that migration 0003 can build it from the
    historical models when it fills the column for existing rows.
    """
    verdicts = review_model.objects.filter(status=PUBLISHED)
    verdict_text = _joined(
        verdicts,
        Concat(
            "rating__label",
            Value(" "),
            "headline",
            Value(" "),
            "conclusion",
            output_field=TextField(),
        ),
    )
    explanations = _joined(verdicts, "explanation")
    quotes = _joined(statement_model.objects.all(), "exact")
    return (
        SearchVector("text", weight="A", config=SEARCH_CONFIG)
        + SearchVector(verdict_text, weight="B", config=SEARCH_CONFIG)
        + SearchVector(quotes, weight="C", config=SEARCH_CONFIG)
        + SearchVector("context", explanations, weight="D", config=SEARCH_CONFIG)
    )


def claim_search_refresh(*, claim_ids: Iterable[int]) -> int:
    """Recompute the search document of the given claims; return how many rows changed.

    One UPDATE whatever the number of claims. It reads only committed columns
    through subqueries, so it is safe during ``loaddata`` (raw saves) too: a
    claim whose row is not loaded yet is simply not updated, and is refreshed
    when its own row arrives.
    """
    from claims.models import Claim, Review, Statement

    ids = {pk for pk in claim_ids if pk is not None}
    if not ids:
        return 0
    return Claim.objects.filter(pk__in=ids).update(
        search_vector=search_vector_expression(review_model=Review, statement_model=Statement)
    )


def claims_matching(claims, *, q: str):
    """``claims`` (a Claim queryset) matching a reader's query, annotated with ``rank``.

    ``q`` uses web-search syntax (``"exact phrase"``, ``-word``, ``or``) against
    the search document above; a higher ``rank`` is a better match. For callers
    that start from another queryset than the public list (the API's editors
    search drafts too) and want the public search's exact semantics.
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
    return claims.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))


def ranking_candidates(claims):
    """``claims`` narrowed to the :data:`RANK_CANDIDATES` most recently seen of them.

    Ranking reads and scores every match's search document: over a million
    claims a common word ("russia", "war") matches hundreds of thousands, and
    ranking them all costs seconds. Relevance is therefore judged among the
    most recently seen matches only, which PostgreSQL finds by walking the
    ``(status, last_seen)`` index and stopping early; rare words still find
    every match through the GIN index. Call it after every filter, so that the
    candidates already satisfy them.
    """
    from django.db.models import F

    recent = claims.order_by(F("last_seen").desc(nulls_last=True), "pk")
    # Fetched once here: as a subquery, the page and its count would each run it again.
    ids = list(recent.values_list("pk", flat=True)[:RANK_CANDIDATES])
    return claims.filter(pk__in=ids)
