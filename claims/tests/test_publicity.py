"""Which actors and sources are public follows every write that can change it."""

import pytest

from claims import selectors
from claims.models import PublicationStatus
from claims.tests.factories import (
    ActorFactory,
    ClaimFactory,
    EvidenceFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def public(actor=None, source=None) -> bool:
    if actor is not None:
        return selectors.public_actors().filter(pk=actor.pk).exists()
    return selectors.public_sources().filter(pk=source.pk).exists()


def test_publishing_and_unpublishing_a_claim_moves_its_actor_and_source():
    claim = ClaimFactory()
    statement = StatementFactory(claim=claim)
    assert not public(actor=statement.actor) and not public(source=statement.source)
    claim.status = PublicationStatus.PUBLISHED
    claim.save()
    assert public(actor=statement.actor) and public(source=statement.source)
    claim.status = PublicationStatus.ARCHIVED
    claim.save()
    assert not public(actor=statement.actor) and not public(source=statement.source)


def test_a_statement_moved_to_another_actor_takes_the_publicity_with_it():
    statement = StatementFactory(claim=ClaimFactory(published=True))
    before, after = statement.actor, ActorFactory()
    statement.actor = after
    statement.save()
    assert public(actor=after) and not public(actor=before)
    statement.delete()
    assert not public(actor=after)


def test_a_source_cited_only_as_evidence_is_public():
    source = SourceFactory()
    evidence = EvidenceFactory(claim=ClaimFactory(published=True), source=source)
    assert public(source=source)
    evidence.delete()
    assert not public(source=source)
