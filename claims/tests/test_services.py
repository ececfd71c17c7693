"""Services: the writes that span several rows, checked through the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from claims import services
from claims.domain import anchoring
from claims.models import Claim, Rating, RatingScale, Review, Statement
from claims.models.anchors import AnchorStatus
from claims.tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


# claim_refresh_dates ------------------------------------------------------------


def test_refresh_dates_span_when_statements_were_said(draft_claim):
    """first/last seen span the dates the actors said the claim."""
    for said_on in (D(2022, 2, 24), D(2022, 2, 10), D(2022, 2, 20)):
        factories.StatementFactory(
            claim=draft_claim, said_on=said_on, source__published_on=D(2022, 2, 10)
        )

    services.claim_refresh_dates(claims=[draft_claim])

    draft_claim.refresh_from_db()
    assert (draft_claim.first_seen, draft_claim.last_seen) == (D(2022, 2, 10), D(2022, 2, 24))


def test_refresh_dates_write_each_claim_row_once(draft_claim):
    """Dates and search document in one UPDATE: each UPDATE of a claim leaves a new version
    of its row in both of the claims' GIN indexes, and a statement's write already makes one.
    The document has the new day (the search's windows by day find the claim there)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.search_dates import SeenQuery

    factories.StatementFactory(
        claim=draft_claim, said_on=D(2022, 2, 10), source__published_on=D(2022, 3, 1)
    )

    with CaptureQueriesContext(connection) as queries:
        services.claim_refresh_dates(claims=Claim.objects.filter(pk=draft_claim.pk))

    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "claims_claim"')]
    assert len(updates) == 1
    seen_that_day = Claim.objects.filter(search_vector=SeenQuery(D(2022, 3, 1), D(2022, 3, 2)))
    assert list(seen_that_day) == [draft_claim]


def test_refresh_dates_statement_without_date_counts_from_its_source(draft_claim):
    """A statement with no date of its own counts from its source's publication date."""
    factories.StatementFactory(
        claim=draft_claim, said_on=D(2022, 2, 10), source__published_on=D(2022, 2, 10)
    )
    factories.StatementFactory(claim=draft_claim, said_on=None, source__published_on=D(2022, 5, 9))

    services.claim_refresh_dates(claims=[draft_claim])

    draft_claim.refresh_from_db()
    assert (draft_claim.first_seen, draft_claim.last_seen) == (D(2022, 2, 10), D(2022, 5, 9))


def test_refresh_dates_count_a_later_publication_as_a_sighting(draft_claim):
    """A 2014 speech quoted in a 2022 report: first seen when said, last seen when the
    report published it again (the rule the admin tests also rely on)."""
    factories.StatementFactory(
        claim=draft_claim, said_on=D(2014, 5, 1), source__published_on=D(2022, 6, 1)
    )

    services.claim_refresh_dates(claims=[draft_claim])

    draft_claim.refresh_from_db()
    assert (draft_claim.first_seen, draft_claim.last_seen) == (D(2014, 5, 1), D(2022, 6, 1))


def test_refresh_dates_without_statements_clears_them(draft_claim):
    """A claim whose statements are all gone has no first or last seen date."""
    Claim.objects.filter(pk=draft_claim.pk).update(
        first_seen=D(2022, 1, 1), last_seen=D(2022, 1, 2)
    )
    draft_claim.refresh_from_db()

    services.claim_refresh_dates(claims=[draft_claim])

    assert (draft_claim.first_seen, draft_claim.last_seen) == (None, None)
    draft_claim.refresh_from_db()
    assert (draft_claim.first_seen, draft_claim.last_seen) == (None, None)


def test_refresh_dates_undated_statement_in_undated_source_gives_none(draft_claim):
    """With no date anywhere, the claim's dates stay empty rather than invented."""
    factories.StatementFactory(
        claim=draft_claim, said_on=None, source__published_on=None, source__date_precision="unknown"
    )

    services.claim_refresh_dates(claims=[draft_claim])

    assert (draft_claim.first_seen, draft_claim.last_seen) == (None, None)


def test_refresh_dates_only_touches_the_given_claims(draft_claim):
    """Claims not passed in keep their dates."""
    other = factories.ClaimFactory()
    factories.StatementFactory(claim=other, said_on=D(2022, 2, 10))
    factories.StatementFactory(claim=draft_claim, said_on=D(2022, 3, 10))
    # As if the statements had come past the signals (COPY, a bulk import).
    Claim.objects.update(first_seen=None, last_seen=None)

    services.claim_refresh_dates(claims=[draft_claim])

    other.refresh_from_db()
    assert other.first_seen is None
    draft_claim.refresh_from_db()
    assert draft_claim.first_seen == D(2022, 3, 1)  # its source's date, before it was said


# claim_publish ------------------------------------------------------------------


def test_claim_publish_makes_a_draft_public(draft_claim):
    """Publishing a draft shows it publicly, stamped with when it went public."""
    services.claim_publish(claim=draft_claim)

    assert Claim.objects.published().filter(pk=draft_claim.pk).exists()
    draft_claim.refresh_from_db()
    assert draft_claim.published_at is not None


# source_update_text -------------------------------------------------------------

ORIGINAL = (
    "MOSCOW, 1 March. Speaking to reporters, the minister said the operation was going to plan. "
    "He added that sanctions were not working and would never work. "
    "Officials in Kyiv rejected both statements."
)
PLAN = "the operation was going to plan"
SANCTIONS = "sanctions were not working"


@pytest.fixture
def quoted_source():
    """A source with two statements quoting it and one piece of evidence quoting it."""
    source = factories.SourceFactory(text=ORIGINAL)
    plan = factories.StatementFactory(source=source, exact=PLAN)
    sanctions = factories.StatementFactory(source=source, exact=SANCTIONS)
    evidence = factories.EvidenceFactory(source=source, exact="Officials in Kyiv rejected")
    evidence.full_clean()
    evidence.save()
    return source, plan, sanctions, evidence


def _stored(item):
    item.refresh_from_db()
    return item


def test_update_text_inserted_before_quotes_moves_them(quoted_source):
    """A correction before the quotes shifts their offsets, and each quote still reads
    right in the new text."""
    source, plan, sanctions, evidence = quoted_source
    inserted = " (updated 2 March)"
    new_text = ORIGINAL.replace("1 March.", "1 March" + inserted + ".")

    report = services.source_update_text(source=source, text=new_text)

    source.refresh_from_db()
    assert source.text == new_text
    for item, quote in ((plan, PLAN), (sanctions, SANCTIONS)):
        old_start = item.start
        _stored(item)
        assert item.start == old_start + len(inserted)
        assert item.anchor_status == AnchorStatus.ANCHORED
        anchoring.verify(new_text, start=item.start, end=item.end, exact=quote)
        item.full_clean()
    _stored(evidence)
    assert new_text[evidence.start : evidence.end] == "Officials in Kyiv rejected"
    assert {s.pk for s in report.moved} == {plan.pk, sanctions.pk, evidence.pk}
    assert report.unchanged == [] and report.lost == []


def test_update_text_after_the_quotes_leaves_them_unchanged(quoted_source):
    """A correction after every quote leaves their offsets as they were."""
    source, plan, sanctions, evidence = quoted_source
    new_text = ORIGINAL + " The ministry later confirmed the remarks."

    report = services.source_update_text(source=source, text=new_text)

    assert {i.pk for i in report.unchanged} == {plan.pk, sanctions.pk, evidence.pk}
    assert report.moved == [] and report.lost == []
    assert _stored(plan).start == ORIGINAL.index(PLAN)


def test_update_text_quote_edited_away_is_marked_lost(quoted_source):
    """A quote the corrected text no longer contains is marked lost for an editor; its
    stored quote and offsets are kept, and the other quotes are still re-anchored."""
    source, plan, sanctions, evidence = quoted_source
    old = (sanctions.start, sanctions.end, sanctions.exact)
    new_text = "Correction: " + ORIGINAL.replace("were not working", "were hurting")

    report = services.source_update_text(source=source, text=new_text)

    _stored(sanctions)
    assert sanctions.anchor_status == AnchorStatus.LOST
    assert (sanctions.start, sanctions.end, sanctions.exact) == old
    assert [i.pk for i in report.lost] == [sanctions.pk]
    assert {i.pk for i in report.moved} == {plan.pk, evidence.pk}
    assert _stored(plan).anchor_status == AnchorStatus.ANCHORED


def test_update_text_duplicated_passage_reanchors_to_the_one_whose_context_matches(
    quoted_source,
):
    """When the quote now also appears elsewhere, it stays with the passage whose
    surrounding words it was stored with."""
    source, plan, *_ = quoted_source
    new_text = f"Editor's note: critics say {PLAN} is propaganda. {ORIGINAL}"

    report = services.source_update_text(source=source, text=new_text)

    _stored(plan)
    assert plan.start == new_text.index(PLAN, new_text.index("Speaking"))
    assert plan.anchor_status == AnchorStatus.ANCHORED
    assert plan.pk in {i.pk for i in report.moved}


def test_update_text_duplicated_passage_without_deciding_context_is_lost(quoted_source):
    """When the whole text was pasted twice, a quote is not guessed into either copy."""
    source, plan, sanctions, evidence = quoted_source

    report = services.source_update_text(source=source, text=ORIGINAL + "\n\n" + ORIGINAL)

    assert {i.pk for i in report.lost} == {plan.pk, sanctions.pk, evidence.pk}
    assert _stored(plan).anchor_status == AnchorStatus.LOST


def test_update_text_lost_quote_is_recovered_when_the_text_is_restored(quoted_source):
    """Restoring the passage re-anchors a lost quote and clears its lost mark."""
    source, _, sanctions, _ = quoted_source
    services.source_update_text(source=source, text=ORIGINAL.replace(SANCTIONS, "sanctions hurt"))

    report = services.source_update_text(source=source, text=ORIGINAL)

    assert _stored(sanctions).anchor_status == AnchorStatus.ANCHORED
    assert sanctions.pk in {i.pk for i in report.moved}


def test_update_text_refreshes_context_so_later_corrections_still_decide(quoted_source):
    """A correction just before a quote that keeps its offsets still refreshes its stored
    context, so a later duplicate of the quote elsewhere is still told apart."""
    source, plan, *_ = quoted_source
    first = ORIGINAL.replace("the minister said", "the Minister said")
    report = services.source_update_text(source=source, text=first)
    assert plan.pk in {i.pk for i in report.unchanged}
    second = f"Summary: {PLAN}. {first}"

    report = services.source_update_text(source=source, text=second)

    _stored(plan)
    assert plan.anchor_status == AnchorStatus.ANCHORED
    assert plan.start == second.index(PLAN, second.index("Minister"))
    assert plan.pk in {i.pk for i in report.moved}


def test_update_text_blank_is_refused_and_changes_nothing(quoted_source):
    """A blank text is refused on "text" and nothing is written: the source keeps its text
    and no quote is moved or marked."""
    source, *_, evidence = quoted_source
    before = {
        i.pk: (i.start, i.end, i.prefix, i.suffix, i.anchor_status, i.updated_at)
        for i in Statement.objects.filter(source=source)
    }

    with pytest.raises(ValidationError) as error:
        services.source_update_text(source=source, text="")

    assert "text" in error.value.message_dict
    source.refresh_from_db()
    assert source.text == ORIGINAL
    after = {
        i.pk: (i.start, i.end, i.prefix, i.suffix, i.anchor_status, i.updated_at)
        for i in Statement.objects.filter(source=source)
    }
    assert after == before
    assert _stored(evidence).anchor_status == AnchorStatus.ANCHORED


# rating scales -----------------------------------------------------------------


def test_new_version_copies_every_rating(default_scale):
    """A new version starts as a copy of the scale's ratings, under the next version number."""
    new = services.rating_scale_new_version(scale=default_scale)

    assert (new.slug, new.version, new.is_default) == ("claimtrack", 2, False)
    fields = ("position", "label", "slug", "value", "description")
    assert list(new.ratings.values_list(*fields)) == list(
        default_scale.ratings.values_list(*fields)
    )
    assert default_scale.ratings.count() == 7
    assert RatingScale.objects.get(is_default=True) == default_scale


def test_new_version_numbers_after_the_latest(default_scale):
    """Versioning an old scale again never reuses a number."""
    services.rating_scale_new_version(scale=default_scale)

    third = services.rating_scale_new_version(scale=default_scale)

    assert third.version == 3


def test_new_version_leaves_published_verdicts_on_the_old_ratings(default_scale):
    """Existing reviews keep their ratings, and renaming a rating in the new version does not
    change what a published verdict says."""
    review = factories.ReviewFactory(published=True, rating=factories.default_rating("false"))
    new = services.rating_scale_new_version(scale=default_scale)
    renamed = new.ratings.get(slug="false")
    renamed.label = "Fabricated"

    renamed.full_clean()
    renamed.save()

    review.refresh_from_db()
    assert review.rating.scale == default_scale
    assert review.rating.label == "False"
    assert str(review) == f"False: {review.headline}"
    assert Rating.objects.get(pk=renamed.pk).label == "Fabricated"


def test_make_default_leaves_exactly_one_default(default_scale):
    """Making a new version the default takes the mark off the old one."""
    new = services.rating_scale_new_version(scale=default_scale)

    services.rating_scale_make_default(scale=new)

    assert list(RatingScale.objects.filter(is_default=True)) == [new]
    default_scale.refresh_from_db()
    assert not default_scale.is_default


def test_make_default_on_the_default_keeps_it(default_scale):
    """Making the current default the default again changes nothing."""
    services.rating_scale_make_default(scale=default_scale)

    assert list(RatingScale.objects.filter(is_default=True)) == [default_scale]


def test_reviews_keep_their_scale_after_the_default_changes(default_scale):
    """Switching the default scale does not move existing verdicts."""
    review = factories.ReviewFactory(published=True)
    new = services.rating_scale_new_version(scale=default_scale)

    services.rating_scale_make_default(scale=new)

    assert Review.objects.get(pk=review.pk).rating.scale == default_scale


@pytest.mark.django_db
def test_source_update_text_refuses_blank_text_and_leaves_the_callers_copy_alone():
    """A text of blanks is refused; database and in-memory source both keep the old text."""
    statement = factories.StatementFactory()
    source = statement.source
    original = source.text

    with pytest.raises(ValidationError):
        services.source_update_text(source=source, text="  \n\t ")

    assert source.text == original
    source.refresh_from_db()
    assert source.text == original
    statement.refresh_from_db()
    assert statement.anchor_status == "anchored"
