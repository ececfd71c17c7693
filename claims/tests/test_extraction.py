"""Statement candidates: stored for review, accepted into anchored statements, and kept
when the source is extracted again."""

import pytest
from django.core.exceptions import ValidationError

from claims import extraction, services
from claims.models import Actor, Claim, Statement, StatementCandidate
from claims.tests import factories

TEXT = (
    "Russian Foreign Minister Sergei Lavrov dismissed the US allegation as “total "
    "misinformation”. Lavrov reiterated that Russia expects a written response from the "
    "United States this week. German Foreign Minister Annalena Baerbock warned that any "
    "further escalation would come at a high price."
)


@pytest.fixture
def lavrov(db):
    actor = factories.ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")
    factories.ActorAliasFactory(actor=actor, name="Sergei Lavrov")
    return actor


@pytest.fixture
def article(lavrov):
    return factories.SourceFactory(text=TEXT)


def candidates(source):
    return list(StatementCandidate.objects.filter(source=source).order_by("start"))


@pytest.mark.django_db
def test_extraction_stores_pending_candidates_with_matches(article):
    """Each proposal is stored pending, with its speaker and the claims it may repeat."""
    claim = factories.ClaimFactory(text="Russia is plotting a false-flag operation")
    report = extraction.statement_candidates_extract(source=article)

    stored = candidates(article)
    assert len(report.created) == len(stored) == 3
    assert [c.speaker_name for c in stored] == [
        "Sergey Lavrov",
        "Sergey Lavrov",
        "Annalena Baerbock",
    ]
    assert [c.proposes_new_actor for c in stored] == [False, False, True]
    assert {c.status for c in stored} == {"pending"}
    assert stored[0].stance == "denies"
    assert claim.pk in [m["claim"] for c in stored for m in c.matches]


@pytest.mark.django_db
def test_accept_into_an_existing_claim_creates_an_anchored_statement(article, editor_user):
    """Accepting creates the statement at the candidate's offsets and records who decided."""
    extraction.statement_candidates_extract(source=article)
    candidate = candidates(article)[0]
    claim = factories.ClaimFactory()

    statement = extraction.statement_candidate_accept(
        candidate=candidate, claim=claim, user=editor_user
    )

    assert (statement.claim, statement.actor.name, statement.stance) == (
        claim,
        "Sergey Lavrov",
        "denies",
    )
    assert article.text[statement.start : statement.end] == statement.exact
    candidate.refresh_from_db()
    assert (candidate.status, candidate.statement, candidate.reviewed_by) == (
        "accepted",
        statement,
        editor_user,
    )
    claim.refresh_from_db()
    assert claim.last_seen == article.published_on


@pytest.mark.django_db
def test_accept_into_a_new_claim_with_a_new_actor(article):
    """A new claim is created from its wording, and the proposed speaker as a new actor."""
    extraction.statement_candidates_extract(source=article)
    baerbock = candidates(article)[2]

    statement = extraction.statement_candidate_accept(
        candidate=baerbock, new_claim_text="Further escalation will cost Russia dearly"
    )

    assert statement.claim.text == "Further escalation will cost Russia dearly"
    assert statement.claim.status == "draft"
    assert statement.actor.name == "Annalena Baerbock"
    assert Actor.objects.named("Annalena Baerbock").get() == statement.actor


@pytest.mark.django_db
def test_a_decided_candidate_cannot_be_decided_again(article):
    """Accepting or rejecting twice is refused with a clear error."""
    extraction.statement_candidates_extract(source=article)
    candidate = candidates(article)[0]
    extraction.statement_candidate_reject(candidate=candidate)

    with pytest.raises(ValidationError, match="already rejected"):
        extraction.statement_candidate_accept(candidate=candidate, claim=factories.ClaimFactory())


@pytest.mark.django_db
def test_accepting_without_a_claim_writes_nothing(article):
    """A refused acceptance leaves no new actor, claim or statement behind."""
    extraction.statement_candidates_extract(source=article)
    baerbock = candidates(article)[2]

    with pytest.raises(ValidationError):
        extraction.statement_candidate_accept(candidate=baerbock)

    assert not Actor.objects.named("Annalena Baerbock").exists()
    assert Statement.objects.count() == 0
    baerbock.refresh_from_db()
    assert baerbock.status == "pending"


@pytest.mark.django_db
def test_re_extraction_keeps_decisions_and_edits(article):
    """Accepted, rejected and edited candidates survive extracting again, unchanged."""
    extraction.statement_candidates_extract(source=article)
    first, second, third = candidates(article)
    extraction.statement_candidate_accept(candidate=first, claim=factories.ClaimFactory())
    extraction.statement_candidate_reject(candidate=second)
    extraction.statement_candidate_update(candidate=third, stance="denies")

    report = extraction.statement_candidates_extract(source=article)

    assert len(report.created) == 0
    assert {c.pk for c in report.kept} == {first.pk, second.pk, third.pk}
    statuses = {c.pk: (c.status, c.stance) for c in candidates(article)}
    assert statuses == {
        first.pk: ("accepted", "denies"),
        second.pk: ("rejected", "asserts"),
        third.pk: ("pending", "denies"),
    }


@pytest.mark.django_db
def test_re_extraction_after_a_text_correction_drops_outdated_pending_candidates(article):
    """Pending proposals the corrected text no longer supports go; decisions stay."""
    extraction.statement_candidates_extract(source=article)
    first, _, third = candidates(article)
    extraction.statement_candidate_reject(candidate=first)
    services.source_update_text(
        source=article,
        text=TEXT.replace("German Foreign Minister Annalena Baerbock warned", "Some said"),
    )

    report = extraction.statement_candidates_extract(source=article)

    remaining = {c.pk for c in candidates(article)}
    assert first.pk in remaining
    assert third.pk not in remaining
    assert report.removed >= 1


@pytest.mark.django_db
def test_editing_the_quote_finds_it_again_in_the_text(article):
    """A trimmed quote is anchored at the occurrence nearest to where it was."""
    extraction.statement_candidates_extract(source=article)
    candidate = candidates(article)[1]

    edited = extraction.statement_candidate_update(candidate=candidate, exact="Russia expects")

    assert article.text[edited.start : edited.end] == "Russia expects"
    assert edited.edited


@pytest.mark.django_db
def test_editing_to_a_quote_not_in_the_text_is_refused(article):
    """The quote must be the source's words."""
    extraction.statement_candidates_extract(source=article)

    with pytest.raises(ValidationError, match="does not occur"):
        extraction.statement_candidate_update(
            candidate=candidates(article)[0], exact="Words nobody wrote"
        )


@pytest.mark.django_db
def test_unresolved_speaker_needs_a_choice(db):
    """A pronoun with no antecedent cannot be accepted until the editor names the speaker."""
    source = factories.SourceFactory(text='"We will not retreat from our positions," he said.')
    extraction.statement_candidates_extract(source=source)
    candidate = candidates(source)[0]
    claim = factories.ClaimFactory()

    with pytest.raises(ValidationError, match="choose one"):
        extraction.statement_candidate_accept(candidate=candidate, claim=claim)

    statement = extraction.statement_candidate_accept(
        candidate=candidate, claim=claim, new_actor_name="Dmitry Peskov"
    )
    assert statement.actor.name == "Dmitry Peskov"
    assert Claim.objects.count() == 1
