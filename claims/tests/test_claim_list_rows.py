"""A list page's items, read in one prepared query, are what the ORM reads for the public."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import claim_list_rows, selectors
from claims.models import Claim, Statement
from claims.paginators import CappedPaginator, RowsByQuery, RowsBySlice
from claims.tests.factories import (
    ActorFactory,
    ClaimFactory,
    ReviewFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    default_rating,
)
from claims.tests.test_claim_page_rows import values as loaded

pytestmark = pytest.mark.django_db

# Quotes, markup, backslashes, line breaks and characters outside ASCII: what JSON must carry.
AWKWARD = "He said \"<b>never</b>\" \\ 'twice'\nand « jamais » — 100 % 🙂"


def agrees(got, want) -> bool:
    """``got`` (read with some columns deferred) holds ``want``'s values of the columns it read."""
    values = loaded(want)
    return type(got) is type(want) and loaded(got) == {key: values[key] for key in loaded(got)}


def claims_with_every_kind_of_item() -> list[Claim]:
    rated = ClaimFactory(published=True, text="Rated " + AWKWARD)
    rated.topics.add(TopicFactory(name="Zebra crossings"), TopicFactory(name="Airports"))
    older = ReviewFactory(claim=rated, published=True, rating=default_rating("true"))
    newer = ReviewFactory(claim=rated, published=True, rating=default_rating("false"))
    newer.published_at = older.published_at + datetime.timedelta(hours=1)
    newer.save()
    ReviewFactory(claim=rated, rating=default_rating("misleading"))  # a newer draft verdict
    unrated = ClaimFactory(published=True, text="Unrated")
    ReviewFactory(claim=unrated, rating=default_rating("true"))  # a draft only
    bare = ClaimFactory(published=True, text="Bare")
    return [rated, unrated, bare]


def test_items_read_what_the_orm_reads_for_the_public():
    claims = claims_with_every_kind_of_item()
    items = claim_list_rows.fetch([c.pk for c in claims])

    assert [c.pk for c in items] == [c.pk for c in claims]
    for item, claim in zip(items, claims, strict=True):
        assert agrees(item, Claim.objects.get(pk=claim.pk))
        assert {"slug", "text", "first_seen", "last_seen"} <= set(loaded(item))
        current = selectors.PUBLIC.reviews().filter(claim=claim).first()
        assert selectors.current_verdict(item) == current
        if current is not None:
            verdict = selectors.current_verdict(item)
            assert verdict.headline == current.headline
            assert agrees(verdict, current) and agrees(verdict.rating, current.rating)
        topics = list(claim.topics.order_by("name", "pk"))
        assert len(item.topic_list) == len(topics)
        assert all(agrees(got, want) for got, want in zip(item.topic_list, topics, strict=True))
    assert selectors.current_verdict(items[0]).rating.slug == "false"  # not the draft
    assert items[0].text == "Rated " + AWKWARD
    assert [t.name for t in items[0].topic_list] == ["Airports", "Zebra crossings"]


def test_items_keep_the_keys_order_and_leave_out_what_is_not_public():
    first, second, third = (ClaimFactory(published=True) for _ in range(3))
    draft = ClaimFactory()
    keys = [third.pk, draft.pk, first.pk, 10**12, second.pk]
    assert [c.pk for c in claim_list_rows.fetch(keys)] == [third.pk, first.pk, second.pk]
    assert claim_list_rows.fetch([]) == []


def test_a_page_of_items_is_one_query_and_a_column_not_read_loads_when_asked(
    django_assert_num_queries,
):
    claims_with_every_kind_of_item()
    ClaimFactory.create_batch(20, published=True)
    keys = list(Claim.objects.published().values_list("pk", flat=True))
    context = Claim.objects.get(pk=keys[0]).context
    with django_assert_num_queries(1):
        items = claim_list_rows.fetch(keys)
        for item in items:  # all a list item shows
            assert item.get_absolute_url() and item.text
            assert all(topic.get_absolute_url() and topic.name for topic in item.topic_list)
            verdict = selectors.current_verdict(item)
            assert verdict is None or (verdict.rating.slug and verdict.rating.label)
            assert verdict is None or verdict.headline
    with django_assert_num_queries(1):
        assert items[0].context == context


def test_rows_by_query_read_a_slice_of_keys_then_their_items():
    claims = [ClaimFactory(published=True, text=f"Claim {n:02}") for n in range(5)]
    ClaimFactory(text="Claim 99, a draft")
    rows = RowsByQuery(Claim.objects.published().order_by("text"), claim_list_rows.fetch)

    assert rows.count() == len(rows) == 5
    assert rows.count_up_to(3) == 3
    assert [c.pk for c in rows[1:3]] == [claims[1].pk, claims[2].pk]
    assert rows[4].pk == claims[4].pk
    assert [c.text for c in rows] == [c.text for c in claims]
    with pytest.raises(IndexError):
        rows[5]
    with pytest.raises(IndexError):
        rows[-1]

    paginator = CappedPaginator(rows, 2)
    with CaptureQueriesContext(connection) as queries:
        assert paginator.count == 5 and paginator.num_pages == 3
    assert len(queries.captured_queries) == 1  # counted, up to the cap, once
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(3).object_list
    assert [c.pk for c in page] == [claims[4].pk]
    assert len(queries.captured_queries) == 2  # the page's keys, then their items


def test_rows_by_slice_ask_for_a_slices_keys_then_their_items():
    claims = [ClaimFactory(published=True) for _ in range(4)]
    asked = []

    def keys(offset, limit):
        asked.append((offset, limit))
        return [c.pk for c in claims][offset : offset + limit]

    rows = RowsBySlice(keys, claim_list_rows.fetch)
    assert [c.pk for c in rows[1:3]] == [claims[1].pk, claims[2].pk]
    assert rows[4:9] == [] and asked == [(1, 2), (4, 5)]
    for unsupported in (slice(0, 4, 2), slice(2, None), slice(-1, 2), slice(3, 1)):
        with pytest.raises(ValueError):
            rows[unsupported]


def test_an_actors_items_carry_that_actors_statements_with_their_sources():
    actor, other = ActorFactory(), ActorFactory()
    claim = ClaimFactory(published=True)
    undated = StatementFactory(
        claim=claim,
        actor=actor,
        said_on=None,
        source=SourceFactory(text=f"It was said: {AWKWARD}"),
        exact=AWKWARD,
    )
    late = StatementFactory(claim=claim, actor=actor, said_on=datetime.date(2022, 2, 20))
    early = StatementFactory(
        claim=claim,
        actor=actor,
        said_on=datetime.date(2022, 2, 1),
        stance=Statement.Stance.DENIES,
        source=SourceFactory(title="A <title> & more", text="Before. We deny it. After."),
        exact="We deny it.",
    )
    StatementFactory(claim=claim, actor=other)
    silent = ClaimFactory(published=True)  # the actor said nothing of it

    [item, none] = claim_list_rows.fetch([claim.pk, silent.pk], actor_id=actor.pk)
    expected = list(
        Statement.objects.filter(claim=claim, actor=actor)
        .select_related("source")
        .order_by("said_on", "pk")
    )
    assert [s.pk for s in item.actor_statements] == [early.pk, late.pk, undated.pk]
    assert [s.pk for s in expected] == [early.pk, late.pk, undated.pk]
    for got, want in zip(item.actor_statements, expected, strict=True):
        assert agrees(got, want) and agrees(got.source, want.source)
        assert got.get_stance_display() == want.get_stance_display()
    assert item.actor_statements[0].source.title == "A <title> & more"
    assert item.actor_statements[2].exact == AWKWARD
    assert none.actor_statements == []
    assert not hasattr(claim_list_rows.fetch([claim.pk])[0], "actor_statements")
