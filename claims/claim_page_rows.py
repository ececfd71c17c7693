"""The rows of a claim page, read in one prepared query.

A claim page shows the claim, its verdicts with their corrections, its topics,
statements (with the source's words around each quote), relations (with the
other claim's current verdict) and evidence. Through the ORM that was eight
queries; at a million claims their execution took under a millisecond in all,
while building their SQL took most of the page's time and PostgreSQL spent
more planning them than running them. Here it is one hand-written statement:
PostgreSQL nests each part as JSON, the statement is prepared once per
connection (no planning per page), and the rows become model instances again
(:class:`Hydrator`), so templates, ``get_absolute_url`` and the ClaimReview
export see what they saw before.

Who sees what is the same rule as ``claims.selectors.Audience``: the public
sees published verdicts and relations to published claims; a preview sees
everything. ``claims/tests/test_claim_page_rows.py`` holds the two to the
same answer.
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.db import models, router
from django.db.models.base import DEFERRED, ModelState
from django.db.models.signals import post_init, pre_init

from claims.models import (
    Actor,
    Claim,
    ClaimRelation,
    Correction,
    Evidence,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.prepared import prepared_cursor

#: How far around a quote the page shows the source's own words. Each statement keeps its
#: slice (migration 0019, which this must equal: ``test_quote_context.py`` holds them).
CONTEXT_CHARS = 160

# Newest first, as ``Audience.reviews()`` orders them; the first is the current verdict.
_VERDICT_ORDER = (
    "r.published_at DESC NULLS FIRST, CASE WHEN %(preview)s THEN r.created_at END DESC, r.id DESC"
)
_VISIBLE_REVIEW = "(%(preview)s OR r.status = 'published')"


def _object(alias: str, model, *, leave_out: frozenset[str] = frozenset()) -> str:
    """``json_build_object`` of the columns of ``model``'s row ``alias``, except ``leave_out``."""
    pairs = ", ".join(
        f"'{f.column}', {alias}.\"{f.column}\""
        for f in model._meta.concrete_fields
        if f.attname not in leave_out
    )
    return f"json_build_object({pairs})"


# The claim without its search document (a long tsvector nobody reads here). A source
# (as ``o``) without its text, which can run to megabytes: the page reads a slice of it.
# ``claims.claim_list_rows`` builds its sources the same way.
_CLAIM = _object("c", Claim, leave_out=frozenset({"search_vector"}))
SOURCE_JSON = (
    "json_build_object('id', o.id, 'slug', o.slug, 'title', o.title,"
    " 'publisher', o.publisher, 'url', o.url, 'published_on', o.published_on)"
)

# Constant fragments only: every value is a parameter. Each part is json, not jsonb:
# building jsonb (a sorted binary object per row) cost PostgreSQL a quarter more.
# A row nested with what goes with it is {"row": <its columns>, "_<part>": ...}.
QUERY = f"""
SELECT
  {_CLAIM},
  (SELECT coalesce(json_agg(json_build_object(
      'row', to_json(r),
      '_rating', to_json(g),
      '_scale', to_json(sc),
      '_bounds', (SELECT json_build_array(max(x.value), min(x.value))
                  FROM claims_rating x WHERE x.scale_id = g.scale_id),
      '_reviewer', (SELECT to_json(a) FROM claims_actor a WHERE a.id = r.reviewer_id),
      '_corrections', (
        SELECT coalesce(json_agg(json_build_object('row', to_json(k),
                                                   '_previous_rating', to_json(p))
                                 ORDER BY k.made_at, k.id), '[]'::json)
        FROM claims_correction k LEFT JOIN claims_rating p ON p.id = k.previous_rating_id
        WHERE k.review_id = r.id)
    ) ORDER BY {_VERDICT_ORDER}), '[]'::json)
   FROM claims_review r
   JOIN claims_rating g ON g.id = r.rating_id
   JOIN claims_ratingscale sc ON sc.id = g.scale_id
   WHERE r.claim_id = c.id AND {_VISIBLE_REVIEW}),
  -- Each topic by its key (joined, the few hundred topics were hashed for every page);
  -- OFFSET 0 keeps the lookup from being repeated in each use of t.
  (SELECT coalesce(json_agg(t ORDER BY t->>'name', (t->>'id')::bigint), '[]'::json)
   FROM (SELECT (SELECT to_json(t) FROM claims_topic t WHERE t.id = ct.topic_id) AS t
         FROM claims_claim_topics ct WHERE ct.claim_id = c.id OFFSET 0) topics),
  (SELECT coalesce(json_agg(json_build_object(
      'row', to_json(s),
      '_actor', to_json(a),
      '_source', {SOURCE_JSON},
      -- The words before the quote, the quote and the words after it, in one slice, kept
      -- with the statement by PostgreSQL (migration 0019): sliced here, each substr()
      -- decompressed the source's text and walked it from its start, most of the
      -- statements' time. Sliced here only where the copy is missing.
      -- One character more than is shown after it tells whether the text goes on:
      -- length(o.text) would decompress all of it.
      '_around', coalesce(s.quote_context,
                          substr(o.text, greatest(s.start - %(chars)s + 1, 1),
                                 least(s.start, %(chars)s) + (s."end" - s.start) + %(chars)s + 1))
    )), '[]'::json)
   FROM claims_statement s
   JOIN claims_actor a ON a.id = s.actor_id
   JOIN claims_source o ON o.id = s.source_id
   WHERE s.claim_id = c.id),
  (SELECT coalesce(json_agg(json_build_object(
      'row', to_json(rel),
      '_other', json_build_object('id', oc.id, 'slug', oc.slug, 'text', oc.text,
                                  'status', oc.status),
      '_verdict', (
        SELECT json_build_object('row', to_json(r), '_rating', to_json(g))
        FROM claims_review r JOIN claims_rating g ON g.id = r.rating_id
        WHERE r.claim_id = oc.id AND {_VISIBLE_REVIEW}
        ORDER BY {_VERDICT_ORDER} LIMIT 1)
    ) ORDER BY rel.kind, rel.id), '[]'::json)
   FROM claims_claimrelation rel
   JOIN claims_claim oc
     ON oc.id = CASE WHEN rel.from_claim_id = c.id THEN rel.to_claim_id ELSE rel.from_claim_id END
   WHERE (rel.from_claim_id = c.id OR rel.to_claim_id = c.id)
     AND (%(preview)s OR oc.status = 'published')),
  (SELECT coalesce(json_agg(json_build_object(
      'row', to_json(e),
      '_source', CASE WHEN o.id IS NOT NULL THEN {SOURCE_JSON} END
    ) ORDER BY e.stance, e.id), '[]'::json)
   FROM claims_evidence e LEFT JOIN claims_source o ON o.id = e.source_id
   WHERE e.claim_id = c.id)
FROM claims_claim c
WHERE c.slug = %(slug)s AND (NOT %(published_only)s OR c.status = 'published')
"""  # noqa: S608


@dataclass
class Relation:
    relation: ClaimRelation
    other: Claim
    verdict: Review | None


@dataclass
class ClaimPageRows:
    claim: Claim
    verdicts: list[Review]  # each with ``correction_list``; newest first
    rating_bounds: tuple[int | None, int | None]  # of the current verdict's scale
    topics: list[Topic]
    statements: list[Statement]  # each with ``before`` and ``after``; in no set order
    relations: list[Relation]
    evidence: list[Evidence]


# --------------------------------------------------------------------------- hydration


def _converter(field):
    """JSON carries dates and times as ISO strings; everything else arrives as itself."""
    if isinstance(field, models.DateTimeField):
        return datetime.datetime.fromisoformat
    if isinstance(field, models.DateField):
        return datetime.date.fromisoformat
    return None


@functools.cache
def _fields(model) -> list[tuple[str, object]]:
    return [(f.attname, _converter(f)) for f in model._meta.concrete_fields]


class Hydrator:
    """Model instances from one query's rows as JSON, as if the ORM had read them.

    Columns a row lacks are deferred, so reading one loads it rather than
    showing an empty default.

    An instance is made as ``Model.__init__`` makes one from the database's
    values, without its generic work (a page hydrates a score of rows; 10 µs
    each through ``from_db``, 3 µs here): a new instance's ``__dict__`` holds
    each loaded column under its attribute name, and nothing else. A model that
    anything listens to the creation of (``pre_init``, ``post_init``) takes the
    long way, so that the listeners still hear of it; that is asked once per
    model and query (asked twice a row, Django's signal lookups were a fifth of
    a list page's hydration).
    """

    def __init__(self, using: str):
        self.using = using
        self._heard: dict[type, bool] = {}

    def __call__(self, model, data: dict):
        heard = self._heard.get(model)
        if heard is None:
            heard = pre_init.has_listeners(model) or post_init.has_listeners(model)
            self._heard[model] = heard
        if heard:
            return _hydrate_through_init(model, data, using=self.using)
        instance = model.__new__(model)
        state = instance._state = ModelState()
        state.adding, state.db = False, self.using
        values = instance.__dict__
        for attname, convert in _fields(model):
            if attname in data:
                value = data[attname]
                values[attname] = (
                    convert(value) if convert is not None and value is not None else value
                )
        return instance


def attach(instance, name: str, related) -> None:
    """``instance.<name> = related`` (or None) for a related row read with it, as
    ``select_related`` leaves it: cached on the instance, its key already loaded. The
    descriptor's assignment checks a value a program sets (its type, its database, the
    key to copy): a third of a list page's hydration, for rows the database gave."""
    instance._meta.get_field(name).set_cached_value(instance, related)


def _hydrate_through_init(model, data: dict, *, using: str):
    values = []
    for attname, convert in _fields(model):
        if attname not in data:
            values.append(DEFERRED)
            continue
        value = data[attname]
        values.append(convert(value) if convert is not None and value is not None else value)
    return model.from_db(using, None, values)


def _trim_before(text: str, cut: bool) -> str:
    if cut and " " in text:
        text = "…" + text[text.index(" ") + 1 :]
    return text


def _trim_after(text: str, cut: bool) -> str:
    if cut and " " in text:
        text = text[: text.rindex(" ")] + "…"
    return text


def _statement(data: dict, make: Hydrator) -> Statement:
    statement = make(Statement, data["row"])
    attach(statement, "actor", make(Actor, data["_actor"]))
    attach(statement, "source", make(Source, data["_source"]))
    if statement.start is None:  # unanchored: a source known by its URL only, no quote
        statement.before = statement.after = ""
    else:
        # Up to CONTEXT_CHARS of the source on each side, cut at a word boundary.
        around, shown = data["_around"], min(statement.start, CONTEXT_CHARS)
        statement.before = _trim_before(around[:shown], cut=statement.start > CONTEXT_CHARS)
        after = around[shown + statement.end - statement.start :]
        statement.after = _trim_after(after[:CONTEXT_CHARS], cut=len(after) > CONTEXT_CHARS)
    return statement


def _review(data: dict, make: Hydrator) -> Review:
    review = make(Review, data["row"])
    attach(review, "rating", make(Rating, data["_rating"]))
    if "_scale" in data:
        attach(review.rating, "scale", make(RatingScale, data["_scale"]))
    if "_reviewer" in data:
        reviewer = data["_reviewer"]
        attach(review, "reviewer", reviewer and make(Actor, reviewer))
    return review


def _correction(data: dict, make: Hydrator) -> Correction:
    correction = make(Correction, data["row"])
    previous = data["_previous_rating"]
    attach(correction, "previous_rating", previous and make(Rating, previous))
    return correction


def _evidence(data: dict, make: Hydrator) -> Evidence:
    item = make(Evidence, data["row"])
    attach(item, "source", data["_source"] and make(Source, data["_source"]))
    return item


# --------------------------------------------------------------------------- the query


def fetch(*, slug: str, preview: bool, published_only: bool) -> ClaimPageRows:
    """The page's rows for the claim at ``slug``.

    ``preview``: show unpublished verdicts and relations too. ``published_only``:
    ``Claim.DoesNotExist`` unless the claim itself is published.
    """
    using = router.db_for_read(Claim)
    params = {
        "slug": slug,
        "preview": preview,
        "published_only": published_only,
        "chars": CONTEXT_CHARS,
    }
    with prepared_cursor(using) as cursor:
        cursor.execute(QUERY, params)
        row = cursor.fetchone()
    if row is None:
        raise Claim.DoesNotExist(f"No claim at {slug!r}")
    # psycopg parses json (Django has it read only jsonb as text, for its JSONField).
    claim_data, verdicts_data, topics_data, statements_data, relations_data, evidence_data = row

    make = Hydrator(using)
    verdicts = []
    for data in verdicts_data:
        verdict = _review(data, make)
        verdict.correction_list = [_correction(c, make) for c in data["_corrections"]]
        verdicts.append(verdict)
    relations = []
    for data in relations_data:
        verdict = data["_verdict"]
        relations.append(
            Relation(
                relation=make(ClaimRelation, data["row"]),
                other=make(Claim, data["_other"]),
                verdict=verdict and _review(verdict, make),
            )
        )
    return ClaimPageRows(
        claim=make(Claim, claim_data),
        verdicts=verdicts,
        rating_bounds=tuple(verdicts_data[0]["_bounds"]) if verdicts_data else (None, None),
        topics=[make(Topic, t) for t in topics_data],
        statements=[_statement(s, make) for s in statements_data],
        relations=relations,
        evidence=[_evidence(e, make) for e in evidence_data],
    )
