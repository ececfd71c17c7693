"""The items of a list of claims (the list, a search, a topic, an actor's page), read in
one prepared query.

An item shows the claim's wording and dates, its current verdict's rating and
headline, and its topics; on an actor's page, that actor's statements of it
too. Through the ORM that was three or four queries a page (the claims, their
verdicts with ratings and scales, their topics, the statements with their
sources) and a hundred model instances, 8 ms of a search's 16 at ten thousand
claims and 11 of an actor page's 18, most of it in building SQL and instances
that the page reads a few fields of. Here PostgreSQL builds each item as JSON
from the page's keys, the statement is prepared once per connection, and each
item becomes a ``Claim`` (with ``verdicts``, ``topic_list`` and, for an actor,
``actor_statements``) the way ``claims.claim_page_rows`` makes its rows
(:class:`~claims.claim_page_rows.Hydrator`).

Who sees what is ``claims.selectors.Audience``'s public rule: published claims,
their newest published verdict. A key whose claim is no longer published (it
was unpublished after a search ranked it) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import router

from claims.claim_page_rows import SOURCE_JSON, Hydrator, attach
from claims.models import Claim, Rating, Review, Source, Statement, Topic
from claims.prepared import prepared_cursor

# Constant fragments only; the keys (and an actor's key) are the parameters. The keys'
# order is the page's. The verdict is the first of ``Audience.reviews()`` for the public:
# newest published.
_QUERY = """
SELECT
  json_build_object('id', c.id, 'slug', c.slug, 'text', c.text, 'status', c.status,
                    'first_seen', c.first_seen, 'last_seen', c.last_seen),
  (SELECT json_build_object('row', json_build_object('id', r.id, 'claim_id', r.claim_id,
                                                     'rating_id', r.rating_id,
                                                     'status', r.status,
                                                     'headline', r.headline,
                                                     'published_at', r.published_at),
                            '_rating', to_json(g))
   FROM claims_review r JOIN claims_rating g ON g.id = r.rating_id
   WHERE r.claim_id = c.id AND r.status = 'published'
   ORDER BY r.published_at DESC, r.id DESC
   LIMIT 1),
  -- Each topic by its key: joined, all the topics were hashed for every item (1.4 ms a
  -- page at a million claims). OFFSET 0 keeps the lookup from being repeated in each use.
  (SELECT coalesce(json_agg(t ORDER BY t->>'name', (t->>'id')::bigint), '[]'::json)
   FROM (SELECT (SELECT json_build_object('id', t.id, 'slug', t.slug, 'name', t.name)
                 FROM claims_topic t WHERE t.id = ct.topic_id) AS t
         FROM claims_claim_topics ct WHERE ct.claim_id = c.id OFFSET 0) topics)
  {statements}
FROM unnest(%(keys)s::bigint[]) WITH ORDINALITY AS k(id, position)
JOIN claims_claim c ON c.id = k.id
WHERE c.status = 'published'
ORDER BY k.position
"""

# An actor's page lists, under each claim, that actor's statements of it (in the order
# of ``selectors.actor_claims``: by date said, then key), each with its source.
_ACTOR_STATEMENTS = f""",
  (SELECT coalesce(json_agg(json_build_object(
      'row', json_build_object('id', s.id, 'claim_id', s.claim_id, 'actor_id', s.actor_id,
                               'source_id', s.source_id, 'stance', s.stance,
                               'exact', s.exact, 'said_on', s.said_on),
      '_source', {SOURCE_JSON}
    ) ORDER BY s.said_on, s.id), '[]'::json)
   FROM claims_statement s JOIN claims_source o ON o.id = s.source_id
   WHERE s.claim_id = c.id AND s.actor_id = %(actor)s)
"""  # noqa: S608 (constant fragments: the source's columns)

QUERY = _QUERY.format(statements="")
ACTOR_QUERY = _QUERY.format(statements=_ACTOR_STATEMENTS)


def fetch(keys: Sequence[int], *, actor_id: int | None = None) -> list[Claim]:
    """The published claims of ``keys``, in their order, ready for a list item.

    Each claim has ``verdicts`` (its current verdict, or nothing: the first is
    what ``selectors.current_verdict`` reads) and ``topic_list`` (by name); with
    ``actor_id``, ``actor_statements`` too (that actor's statements of it, with
    their sources). Its other columns are deferred: reading one costs a query.
    """
    keys = [int(key) for key in keys]
    if not keys:
        return []
    using = router.db_for_read(Claim)
    with prepared_cursor(using) as cursor:
        if actor_id is None:
            cursor.execute(QUERY, {"keys": keys})
        else:
            cursor.execute(ACTOR_QUERY, {"keys": keys, "actor": int(actor_id)})
        rows = cursor.fetchall()
    make = Hydrator(using)
    claims = []
    for claim_data, verdict_data, topics_data, *statements in rows:
        claim = make(Claim, claim_data)
        if verdict_data is None:
            claim.verdicts = []
        else:
            verdict = make(Review, verdict_data["row"])
            attach(verdict, "rating", make(Rating, verdict_data["_rating"]))
            attach(verdict, "claim", claim)
            claim.verdicts = [verdict]
        claim.topic_list = [make(Topic, topic) for topic in topics_data]
        if statements:
            claim.actor_statements = [_statement(data, make) for data in statements[0]]
        claims.append(claim)
    return claims


def _statement(data: dict, make: Hydrator) -> Statement:
    statement = make(Statement, data["row"])
    attach(statement, "source", make(Source, data["_source"]))
    return statement
