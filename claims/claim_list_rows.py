"""The items of a claim list page (the list, a search, a topic), read in one prepared query.

An item shows the claim's wording and dates, its current verdict's rating and
headline, and its topics. Through the ORM that was three queries a page (the
claims, their verdicts with ratings and scales, their topics) and a hundred
model instances, 8 ms of a search's 16 at ten thousand claims, most of it in
building SQL and instances that the page reads three fields of. Here
PostgreSQL builds each item as JSON from the page's keys, the statement is
prepared once per connection, and each item becomes a ``Claim`` (with
``verdicts`` and ``topic_list``) the way ``claims.claim_page_rows`` makes its
rows (:func:`~claims.claim_page_rows.hydrate`).

Who sees what is ``claims.selectors.Audience``'s public rule: published claims,
their newest published verdict. A key whose claim is no longer published (it
was unpublished after a search ranked it) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import router

from claims.claim_page_rows import hydrate
from claims.models import Claim, Rating, Review, Topic
from claims.prepared import prepared_cursor

# Constant fragments only; the keys are the one parameter. Their order is the page's.
# The verdict is the first of ``Audience.reviews()`` for the public: newest published.
QUERY = """
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
FROM unnest(%(keys)s::bigint[]) WITH ORDINALITY AS k(id, position)
JOIN claims_claim c ON c.id = k.id
WHERE c.status = 'published'
ORDER BY k.position
"""


def fetch(keys: Sequence[int]) -> list[Claim]:
    """The published claims of ``keys``, in their order, ready for a list item.

    Each claim has ``verdicts`` (its current verdict, or nothing: the first is
    what ``selectors.current_verdict`` reads) and ``topic_list`` (by name). Its
    other columns are deferred: reading one costs a query.
    """
    keys = [int(key) for key in keys]
    if not keys:
        return []
    using = router.db_for_read(Claim)
    with prepared_cursor(using) as cursor:
        cursor.execute(QUERY, {"keys": keys})
        rows = cursor.fetchall()
    claims = []
    for claim_data, verdict_data, topics_data in rows:
        claim = hydrate(Claim, claim_data, using=using)
        if verdict_data is None:
            claim.verdicts = []
        else:
            verdict = hydrate(Review, verdict_data["row"], using=using)
            verdict.rating = hydrate(Rating, verdict_data["_rating"], using=using)
            verdict.claim = claim
            claim.verdicts = [verdict]
        claim.topic_list = [hydrate(Topic, topic, using=using) for topic in topics_data]
        claims.append(claim)
    return claims
