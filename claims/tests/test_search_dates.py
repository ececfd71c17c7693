"""The day last seen in the search document, and windows of days as tsqueries."""

import datetime
import importlib
import random

import pytest
from django.db import connection

from claims import search, selectors, services
from claims.models import Claim
from claims.search_dates import SeenQuery, day_key, day_lexemes, day_prefixes
from claims.tests import factories

D = datetime.date


def _in_range(day: D, prefixes: list[str]) -> bool:
    return any(f"{day_key(day):08d}".startswith(p) for p in prefixes)


@pytest.mark.parametrize(
    ("since", "before"),
    [
        (D(2024, 3, 31), D(9999, 12, 31)),
        (D(2024, 3, 31), D(2024, 4, 1)),
        (D(2019, 12, 30), D(2020, 1, 2)),
        (D(2000, 1, 1), D(2100, 1, 1)),
        (D(999, 12, 31), D(1000, 1, 2)),
        (D(2024, 2, 10), D(2024, 2, 10)),
    ],
)
def test_prefixes_cover_exactly_the_days_of_the_range(since, before):
    prefixes = day_prefixes(since, before)
    for offset in range(-800, 800):
        day = since + datetime.timedelta(days=offset)
        assert _in_range(day, prefixes) == (since <= day < before)
    assert not _in_range(before, prefixes)


def test_an_open_range_covers_every_day_from_its_start_to_the_last_one():
    """``before=None``: the first window when a claim was last seen on 9999-12-31."""
    prefixes = day_prefixes(D(9999, 12, 30), None)
    assert [_in_range(day, prefixes) for day in (D(9999, 12, 29), D(9999, 12, 30), D.max)] == [
        False,
        True,
        True,
    ]
    until_the_last_day = day_prefixes(D(2024, 3, 31), D.max)
    assert day_prefixes(D(2024, 3, 31), None) == [*until_the_last_day, "99991231"]


def test_prefixes_stay_few_for_any_range():
    """A window is a tsquery of OR'ed prefixes: their number must not grow with its length."""
    rng = random.Random(5)  # noqa: S311 (reproducible ranges, not secrets)
    for _ in range(2000):
        since = D(1990, 1, 1) + datetime.timedelta(days=rng.randrange(15_000))
        before = since + datetime.timedelta(days=rng.randrange(1, 20_000))
        assert len(day_prefixes(since, before)) <= 70
        # Up to 9 blocks a digit on each side of the range, however long it is.
        assert len(day_prefixes(since, D(9999, 12, 31))) <= 2 * 9 * 8


def _seen(claim: Claim) -> list[str]:
    """The lexemes of ``claim``'s document that are days."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT lexeme FROM claims_claim, unnest(search_vector) WHERE id = %s "
            "AND lexeme LIKE 'seen %%' ORDER BY lexeme",
            [claim.pk],
        )
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.django_db
def test_the_document_follows_the_day_last_seen(draft_claim):
    """A statement reported later moves the claim's day in its document, not next to it:
    the document holds every prefix of the day's digits, and only those."""
    factories.StatementFactory(
        claim=draft_claim, said_on=D(2022, 2, 10), source__published_on=D(2022, 2, 10)
    )
    services.claim_refresh_dates(claims=[draft_claim])
    assert _seen(draft_claim) == day_lexemes(D(2022, 2, 10))

    factories.StatementFactory(
        claim=draft_claim, said_on=D(2023, 7, 1), source__published_on=D(2023, 7, 1)
    )
    services.claim_refresh_dates(claims=Claim.objects.filter(pk=draft_claim.pk))
    assert _seen(draft_claim) == day_lexemes(D(2023, 7, 1))

    draft_claim.statements.all().delete()
    services.claim_refresh_dates(claims=[draft_claim])
    assert _seen(draft_claim) == []


@pytest.mark.django_db
def test_a_window_query_matches_the_claims_seen_in_its_days():
    days = [D(2021, 12, 31), D(2022, 1, 1), D(2022, 1, 31), D(2022, 2, 1), D(2030, 5, 5), None]
    for day in days:
        claim = factories.ClaimFactory(published=True)
        Claim.objects.filter(pk=claim.pk).update(last_seen=day)
    search.claims_search_refresh(Claim.objects.all())

    for since, before in [(D(2022, 1, 1), D(2022, 2, 1)), (D(2022, 1, 1), D(9999, 1, 1))]:
        by_document = Claim.objects.filter(search_vector=SeenQuery(since, before))
        by_date = Claim.objects.filter(last_seen__gte=since, last_seen__lt=before)
        assert set(by_document) == set(by_date) and by_date.exists()


@pytest.mark.django_db
def test_readers_never_find_a_claim_by_its_day():
    claim = factories.ClaimFactory(text="Grain exports fell", published=True)
    Claim.objects.filter(pk=claim.pk).update(last_seen=D(2024, 3, 31))
    search.claim_search_refresh(claim_ids=[claim.pk])

    assert list(selectors.claim_search(q="grain")) == [claim]
    for q in ("seen", "2", "2024", "20240331", "seen 2024", '"seen 20240331"', "seen:*"):
        assert list(selectors.claim_search(q=q)) == [], q


@pytest.mark.django_db
def test_the_migration_adds_the_day_to_documents_made_before_it(draft_claim):
    factories.StatementFactory(claim=draft_claim, said_on=D(2022, 2, 10))
    services.claim_refresh_dates(claims=[draft_claim])
    current = Claim.objects.values_list("search_vector", flat=True).get(pk=draft_claim.pk)
    migration = importlib.import_module("claims.migrations.0014_search_vector_seen_day")

    with connection.cursor() as cursor:
        cursor.execute(migration.REMOVE)
        assert _seen(draft_claim) == []
        cursor.execute(migration.ADD)
    assert Claim.objects.values_list("search_vector", flat=True).get(pk=draft_claim.pk) == current
