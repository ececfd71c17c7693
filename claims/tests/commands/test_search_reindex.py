"""manage.py search_reindex: claims whose search documents went stale are found again."""

import pytest
from django.core.management import CommandError, call_command
from django.db.models import TextField
from django.db.models.functions import Cast

from claims import selectors
from claims.caching import content_version
from claims.models import Claim


@pytest.fixture
def seeds(db):
    call_command("load_seed_data", verbosity=0)


def documents() -> dict[int, str | None]:
    rows = Claim.objects.annotate(doc=Cast("search_vector", TextField())).values_list("pk", "doc")
    return dict(rows)


def found(q: str) -> list[int]:
    return sorted(claim.pk for claim in selectors.claim_search(q=q)[:100])


@pytest.mark.django_db
def test_rebuilds_every_document_as_the_writes_had_left_it(seeds):
    """Documents emptied around the ORM (as a hand-written UPDATE would) come back the same,
    a few claims per transaction, and the search finds the claims again."""
    before = documents()
    genocide = found("genocide")
    assert genocide, "the seeds hold a claim about a genocide"
    Claim.objects.update(search_vector=None)
    assert found("genocide") == []
    version = content_version()

    call_command("search_reindex", "--batch-size", "3", verbosity=0)

    assert documents() == before
    assert found("genocide") == genocide
    assert content_version() != version  # cached result pages go stale


@pytest.mark.django_db
def test_after_resumes_past_a_key(seeds):
    """``--after`` leaves the claims up to that key as they are and rebuilds the rest."""
    before = documents()
    keys = sorted(before)
    middle = keys[len(keys) // 2]
    Claim.objects.update(search_vector=None)

    call_command("search_reindex", "--after", str(middle), verbosity=0)

    after = documents()
    assert all(after[pk] is None for pk in keys if pk <= middle)
    assert all(after[pk] == before[pk] for pk in keys if pk > middle)


@pytest.mark.django_db
@pytest.mark.parametrize(("option", "value"), [("--batch-size", "0"), ("--after", "-1")])
def test_refuses_nonsense_options(option, value):
    with pytest.raises(CommandError, match=option):
        call_command("search_reindex", option, value, verbosity=0)


@pytest.mark.django_db
def test_a_run_stopped_halfway_keeps_its_batches_and_makes_pages_stale(seeds, monkeypatch):
    """The batches done are committed, and cached result pages go stale all the same; the
    run can go on with ``--after``. (The interruption: the second batch is stopped.)"""
    from claims.management.commands import search_reindex

    before = documents()
    keys = sorted(before)
    Claim.objects.update(search_vector=None)
    version = content_version()
    refresh = search_reindex.claims_search_refresh
    batches = []

    def refresh_until_stopped(claims):
        batches.append(claims)
        if len(batches) == 2:
            raise KeyboardInterrupt
        return refresh(claims)

    monkeypatch.setattr(search_reindex, "claims_search_refresh", refresh_until_stopped)
    with pytest.raises(KeyboardInterrupt):
        call_command("search_reindex", "--batch-size", "5", verbosity=0)

    after = documents()
    assert [after[pk] for pk in keys[:5]] == [before[pk] for pk in keys[:5]]
    assert all(after[pk] is None for pk in keys[5:])
    assert content_version() != version
