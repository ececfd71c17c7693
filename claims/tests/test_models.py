"""The data model's rules, each shown where it is enforced.

Constraints are proven twice where both apply: at the database (a row written
with ``objects.create()`` or ``.update()``, which skip ``clean()``, is refused
with ``IntegrityError``) and at validation (``full_clean()``, which the admin,
the API and the services run, refuses it with a ``ValidationError``).
"""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, ProtectedError

from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.models.anchors import AnchorStatus
from claims.models.sources import text_fingerprint
from claims.tests import factories

pytestmark = pytest.mark.django_db


def _refused_by_database(constraint, write):
    """Run ``write`` in a savepoint and expect the database to refuse it by ``constraint``
    (checking the name proves the intended rule fired, not some other one)."""
    with pytest.raises(IntegrityError) as error, transaction.atomic():
        write()
    assert f'"{constraint}"' in str(error.value)


# Source -----------------------------------------------------------------------


def test_source_url_unique_in_database(source):
    """Two sources with the same URL are refused by the database."""
    _refused_by_database(
        "source_url_unique_when_given",
        lambda: Source.objects.create(
            title="Copy", slug="copy", url=source.url, published_on=source.published_on, text="x"
        ),
    )
    assert Source.objects.filter(url=source.url).count() == 1


def test_source_url_unique_in_validation(source):
    """A source reusing another's URL fails validation before it reaches the database."""
    duplicate = factories.SourceFactory.build(url=source.url)

    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_source_several_blank_urls_allowed():
    """Sources without a URL (a printed transcript) do not collide with each other."""
    factories.SourceFactory(url="")
    second = factories.SourceFactory(url="")
    third = factories.SourceFactory.build(url="")

    third.full_clean()
    assert Source.objects.filter(url="").count() == 2
    assert second.pk is not None


@pytest.mark.parametrize(
    ("published_on", "precision"),
    [(None, Source.DatePrecision.EXACT), (datetime.date(2022, 1, 1), "unknown")],
)
def test_source_date_and_precision_must_agree_in_database(published_on, precision):
    """A missing date must be marked unknown, and an unknown one must be missing (DB)."""
    _refused_by_database(
        "source_date_matches_precision",
        lambda: Source.objects.create(
            title="T", slug="t", published_on=published_on, date_precision=precision, text="x"
        ),
    )


@pytest.mark.parametrize(
    ("published_on", "precision"),
    [(None, Source.DatePrecision.APPROXIMATE), (datetime.date(2022, 1, 1), "unknown")],
)
def test_source_date_and_precision_must_agree_in_validation(published_on, precision):
    """full_clean() explains the date/precision rule to the editor."""
    source = factories.SourceFactory.build(published_on=published_on, date_precision=precision)

    with pytest.raises(ValidationError) as error:
        source.full_clean()

    assert "Give a publication date unless its precision is unknown" in str(
        error.value.message_dict[NON_FIELD_ERRORS]
    )


def test_source_without_date_and_unknown_precision_is_valid():
    """A source whose date is unknown validates and saves when marked so."""
    source = factories.SourceFactory.build(published_on=None, date_precision="unknown")

    source.full_clean()
    source.save()


def test_source_text_hash_ignores_line_breaks():
    """Saving stores a fingerprint that is the same for the same words laid out differently."""
    one = factories.SourceFactory(text="The talks\nfailed.  Again.")
    other = factories.SourceFactory(text="The talks failed. Again.")

    assert one.text_hash == other.text_hash == text_fingerprint("The talks failed. Again.")


def test_source_blank_text_refused_in_database():
    """A source without text cannot be stored: quotes need something to anchor in."""
    _refused_by_database("source_text_not_blank", lambda: factories.SourceFactory(text=""))


# Claim ------------------------------------------------------------------------


def test_claim_wording_unique_case_insensitive_in_database():
    """The same wording in other capitals is refused by the database."""
    factories.ClaimFactory(text="Sanctions are not working")

    _refused_by_database(
        "claim_text_unique_ci",
        lambda: Claim.objects.create(text="SANCTIONS ARE NOT WORKING", slug="sanctions-2"),
    )


def test_claim_wording_unique_case_insensitive_in_validation():
    """full_clean() refuses a claim whose wording exists in other capitals, saying so."""
    factories.ClaimFactory(text="Sanctions are not working")
    duplicate = factories.ClaimFactory.build(text="sanctions are NOT working")

    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()

    assert error.value.message_dict[NON_FIELD_ERRORS] == [
        "A claim with this wording already exists."
    ]


def test_claim_editing_keeps_its_own_wording_valid(draft_claim):
    """A claim does not collide with itself when re-validated after an edit."""
    draft_claim.context = "Repeated in several speeches."

    draft_claim.full_clean()


@pytest.mark.parametrize(
    ("status", "is_public"),
    [
        (PublicationStatus.DRAFT, False),
        (PublicationStatus.IN_REVIEW, False),
        (PublicationStatus.PUBLISHED, True),
    ],
)
def test_claim_published_queryset_shows_only_published(status, is_public):
    """Only published claims are public; drafts and claims in review are not."""
    claim = factories.ClaimFactory(status=status)

    assert (claim in Claim.objects.published()) is is_public
    assert claim.is_published() is is_public
    assert claim in Claim.objects.all()


def test_claim_published_is_chainable():
    """published() is a QuerySet method, so it combines with other filters."""
    shown = factories.ClaimFactory(published=True, text="Visible claim")
    factories.ClaimFactory(published=True, text="Other claim")

    assert list(Claim.objects.filter(text__startswith="Visible").published()) == [shown]


def test_claim_by_actor_lists_each_claim_once():
    """A claim an actor made twice is listed once for that actor."""
    actor = factories.ActorFactory()
    claim = factories.ClaimFactory()
    factories.StatementFactory(claim=claim, actor=actor)
    factories.StatementFactory(claim=claim, actor=actor)
    factories.StatementFactory()

    assert list(Claim.objects.by_actor(actor)) == [claim]


def test_claim_saved_as_published_gets_published_at():
    """Saving a claim as published stamps when it went public, once."""
    claim = factories.ClaimFactory()
    assert claim.published_at is None

    claim.status = PublicationStatus.PUBLISHED
    claim.save()
    first = claim.published_at
    claim.context = "Edited later."
    claim.save()

    assert first is not None
    assert claim.published_at == first


def test_claim_published_without_date_refused_in_database(draft_claim):
    """The database refuses a published claim without a publication time (e.g. bulk update)."""
    _refused_by_database(
        "claim_published_has_date",
        lambda: Claim.objects.filter(pk=draft_claim.pk).update(status=PublicationStatus.PUBLISHED),
    )


def test_claim_seen_dates_must_be_ordered_in_database(draft_claim):
    """first_seen after last_seen is refused by the database."""
    _refused_by_database(
        "claim_seen_dates_ordered",
        lambda: Claim.objects.filter(pk=draft_claim.pk).update(
            first_seen=datetime.date(2022, 5, 1), last_seen=datetime.date(2022, 4, 1)
        ),
    )


# ClaimRelation ----------------------------------------------------------------


def test_relation_to_itself_refused_in_database(draft_claim):
    """A claim cannot contradict itself (DB)."""
    _refused_by_database(
        "relation_not_to_itself",
        lambda: ClaimRelation.objects.create(
            from_claim=draft_claim, to_claim=draft_claim, kind="contradicts"
        ),
    )


def test_relation_to_itself_refused_in_validation(draft_claim):
    """full_clean() refuses a relation from a claim to itself, saying why."""
    relation = ClaimRelation(from_claim=draft_claim, to_claim=draft_claim, kind="supports")

    with pytest.raises(ValidationError) as error:
        relation.full_clean()

    assert "A claim cannot be related to itself." in error.value.message_dict[NON_FIELD_ERRORS]


def test_relation_reverse_pair_refused_in_database():
    """ "B contradicts A" cannot be stored next to "A contradicts B" (DB)."""
    relation = factories.ClaimRelationFactory()

    _refused_by_database(
        "relation_one_per_pair",
        lambda: ClaimRelation.objects.create(
            from_claim=relation.to_claim, to_claim=relation.from_claim, kind="supports"
        ),
    )
    assert ClaimRelation.objects.count() == 1


def test_relation_reverse_pair_refused_in_validation():
    """full_clean() refuses a second relation between the same two claims, either way round."""
    relation = factories.ClaimRelationFactory()
    reverse = ClaimRelation(
        from_claim=relation.to_claim, to_claim=relation.from_claim, kind="supports"
    )
    same_way = ClaimRelation(
        from_claim=relation.from_claim, to_claim=relation.to_claim, kind="refines"
    )

    for duplicate in (reverse, same_way):
        with pytest.raises(ValidationError) as error:
            duplicate.full_clean()
        assert error.value.message_dict[NON_FIELD_ERRORS] == [
            "These two claims are already related."
        ]


def test_relation_is_read_from_both_ends():
    """A relation shows on both claims, worded from each one's side."""
    relation = factories.ClaimRelationFactory(kind=ClaimRelation.Kind.SUPPORTS)
    a, b = relation.from_claim, relation.to_claim

    assert list(a.relations()) == [relation] == list(b.relations())
    assert relation.label_from(a) == "supports"
    assert relation.label_from(b) == "is supported by"
    assert relation.other(a) == b and relation.other(b) == a


# Statement --------------------------------------------------------------------

ARTICLE = (
    "Speaking in Moscow, the minister said there is an ongoing genocide in Donbas. "
    "Kyiv rejected the claim within the hour."
)
QUOTE = "there is an ongoing genocide in Donbas"


@pytest.fixture
def article():
    return factories.SourceFactory(text=ARTICLE)


def _statement(source, **fields):
    """An unsaved statement on ``source``, as an editor would submit it."""
    return Statement(
        claim=factories.ClaimFactory(), actor=factories.ActorFactory(), source=source, **fields
    )


def test_statement_offsets_must_match_quote_length_in_database(article):
    """The database refuses offsets that do not span exactly the quote's characters."""
    start = ARTICLE.index(QUOTE)

    _refused_by_database(
        "statement_offsets_match_quote_length",
        lambda: Statement.objects.create(
            claim=factories.ClaimFactory(),
            actor=factories.ActorFactory(),
            source=article,
            start=start,
            end=start + len(QUOTE) + 3,
            exact=QUOTE,
        ),
    )


def test_statement_offsets_shifted_by_update_refused_in_database(statement):
    """A bulk update that moves one offset only is refused by the database."""
    _refused_by_database(
        "statement_offsets_match_quote_length",
        lambda: Statement.objects.filter(pk=statement.pk).update(end=F("end") + 1),
    )


def test_statement_without_offsets_refused_in_database(article):
    """A statement must be anchored: the database refuses one without offsets."""
    _refused_by_database(
        "statement_has_offsets",
        lambda: Statement.objects.create(
            claim=factories.ClaimFactory(),
            actor=factories.ActorFactory(),
            source=article,
            exact=QUOTE,
        ),
    )


def test_statement_same_quote_twice_for_a_claim_refused_in_database(statement):
    """The same anchored quote cannot be recorded twice as a statement of one claim."""
    _refused_by_database(
        "statement_unique_anchor_per_claim",
        lambda: Statement.objects.create(
            claim=statement.claim,
            actor=statement.actor,
            source=statement.source,
            start=statement.start,
            end=statement.end,
            exact=statement.exact,
        ),
    )


def test_two_actors_may_share_one_quote_for_a_claim(statement):
    """ "Stoltenberg and Biden both said ...": one quote is a statement of each actor."""
    second = Statement.objects.create(
        claim=statement.claim,
        actor=factories.ActorFactory(),
        source=statement.source,
        start=statement.start,
        end=statement.end,
        exact=statement.exact,
    )
    assert statement.claim.statements.filter(start=statement.start).count() == 2
    assert second.pk != statement.pk


def test_statement_clean_mismatching_quote_is_an_error_on_the_quote(article):
    """A quote that is not what the source says at the given offsets is refused on "exact"."""
    start = ARTICLE.index(QUOTE)
    statement = _statement(
        article, start=start, end=start + len(QUOTE), exact="there is no war in Donbas at all!"
    )

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    assert list(error.value.message_dict) == ["exact"]
    assert f"reads {QUOTE!r}" in error.value.message_dict["exact"][0]


def test_statement_clean_with_only_the_quote_finds_the_offsets(article):
    """An editor may paste just the quote: its offsets and context are filled in."""
    statement = _statement(article, exact=QUOTE)

    statement.full_clean()

    assert (statement.start, statement.end) == (
        ARTICLE.index(QUOTE),
        ARTICLE.index(QUOTE) + len(QUOTE),
    )
    assert statement.prefix == ARTICLE[: statement.start][-32:]
    assert statement.suffix == ARTICLE[statement.end :][:32]
    assert statement.anchor_status == AnchorStatus.ANCHORED


def test_statement_clean_with_only_offsets_fills_the_quote(article):
    """An editor may give just the offsets: the quote is copied from the source."""
    start = ARTICLE.index(QUOTE)
    statement = _statement(article, start=start, end=start + len(QUOTE))

    statement.full_clean()

    assert statement.exact == QUOTE


def test_statement_clean_keeps_the_sources_typography_and_saves():
    """A quote pasted with straight quotes is stored with the source's curly ones, so the
    stored offsets and quote agree and the database accepts the row."""
    source = factories.SourceFactory(text="He said \u201cwe don\u2019t negotiate\u201d and left.")
    statement = _statement(source, exact='"we don\'t negotiate"')

    statement.full_clean()
    statement.save()

    statement.refresh_from_db()
    assert statement.exact == "\u201cwe don\u2019t negotiate\u201d"


def test_statement_after_an_emoji_saves_with_code_point_offsets():
    """Offsets after an astral character agree between Python and PostgreSQL's length()."""
    source = factories.SourceFactory(text="\U0001f1fa\U0001f1e6 \U0001f525 We will rebuild. Soon.")
    statement = _statement(source, exact="We will rebuild.")

    statement.full_clean()
    statement.save()

    assert statement.start == len("\U0001f1fa\U0001f1e6 \U0001f525 ") == 5
    assert source.text[statement.start : statement.end] == "We will rebuild."


def test_statement_clean_ambiguous_quote_asks_for_context():
    """A quote found twice is refused with a request for its offset or surrounding words."""
    source = factories.SourceFactory(text="Peskov: no comment. Zakharova: no comment.")
    statement = _statement(source, exact="no comment")

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    message = error.value.message_dict["exact"][0]
    assert "occurs 2 times" in message
    assert "a few words of the text just before or after it" in message


def test_statement_clean_ambiguous_quote_resolved_by_prefix():
    """The words just before a repeated quote decide which one is meant."""
    text = "Peskov: no comment. Zakharova: no comment."
    source = factories.SourceFactory(text=text)
    statement = _statement(source, exact="no comment", prefix="Zakharova:")

    statement.full_clean()

    assert statement.start == text.rindex("no comment")


def test_statement_clean_quote_not_in_source(article):
    """A quote the source does not contain is refused on "exact"."""
    statement = _statement(article, exact="sanctions are working")

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    assert "does not occur in the source text" in error.value.message_dict["exact"][0]


def test_statement_clean_without_quote_or_offsets(article):
    """A statement must say what was said."""
    statement = _statement(article)

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    assert error.value.message_dict["exact"] == ["Give the quote as the source has it."]


def test_statement_clean_with_one_offset_only(article):
    """Offsets come in pairs: a start without an end is refused on "end"."""
    statement = _statement(article, start=3)

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    assert error.value.message_dict["end"] == ["Give both offsets, or neither."]


def test_statement_clean_offsets_past_the_end(article):
    """Offsets beyond the source's text are refused on "start"."""
    statement = _statement(article, start=len(ARTICLE) - 2, end=len(ARTICLE) + 5)

    with pytest.raises(ValidationError) as error:
        statement.full_clean()

    assert "do not fit a text of" in error.value.message_dict["start"][0]


def test_statement_factory_is_anchored_in_its_source(statement):
    """The factory's statements really quote their source (a guard for every other test)."""
    assert statement.source.text[statement.start : statement.end] == statement.exact
    statement.full_clean()


# Evidence ---------------------------------------------------------------------


def test_evidence_needs_a_source_or_url_and_title_in_database(draft_claim):
    """Evidence pointing nowhere, or to a URL without a title, is refused by the database."""
    _refused_by_database(
        "evidence_has_source_or_url",
        lambda: Evidence.objects.create(claim=draft_claim, stance="refutes", note="n"),
    )
    _refused_by_database(
        "evidence_has_source_or_url",
        lambda: Evidence.objects.create(
            claim=draft_claim, stance="refutes", note="n", url="https://example.org/a"
        ),
    )


def test_evidence_needs_a_source_or_url_and_title_in_validation(draft_claim):
    """full_clean() asks for a source (or an external URL and title) on the "source" field."""
    evidence = Evidence(claim=draft_claim, stance="refutes", note="n", title="Only a title")

    with pytest.raises(ValidationError) as error:
        evidence.full_clean()

    assert error.value.message_dict["source"] == [
        "Choose a source, or give an external URL and its title."
    ]


def test_evidence_external_url_and_title_is_valid(draft_claim):
    """Evidence we do not hold in full is given by URL and title."""
    evidence = factories.EvidenceFactory.build(claim=draft_claim, external=True)

    evidence.full_clean()
    evidence.save()
    assert evidence.link() == evidence.url


def test_evidence_quote_needs_a_source_in_database(draft_claim):
    """The database refuses quote offsets on evidence that has no source to anchor them in."""
    _refused_by_database(
        "evidence_quote_needs_source",
        lambda: Evidence.objects.create(
            claim=draft_claim,
            stance="refutes",
            note="n",
            url="https://example.org/a",
            title="A",
            start=0,
            end=5,
            exact="Hello",
        ),
    )


def test_evidence_quote_needs_a_source_in_validation(draft_claim):
    """A quote on external evidence is refused on "exact": we cannot anchor it."""
    evidence = factories.EvidenceFactory.build(claim=draft_claim, external=True, exact="Hello")

    with pytest.raises(ValidationError) as error:
        evidence.full_clean()

    assert error.value.message_dict["exact"] == [
        "A quote can only be anchored in one of our sources."
    ]


def test_evidence_quote_is_anchored_in_its_source(article, draft_claim):
    """A quote on evidence from one of our sources gets its offsets like a statement's."""
    evidence = factories.EvidenceFactory.build(
        claim=draft_claim, source=article, exact="Kyiv rejected the claim"
    )

    evidence.full_clean()
    evidence.save()

    assert ARTICLE[evidence.start : evidence.end] == "Kyiv rejected the claim"


# Actor ------------------------------------------------------------------------


def test_actor_cannot_be_its_own_affiliation_in_database(actor):
    """An actor cannot belong to itself (DB)."""
    _refused_by_database(
        "actor_not_own_affiliation",
        lambda: Actor.objects.filter(pk=actor.pk).update(affiliation=actor),
    )


def test_actor_cannot_be_its_own_affiliation_in_validation(actor):
    """full_clean() refuses an actor affiliated to itself."""
    actor.affiliation = actor

    with pytest.raises(ValidationError):
        actor.full_clean()


def test_actor_country_must_be_iso_in_database(actor):
    """The database refuses a country that is not two capital letters."""
    for bad in ("ua", "U1"):
        _refused_by_database(
            "actor_country_iso_code",
            lambda bad=bad: Actor.objects.filter(pk=actor.pk).update(country=bad),
        )


@pytest.mark.parametrize("country", ["ua", "UKR", "U1"])
def test_actor_country_must_be_iso_in_validation(actor, country):
    """full_clean() refuses a malformed country code on "country", with an example."""
    actor.country = country

    with pytest.raises(ValidationError) as error:
        actor.full_clean()

    assert "country" in error.value.message_dict


def test_actor_country_may_be_blank_or_iso(actor):
    """No country, or a proper ISO code, is valid."""
    for country in ("", "UA"):
        actor.country = country
        actor.full_clean()


@pytest.mark.parametrize("spelling", ["sergei  lavrov", "SERGEI LAVROV", "Sérgei Lavrov"])
def test_alias_unique_per_actor_after_folding_in_database(actor, spelling):
    """Two aliases of one actor that differ only in case, spacing or accents are refused (DB)."""
    ActorAlias.objects.create(actor=actor, name="Sergei Lavrov")

    _refused_by_database(
        "alias_unique_per_actor", lambda: ActorAlias.objects.create(actor=actor, name=spelling)
    )


def test_alias_unique_per_actor_after_folding_in_validation(actor):
    """full_clean() refuses an alias that folds to one the actor already has."""
    ActorAlias.objects.create(actor=actor, name="Sergei Lavrov")

    with pytest.raises(ValidationError) as error:
        ActorAlias(actor=actor, name="sergei  lavrov").full_clean()

    assert "already has this alias" in str(error.value)


def test_alias_may_be_shared_by_different_actors(actor):
    """Two actors may go by the same alias ("the Kremlin" and a namesake)."""
    ActorAlias.objects.create(actor=actor, name="The Minister")
    other = factories.ActorFactory()
    alias = ActorAlias(actor=other, name="the minister")

    alias.full_clean()
    alias.save()


@pytest.mark.parametrize(
    "name", ["Sergey Lavrov", "Sergei Lavrov", "sergei  LAVROV", "Sérgey Lavrov"]
)
def test_actor_named_finds_the_actor_by_name_or_alias(actor, name):
    """Looking up a name finds the actor through its own name or any alias, folded."""
    ActorAlias.objects.create(actor=actor, name="Sergei Lavrov")
    ActorAlias.objects.create(actor=actor, name="SERGEY LAVROV")  # folds like the name
    factories.ActorFactory(name="Sergei Shoigu")

    assert list(Actor.objects.named(name)) == [actor]


def test_actor_named_unknown_name_finds_nobody(actor):
    """A name nobody goes by finds nothing rather than a near miss."""
    assert not Actor.objects.named("Sergey Shoigu").exists()


# Deletion is refused while anything points at the row --------------------------


def _assert_protected(obj):
    model = type(obj)
    with pytest.raises(ProtectedError), transaction.atomic():
        obj.delete()
    assert model.objects.filter(pk=obj.pk).exists()


def test_source_with_statements_cannot_be_deleted(statement):
    """Deleting a quoted source is refused and the source and its statement remain."""
    _assert_protected(statement.source)
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_source_with_evidence_cannot_be_deleted():
    """A source used as evidence cannot be deleted."""
    evidence = factories.EvidenceFactory()

    _assert_protected(evidence.source)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_bulk_delete_with_one_protected_source_deletes_nothing(statement):
    """A bulk delete that includes a quoted source deletes none of the selected sources."""
    unused = factories.SourceFactory()
    both = Source.objects.filter(pk__in=[statement.source.pk, unused.pk])

    with pytest.raises(ProtectedError), transaction.atomic():
        both.delete()

    assert Source.objects.filter(pk__in=[statement.source.pk, unused.pk]).count() == 2


def test_actor_with_statements_cannot_be_deleted(statement):
    """Deleting an actor who made statements is refused."""
    _assert_protected(statement.actor)
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_actor_with_members_cannot_be_deleted(actor):
    """An organisation with members cannot vanish under them."""
    ministry = factories.ActorFactory(kind=Actor.Kind.GOVERNMENT)
    actor.affiliation = ministry
    actor.save()

    _assert_protected(ministry)


def test_actor_without_statements_is_deleted_with_its_aliases(actor):
    """An unused actor can be deleted, and its aliases go with it."""
    ActorAlias.objects.create(actor=actor, name="Sergei Lavrov")

    actor.delete()

    assert not ActorAlias.objects.exists()


def test_claim_with_statements_cannot_be_deleted(statement):
    """Deleting a claim that has statements is refused."""
    _assert_protected(statement.claim)
    assert Statement.objects.filter(pk=statement.pk).exists()


def test_claim_with_reviews_cannot_be_deleted():
    """Deleting a claim with a verdict is refused."""
    review = factories.ReviewFactory()

    _assert_protected(review.claim)
    assert Review.objects.filter(pk=review.pk).exists()


def test_claim_with_evidence_cannot_be_deleted():
    """Deleting a claim with evidence is refused."""
    evidence = factories.EvidenceFactory()

    _assert_protected(evidence.claim)
    assert Evidence.objects.filter(pk=evidence.pk).exists()


def test_claim_with_relations_cannot_be_deleted_from_either_end():
    """Neither claim of a relation can be deleted while the relation exists."""
    relation = factories.ClaimRelationFactory()

    _assert_protected(relation.from_claim)
    _assert_protected(relation.to_claim)
    assert ClaimRelation.objects.filter(pk=relation.pk).exists()


def test_claim_without_dependants_can_be_deleted(draft_claim):
    """A claim nothing points at can be deleted."""
    draft_claim.topics.add(factories.TopicFactory())

    draft_claim.delete()

    assert not Claim.objects.filter(pk=draft_claim.pk).exists()


def test_rating_with_reviews_cannot_be_deleted():
    """A rating a verdict uses cannot be deleted, nor can its scale."""
    review = factories.ReviewFactory()

    _assert_protected(review.rating)
    _assert_protected(review.rating.scale)
    assert Rating.objects.filter(scale=review.rating.scale).count() == 7


# Review and rating ------------------------------------------------------------


def test_review_saved_as_published_gets_published_at():
    """Saving a review as published stamps when it went public, once; a draft has none."""
    review = factories.ReviewFactory()
    assert review.published_at is None

    review.status = PublicationStatus.PUBLISHED
    review.save()
    first = review.published_at
    review.headline = "Corrected headline"
    review.save()

    assert first is not None
    assert review.published_at == first


def test_review_published_without_date_refused_in_database():
    """The database refuses a published review without a publication time."""
    review = factories.ReviewFactory()

    _refused_by_database(
        "review_published_has_date",
        lambda: Review.objects.filter(pk=review.pk).update(status=PublicationStatus.PUBLISHED),
    )


def test_rating_used_by_published_review_is_frozen(default_scale):
    """The label of a rating a published verdict uses cannot change."""
    review = factories.ReviewFactory(published=True)
    rating = review.rating
    rating.label = "Totally false"

    with pytest.raises(ValidationError) as error:
        rating.full_clean()

    message = error.value.message_dict[NON_FIELD_ERRORS][0]
    assert "used by published verdicts" in message
    assert "Create a new version of the scale" in message


def test_frozen_rating_value_cannot_change_either(default_scale):
    """A frozen rating's ClaimReview value is frozen with its label."""
    rating = factories.ReviewFactory(published=True).rating
    rating.value = 3

    with pytest.raises(ValidationError):
        rating.full_clean()


def test_frozen_rating_description_may_still_be_clarified(default_scale):
    """Only wording and value are frozen: the editors' guidance may be improved."""
    rating = factories.ReviewFactory(published=True).rating
    rating.description = "Clearer guidance for editors."

    rating.full_clean()


def test_rating_used_only_by_drafts_may_change(default_scale):
    """A rating used only by draft verdicts may still be renamed."""
    rating = factories.ReviewFactory(status=PublicationStatus.IN_REVIEW).rating
    rating.label = "Totally false"

    rating.full_clean()
    rating.save()


def test_default_scale_is_shipped_by_migration(default_scale):
    """A fresh install has the default scale: five truth steps, Misleading and Unproven."""
    ratings = list(default_scale.ratings.values_list("label", "value"))

    assert default_scale.is_default
    assert ratings == [
        ("False", 1),
        ("Mostly false", 2),
        ("Half true", 3),
        ("Mostly true", 4),
        ("True", 5),
        ("Misleading", 2),
        ("Unproven", None),
    ]
    assert RatingScale.objects.filter(is_default=True).count() == 1


def test_only_one_default_scale_in_database(default_scale):
    """Two scales cannot both be the default (DB)."""
    _refused_by_database("scale_one_default", lambda: factories.RatingScaleFactory(is_default=True))


# Topic ------------------------------------------------------------------------


def test_topic_name_unique_case_insensitive_in_database():
    """Topic names are unique whatever their capitals."""
    factories.TopicFactory(name="Donbas")

    _refused_by_database(
        "topic_name_unique_ci", lambda: Topic.objects.create(name="DONBAS", slug="donbas-2")
    )


# __str__ and get_absolute_url -------------------------------------------------


def test_str_and_urls_read_well(actor, default_scale):
    """Every model prints as an editor would name it and links to its public page."""
    source = factories.SourceFactory(title="Briefing", slug="briefing", text=f"Intro. {QUOTE}.")
    claim = factories.ClaimFactory(text="There is a genocide in Donbas", slug="genocide-donbas")
    statement = factories.StatementFactory(claim=claim, actor=actor, source=source, exact=QUOTE)
    review = factories.ReviewFactory(claim=claim, headline="No evidence of genocide")
    other = factories.ClaimFactory(text="Kyiv protects Donbas civilians")
    relation = factories.ClaimRelationFactory(from_claim=claim, to_claim=other)
    topic = factories.TopicFactory(name="Donbas", slug="donbas")
    evidence = factories.EvidenceFactory(claim=claim, source=source)
    external = factories.EvidenceFactory(claim=claim, external=True, title="UN report")

    assert str(claim) == "There is a genocide in Donbas"
    assert claim.get_absolute_url() == "/claims/genocide-donbas/"
    assert str(actor) == "Sergey Lavrov"
    assert actor.get_absolute_url() == "/actors/sergey-lavrov/"
    assert str(source) == "Briefing"
    assert source.get_absolute_url() == "/sources/briefing/"
    assert str(statement) == f"Sergey Lavrov asserts: {QUOTE}"
    assert statement.get_absolute_url() == f"/sources/briefing/#statement-{statement.pk}"
    assert str(review) == "False: No evidence of genocide"
    assert review.get_absolute_url() == "/claims/genocide-donbas/"
    assert (
        str(relation) == "There is a genocide in Donbas contradicts Kyiv protects Donbas civilians"
    )
    assert str(topic) == "Donbas"
    assert topic.get_absolute_url() == "/topics/donbas/"
    assert str(evidence) == "refutes the claim: Briefing"
    assert evidence.link() == "/sources/briefing/"
    assert str(external) == "refutes the claim: UN report"
    assert str(default_scale) == "ClaimTrack rating scale (v1)"
    assert str(review.rating) == "False"
    assert str(ActorAlias(name="Sergei Lavrov")) == "Sergei Lavrov"


def test_statement_str_shortens_long_quotes(actor):
    """A long quote is cut to its first 60 characters in lists."""
    quote = "word " * 30
    statement = factories.StatementFactory(actor=actor, exact=quote.strip())

    assert str(statement) == f"Sergey Lavrov asserts: {quote[:60]}"


# Sources known by their URL only, unanchored statements, external verdicts (migration 0006) --


def url_only_source(**kwargs) -> Source:
    values = {"url": "https://social.example.com/posts/1", "text": "", "url_only": True}
    return factories.SourceFactory(**{**values, **kwargs})


def test_a_url_only_source_has_a_url_and_no_text():
    """Marked as known by its URL only, a source validates and saves without text."""
    source = factories.SourceFactory.build(url="https://x.example/1", text="", url_only=True)
    source.full_clean()
    source.save()
    assert source.text_hash == text_fingerprint("")


@pytest.mark.parametrize(
    ("values", "field"),
    [({"url": "", "text": ""}, "url"), ({"text": "Some text."}, "text")],
    ids=["without-url", "with-text"],
)
def test_a_url_only_source_without_url_or_with_text_is_refused(values, field):
    """Known by its URL only: it needs the URL, and has no text (validation and database)."""
    source = factories.SourceFactory.build(
        url_only=True, **{"url": "https://x.example/2", **values}
    )
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert field in error.value.message_dict
    _refused_by_database(
        "source_url_only_has_url_and_no_text",
        lambda: factories.SourceFactory(url_only=True, **{"url": "https://x.example/2", **values}),
    )


def test_a_blank_text_is_still_refused_unless_url_only():
    """Not marked, a source without text is refused as before, even with a URL."""
    with pytest.raises(ValidationError) as error:
        factories.SourceFactory.build(text="  ").full_clean()
    assert error.value.message_dict["text"] == ["A source needs its text."]


def test_a_statement_in_a_url_only_source_is_unanchored(actor):
    """No quote, no offsets, status unanchored: filled in by clean()."""
    statement = Statement(claim=factories.ClaimFactory(), actor=actor, source=url_only_source())
    statement.full_clean()
    statement.save()
    assert statement.anchor_status == AnchorStatus.UNANCHORED
    assert (statement.start, statement.end, statement.exact) == (None, None, "")
    assert str(statement).startswith("Sergey Lavrov asserts it in ")


def test_a_quote_in_a_url_only_source_is_refused(actor):
    """There is no text to find it in: the editor is told to add the text first."""
    statement = Statement(
        claim=factories.ClaimFactory(), actor=actor, source=url_only_source(), exact="we will win"
    )
    with pytest.raises(ValidationError) as error:
        statement.full_clean()
    assert "known by its URL only" in error.value.message_dict["exact"][0]


def test_only_unanchored_statements_may_lack_offsets_in_the_database(actor, article):
    """Unanchored with a quote, or anchored without offsets: refused by the database."""
    claim = factories.ClaimFactory()
    _refused_by_database(
        "statement_has_offsets",
        lambda: Statement.objects.create(
            claim=claim,
            actor=actor,
            source=url_only_source(),
            exact="a quote",
            anchor_status=AnchorStatus.UNANCHORED,
        ),
    )


def test_one_unanchored_statement_per_claim_actor_and_source(actor):
    """NULL offsets would never collide in the anchored index: a partial one catches it."""
    claim, source = factories.ClaimFactory(), url_only_source()

    def unanchored():
        return Statement.objects.create(
            claim=claim, actor=actor, source=source, anchor_status=AnchorStatus.UNANCHORED
        )

    unanchored()
    _refused_by_database("statement_unique_unanchored_per_claim", unanchored)


def test_an_external_verdict_needs_its_fact_checker_and_url():
    """Both or neither: the database refuses one without the other."""
    checker = factories.ActorFactory(kind=Actor.Kind.OUTLET)
    _refused_by_database(
        "review_external_has_reviewer_and_url",
        lambda: factories.ReviewFactory(reviewer=checker),
    )
    _refused_by_database(
        "review_external_has_reviewer_and_url",
        lambda: factories.ReviewFactory(url="https://factcheck.example.net/1"),
    )


def test_a_verdicts_url_is_unique_when_given():
    """Two verdicts cannot share a fact-checker's page; our own have none and never collide."""
    checker = factories.ActorFactory(kind=Actor.Kind.OUTLET)
    url = "https://factcheck.example.net/1"
    factories.ReviewFactory(reviewer=checker, url=url)
    factories.ReviewFactory()
    factories.ReviewFactory()
    _refused_by_database(
        "review_url_unique_when_given", lambda: factories.ReviewFactory(reviewer=checker, url=url)
    )


def test_our_own_verdicts_still_need_a_conclusion_and_explanation():
    """blank=True is for external verdicts; clean() requires both of ours."""
    review = factories.ReviewFactory.build(
        claim=factories.ClaimFactory(), conclusion="", explanation=" "
    )
    with pytest.raises(ValidationError) as error:
        review.full_clean()
    assert set(error.value.message_dict) == {"conclusion", "explanation"}
    external = factories.ReviewFactory.build(
        claim=factories.ClaimFactory(),
        conclusion="",
        explanation="",
        reviewer=factories.ActorFactory(kind=Actor.Kind.OUTLET),
        url="https://factcheck.example.net/2",
        original_rating="Pants on Fire!",
        language="en",
    )
    external.full_clean()
    assert external.is_external() and not review.is_external()


def test_adding_text_to_a_url_only_source_leaves_its_statements_for_an_editor(actor):
    """The re-anchoring skips statements without a quote and lists them."""
    from claims import services

    source = url_only_source()
    statement = Statement.objects.create(
        claim=factories.ClaimFactory(),
        actor=actor,
        source=source,
        anchor_status=AnchorStatus.UNANCHORED,
    )
    source.url_only = False
    report = services.source_update_text(source=source, text="Now we hold the text.")
    assert report.unanchored == [statement]
    assert not (report.moved or report.lost or report.unchanged)


def test_every_foreign_key_leads_an_index():
    """A key without an index of its own may lead another one instead (the statement's
    actor and source, migration 0021), but it must lead one: deleting or locking the row
    it points to, or reading its rows (an actor's, a source's statements), would
    otherwise read the whole table."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conrelid::regclass::text, a.attname, EXISTS (SELECT 1 FROM pg_index i "
            "WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]) FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "WHERE c.contype = 'f' AND c.conrelid::regclass::text LIKE 'claims\\_%'"
        )
        keys = {(table, column): indexed for table, column, indexed in cursor.fetchall()}
    statement = {column for table, column in keys if table == "claims_statement"}
    assert statement == {"claim_id", "actor_id", "source_id"}  # the test sees the app's keys
    assert [key for key, indexed in keys.items() if not indexed] == []
