"""Which existing claims a piece of text most likely repeats or contradicts.

A selector (reads only). PostgreSQL full-text search gives the recall set: an
OR query (``to_tsquery('english', 'w1 | w2 | …')``) over the claims' search
documents, so a claim sharing any significant word is considered; websearch
syntax would AND the words and miss paraphrases. The short list is re-ranked
by ``claims.domain.matching.score`` (cosine + RapidFuzz token-set ratio over the
claim's wording and its statements' quotes) for precision. Core PostgreSQL
only: no pg_trgm.

Kept out of ``claims/selectors.py`` (the public site's reads) on purpose: this
serves editors, sees every claim whatever its status, and has its own topic
name at every layer (``domain/matching.py``, ``tests/test_matching.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, OuterRef, Subquery, TextField

from claims.domain import matching
from claims.models import Claim, Statement
from claims.search import SEARCH_CONFIG

#: How many claims full-text search hands to the re-ranker.
RECALL_LIMIT = 50


@dataclass(frozen=True)
class ClaimMatch:
    claim: Claim
    score: float
    via: str  # "wording", "quote" or "context"

    def as_dict(self) -> dict:
        return {
            "claim": self.claim.pk,
            "slug": self.claim.slug,
            "text": self.claim.text,
            "status": self.claim.status,
            "score": self.score,
            "via": self.via,
        }


def _vector_without(exclude_sources: list[int]) -> SearchVector:
    """A claim's search document computed on the fly, leaving out the quotes of
    ``exclude_sources`` (the evaluation's leave-one-source-out; never stored)."""
    quotes = Subquery(
        Statement.objects.filter(claim=OuterRef("pk"))
        .exclude(source__in=exclude_sources)
        .order_by()
        .values("claim")
        .annotate(joined=StringAgg("exact", delimiter=" "))
        .values("joined"),
        output_field=TextField(),
    )
    return (
        SearchVector("text", weight="A", config=SEARCH_CONFIG)
        + SearchVector(quotes, weight="C", config=SEARCH_CONFIG)
        + SearchVector("context", weight="D", config=SEARCH_CONFIG)
    )


def claim_match_candidates(
    *,
    text: str,
    limit: int = 5,
    exclude_sources: Iterable[int] = (),
    published_only: bool = False,
    recall_limit: int = RECALL_LIMIT,
) -> list[ClaimMatch]:
    """The ``limit`` claims ``text`` most likely repeats, best first, with scores.

    ``exclude_sources`` leaves the statements of those sources out of both
    stages, as if they had not been recorded yet (the evaluation uses it so a
    quote is not matched to its claim through itself). ``published_only`` is for
    readers who may not see drafts (the public API). Two queries whatever the
    number of claims.
    """
    terms = matching.tsquery(text)
    if not terms:
        return []
    query = SearchQuery(terms, search_type="raw", config=SEARCH_CONFIG)
    exclude_sources = list(exclude_sources)
    base = Claim.objects.published() if published_only else Claim.objects.all()
    if exclude_sources:
        claims = base.annotate(document=_vector_without(exclude_sources)).filter(document=query)
        rank = SearchRank(F("document"), query)
    else:
        claims = base.filter(search_vector=query)
        rank = SearchRank(F("search_vector"), query)
    recalled = list(claims.annotate(rank=rank).order_by("-rank", "pk")[:recall_limit])
    if not recalled:
        return []
    quotes: dict[int, list[str]] = defaultdict(list)
    for claim_id, exact in (
        Statement.objects.filter(claim__in=recalled)
        .exclude(source__in=exclude_sources)
        .values_list("claim_id", "exact")
    ):
        quotes[claim_id].append(exact)
    by_id = {c.pk: c for c in recalled}
    ranked = matching.score(
        text,
        (
            matching.Candidate(id=c.pk, text=c.text, quotes=quotes[c.pk], context=c.context)
            for c in recalled
        ),
        limit=limit,
    )
    return [ClaimMatch(claim=by_id[s.id], score=s.score, via=s.via) for s in ranked]
