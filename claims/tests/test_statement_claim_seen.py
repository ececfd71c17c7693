"""Statements carry their claim's ``last_seen``, kept by PostgreSQL (migration 0015), and an
actor's page reads its claims in that order (``selectors.actor_claim_keys``).

The copy is written by triggers whatever path writes the statement or the claim's
date: the ORM, a queryset update, a bulk load that inserts claims after their
statements. The actor's page must list the same claims, in the same order, as the
query on the claims' own dates it replaced.
"""

import datetime

import pytest
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.test.utils import CaptureQueriesContext

from claims import selectors
from claims.models import Claim, Statement
from claims.tests.factories import ActorFactory, ClaimFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def stale_copies() -> list[tuple]:
    """(statement, its copy, its claim's date) for every statement whose copy is wrong."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.id, s.claim_last_seen, c.last_seen FROM claims_statement s "
            "JOIN claims_claim c ON c.id = s.claim_id "
            "WHERE s.claim_last_seen IS DISTINCT FROM c.last_seen"
        )
        return cursor.fetchall()


def copy_of(statement: Statement) -> datetime.date | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT claim_last_seen FROM claims_statement WHERE id = %s", [statement.pk])
        return cursor.fetchone()[0]


def said(claim: Claim, *, on: datetime.date, actor=None) -> Statement:
    """A statement of ``claim`` in a source of ``on`` (which the claim's dates count)."""
    return StatementFactory(
        claim=claim,
        source=SourceFactory(published_on=on, text=f"She said: it is the case, number {on}."),
        exact=f"it is the case, number {on}",
        **({"actor": actor} if actor else {}),
    )


def test_a_statement_takes_its_claims_date_and_follows_it():
    claim = ClaimFactory(published=True)
    first = said(claim, on=datetime.date(2022, 2, 1))
    assert copy_of(first) == datetime.date(2022, 2, 1)

    # A later statement moves the claim's date: every statement of it follows.
    second = said(claim, on=datetime.date(2022, 2, 20))
    assert copy_of(first) == copy_of(second) == datetime.date(2022, 2, 20)

    # A date written without the ORM's save (a queryset update sends no signal).
    Claim.objects.filter(pk=claim.pk).update(last_seen=datetime.date(2023, 1, 1))
    assert copy_of(first) == copy_of(second) == datetime.date(2023, 1, 1)

    # Moved to another claim, a statement takes that claim's date, which now counts it;
    # the claim it left goes back to the date of the statement it still has.
    other = ClaimFactory(published=True)
    said(other, on=datetime.date(2021, 5, 5))
    second.claim = other
    second.save()
    assert copy_of(second) == datetime.date(2022, 2, 20)
    assert copy_of(first) == datetime.date(2022, 2, 1)

    # A claim that loses its date (its statements deleted or undated) passes None on.
    Claim.objects.filter(pk=claim.pk).update(last_seen=None)
    assert copy_of(first) is None
    assert stale_copies() == []


def test_a_statement_moved_by_sql_takes_its_new_claims_date():
    """Django does not know the column, so an instance never writes one; a statement moved
    to another claim by SQL, even with a wrong copy written alongside, takes the date of
    the claim it moved to."""
    statement = said(ClaimFactory(published=True), on=datetime.date(2022, 2, 1))
    other = ClaimFactory(published=True)
    said(other, on=datetime.date(2022, 2, 20))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_statement SET claim_id = %s, claim_last_seen = %s WHERE id = %s",
            [other.pk, datetime.date(1999, 1, 1), statement.pk],
        )
    assert copy_of(statement) == datetime.date(2022, 2, 20)


def test_an_edit_that_keeps_the_claim_does_not_read_it_again():
    """Django's save() sets every column: the trigger must look at what changed (migration
    0020). A copy that differs from the claim's date shows whether it was read again."""
    statement = said(ClaimFactory(published=True), on=datetime.date(2022, 2, 1))
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_statement SET claim_last_seen = %s WHERE id = %s",
            [datetime.date(1999, 1, 1), statement.pk],
        )
    statement.note = "Repeated on television."
    statement.save()
    assert copy_of(statement) == datetime.date(1999, 1, 1)


def test_claims_inserted_after_their_statements_pass_their_dates_on():
    """The bulk loaders' order: statements first, their claims later in the transaction
    (foreign keys deferred), with their dates already computed."""
    actor = ActorFactory()
    source = SourceFactory(text="It rained. It did not rain.")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('claims_claim', 'id'))")
        claim_id = cursor.fetchone()[0]
        cursor.execute(
            'INSERT INTO claims_statement (created_at, updated_at, start, "end", exact, prefix,'
            " suffix, anchor_status, stance, mode, cue, note, actor_id, claim_id, source_id)"
            " VALUES (now(), now(), 0, 10, 'It rained.', '', '', 'anchored', 'asserts',"
            " 'direct', 'said', '', %s, %s, %s) RETURNING id",
            [actor.pk, claim_id, source.pk],
        )
        statement_id = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO claims_claim (id, created_at, updated_at, text, slug, context, status,"
            " published_at, first_seen, last_seen) VALUES (%s, now(), now(), 'It rained',"
            " 'it-rained', '', 'published', now(), %s, %s)",
            [claim_id, datetime.date(2022, 2, 3), datetime.date(2022, 2, 3)],
        )
    assert copy_of(Statement(pk=statement_id)) == datetime.date(2022, 2, 3)
    assert stale_copies() == []


def claims_by_the_claims_dates(actor) -> list[int]:
    """What the actor's page listed before the copy: a query on the claims' own dates."""
    return list(
        Claim.objects.published()
        .filter(Exists(Statement.objects.filter(claim=OuterRef("pk"), actor=actor)))
        .order_by(F("last_seen").desc(nulls_last=True), "pk")
        .values_list("pk", flat=True)
    )


def test_an_actors_claims_come_most_recently_seen_first_like_the_claims_dates_say():
    actor = ActorFactory()
    start = datetime.date(2022, 1, 1)
    claims = [ClaimFactory(published=True) for _ in range(7)]
    days = [5, 1, 5, 9, 0, 3, 5]  # ties on day 5 go by key
    for claim, day in zip(claims, days, strict=True):
        said(claim, on=start + day * DAY, actor=actor)
    said(claims[1], on=start + 2 * DAY, actor=actor)  # two statements: one row
    said(ClaimFactory(), on=start + 10 * DAY, actor=actor)  # a draft: left out
    undated = ClaimFactory(published=True)
    StatementFactory(  # never dated: last
        claim=undated, actor=actor, source__published_on=None, source__date_precision="unknown"
    )
    said(ClaimFactory(published=True), on=start + 4 * DAY)  # someone else's

    expected = claims_by_the_claims_dates(actor)
    assert len(expected) == 8 and expected[-1] == undated.pk
    assert selectors.actor_claim_keys(actor.pk, 0, 100) == expected
    # Pages are slices of the same order.
    assert selectors.actor_claim_keys(actor.pk, 0, 3) == expected[:3]
    assert selectors.actor_claim_keys(actor.pk, 3, 3) == expected[3:6]
    assert selectors.actor_claim_keys(actor.pk, 6, 3) == expected[6:]
    page = [c.pk for c in selectors.actor_claims(actor)[3:6]]
    assert page == expected[3:6]


def test_an_actor_page_walks_the_index_for_its_page_only():
    """The index gives the page's order, so PostgreSQL can read the actor's statements in
    it and stop at the page: no sort over all of the actor's claims. (On a test's few
    rows a sort is cheaper and the planner would take it: it is told not to.)"""
    actor = ActorFactory()
    with CaptureQueriesContext(connection) as queries:
        selectors.actor_claim_keys(actor.pk, 0, 21)
    [query] = queries.captured_queries
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
        cursor.execute("SET LOCAL enable_hashagg = off")
        cursor.execute("EXPLAIN " + query["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "statement_actor_claim_seen" in plan
    assert "Sort" not in plan
