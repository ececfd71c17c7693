"""Public reads: the publication policy, full-text search, filters, pages' data."""

import datetime

import pytest

from claims import selectors
from claims.models import ClaimRelation, PublicationStatus, Statement
from claims.tests import factories
from claims.tests.factories import (
    ActorFactory,
    ClaimFactory,
    ClaimRelationFactory,
    EvidenceFactory,
    ReviewFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    default_rating,
    statement_in,
)

pytestmark = pytest.mark.django_db


def texts(claims) -> list[str]:
    return [c.text for c in claims]


def search(**filters) -> list[str]:
    return texts(selectors.claim_search(**filters))


# --------------------------------------------------------------------------- policy


def test_only_published_claims_are_listed():
    """Drafts and claims in review never appear in the public list."""
    ClaimFactory(text="Published one", published=True)
    ClaimFactory(text="Draft one", status=PublicationStatus.DRAFT)
    ClaimFactory(text="In review one", status=PublicationStatus.IN_REVIEW)
    assert search() == ["Published one"]


def test_draft_verdict_is_not_a_current_verdict():
    """The newest *published* review is the verdict; a newer draft is not shown."""
    claim = ClaimFactory(published=True)
    ReviewFactory(claim=claim, published=True, rating=default_rating("false"))
    ReviewFactory(claim=claim, rating=default_rating("true"))  # draft
    [listed] = selectors.claim_search()
    assert selectors.current_verdict(listed).rating.slug == "false"


def test_staff_preview_audience_sees_unpublished_claims_and_verdicts():
    """The preview audience widens claims and verdicts; the public one does not."""
    claim = ClaimFactory(status=PublicationStatus.DRAFT)
    ReviewFactory(claim=claim)
    assert not selectors.PUBLIC.claims().filter(pk=claim.pk).exists()
    preview = selectors.Audience(preview=True)
    assert preview.claims().filter(pk=claim.pk).exists()
    assert preview.reviews().filter(claim=claim).count() == 1
    assert selectors.PUBLIC.reviews().filter(claim=claim).count() == 0


def test_source_is_public_only_through_a_published_claim():
    """A source quoted only by a draft claim is not public; one cited by a published claim is."""
    quoted_by_draft = StatementFactory(claim=ClaimFactory()).source
    cited = EvidenceFactory(claim=ClaimFactory(published=True)).source
    quoted = StatementFactory(claim=ClaimFactory(published=True)).source
    SourceFactory()  # unused
    assert set(selectors.public_sources()) == {cited, quoted}
    assert quoted_by_draft not in selectors.public_sources()


def test_actor_is_public_only_with_a_statement_on_a_published_claim():
    """Speaking only on drafts keeps an actor off the public site."""
    hidden = StatementFactory(claim=ClaimFactory()).actor
    shown = StatementFactory(claim=ClaimFactory(published=True)).actor
    assert list(selectors.public_actors()) == [shown]
    assert hidden not in selectors.public_actors()


def test_topic_is_public_only_with_a_published_claim():
    """A topic whose claims are all drafts has no public page."""
    public, private = TopicFactory(), TopicFactory()
    ClaimFactory(published=True).topics.add(public)
    ClaimFactory().topics.add(private)
    assert list(selectors.public_topics()) == [public]


# --------------------------------------------------------------------------- search


@pytest.fixture
def corpus(db):
    """Claims whose words sit in different parts of the search document."""
    in_wording = ClaimFactory(text="There is an ongoing genocide in Donbas", published=True)
    in_quote = ClaimFactory(text="Kyiv is escalating hostilities", published=True)
    StatementFactory(claim=in_quote, exact="They are committing genocide there, he said.")
    in_verdict = ClaimFactory(text="Separatists shelled a kindergarten", published=True)
    ReviewFactory(
        claim=in_verdict,
        published=True,
        headline="Shelling confirmed by monitors",
        conclusion="The monitoring mission recorded the strike on the kindergarten.",
    )
    sanctions = ClaimFactory(text="Sanctions will stop the invasion", published=True)
    draft = ClaimFactory(text="Genocide draft claim")
    return {
        "wording": in_wording,
        "quote": in_quote,
        "verdict": in_verdict,
        "sanctions": sanctions,
        "draft": draft,
    }


def test_search_covers_wording_quotes_and_verdicts(corpus):
    """A word found in a quote or a published verdict finds the claim too."""
    assert "Kyiv is escalating hostilities" in search(q="committing")
    assert search(q="monitors") == ["Separatists shelled a kindergarten"]


def test_search_ranks_wording_above_quotes(corpus):
    """A hit in the canonical wording outranks one in a quote; drafts never match."""
    assert search(q="genocide") == [
        "There is an ongoing genocide in Donbas",
        "Kyiv is escalating hostilities",
    ]


def test_search_phrase_in_quotes(corpus):
    """ "ongoing genocide" matches the phrase, not the words apart."""
    assert search(q='"ongoing genocide"') == ["There is an ongoing genocide in Donbas"]
    assert search(q='"genocide ongoing"') == []


def test_search_minus_word_excludes(corpus):
    """-donbas leaves out claims that mention Donbas."""
    assert search(q="genocide -donbas") == ["Kyiv is escalating hostilities"]


def test_search_or(corpus):
    """`or` matches either word."""
    assert set(search(q="kindergarten or sanctions")) == {
        "Separatists shelled a kindergarten",
        "Sanctions will stop the invasion",
    }


def test_search_stems_words(corpus):
    """English stemming: "sanction" finds "Sanctions"."""
    assert search(q="sanction") == ["Sanctions will stop the invasion"]


def test_draft_verdict_words_are_not_searchable():
    """An unpublished verdict's text must not make a claim findable."""
    claim = ClaimFactory(text="Troops are withdrawing", published=True)
    ReviewFactory(claim=claim, headline="Satellite imagery contradicts", conclusion="Nope.")
    assert search(q="satellite") == []
    review = claim.reviews.get()
    review.status = PublicationStatus.PUBLISHED
    review.save()
    assert search(q="satellite") == ["Troops are withdrawing"]


def test_search_document_follows_statement_changes():
    """Adding and deleting a quote updates what the claim is found by."""
    claim = ClaimFactory(text="Something was said", published=True)
    statement = StatementFactory(claim=claim, exact="Zeppelins are landing everywhere, he said.")
    assert search(q="zeppelins") == ["Something was said"]
    statement.delete()
    assert search(q="zeppelins") == []


def test_blank_query_is_no_search_and_stray_syntax_is_no_error():
    """Blank means every claim; a lone quote or dash is not a database error."""
    ClaimFactory(text="Anything", published=True)
    assert search(q="   ") == ["Anything"]
    for odd in ['"', "-", "or", '"unclosed phrase', "a & b | !c"]:
        search(q=odd)


# --------------------------------------------------------------------------- filters


def test_filter_by_current_rating_and_unrated():
    """rating= matches the current verdict only; "unrated" finds claims without one."""
    old_false = ClaimFactory(text="Was false, now true", published=True)
    ReviewFactory(claim=old_false, published=True, rating=default_rating("false"))
    newer = ReviewFactory(claim=old_false, published=True, rating=default_rating("true"))
    newer.published_at = newer.published_at + datetime.timedelta(days=1)
    newer.save()
    false = ClaimFactory(text="False claim", published=True)
    ReviewFactory(claim=false, published=True, rating=default_rating("false"))
    ClaimFactory(text="Unreviewed", published=True)
    assert search(rating="false") == ["False claim"]
    assert search(rating="true") == ["Was false, now true"]
    assert search(rating="unrated") == ["Unreviewed"]


def test_filter_by_actor_topic_and_source():
    """Slug filters keep claims said by the actor, on the topic, quoted in the source."""
    actor = ActorFactory(slug="lavrov")
    by_actor = StatementFactory(claim=ClaimFactory(text="By Lavrov", published=True), actor=actor)
    StatementFactory(claim=ClaimFactory(text="By someone else", published=True))
    topic = TopicFactory(slug="donbas")
    ClaimFactory(text="On Donbas", published=True).topics.add(topic)
    assert search(actor="lavrov") == ["By Lavrov"]
    assert search(topic="donbas") == ["On Donbas"]
    assert search(source=by_actor.source.slug) == ["By Lavrov"]


def test_filter_by_dates_keeps_claims_seen_in_the_range():
    """date_from/date_to keep claims whose first-to-last-seen span meets the range."""
    ClaimFactory(text="January", published=True, first_seen="2022-01-05", last_seen="2022-01-10")
    ClaimFactory(text="March", published=True, first_seen="2022-03-01", last_seen="2022-03-02")
    assert search(date_from=datetime.date(2022, 2, 1)) == ["March"]
    assert search(date_to=datetime.date(2022, 1, 6)) == ["January"]
    assert search(date_from=datetime.date(2022, 1, 8), date_to=datetime.date(2022, 3, 1)) == [
        "March",
        "January",
    ]


def test_orders():
    """Sorting by first seen, A to Z and most recent."""
    ClaimFactory(text="B later", published=True, first_seen="2022-02-01", last_seen="2022-02-05")
    ClaimFactory(text="A earlier", published=True, first_seen="2022-01-01", last_seen="2022-01-02")
    assert search(order="oldest") == ["A earlier", "B later"]
    assert search(order="recent") == ["B later", "A earlier"]
    assert search(order="az") == ["A earlier", "B later"]
    assert search(order="nonsense") == ["B later", "A earlier"]


# --------------------------------------------------------------------------- pages


def test_claim_page_shows_both_ends_of_relations_with_published_claims_only():
    """Relations read from either end; a relation to a draft claim stays hidden."""
    claim = ClaimFactory(published=True)
    counter = ClaimFactory(published=True)
    supporter = ClaimFactory(published=True)
    ClaimRelationFactory(from_claim=claim, to_claim=counter)
    ClaimRelationFactory(from_claim=supporter, to_claim=claim, kind=ClaimRelation.Kind.SUPPORTS)
    ClaimRelationFactory(from_claim=claim, to_claim=ClaimFactory())  # draft end
    ReviewFactory(claim=counter, published=True, rating=default_rating("true"))
    page = selectors.claim_page(claim=claim)
    assert [(r.claim, r.label) for r in page.counter_claims] == [(counter, "contradicts")]
    assert [(r.claim, r.label) for r in page.supporting_claims] == [(supporter, "is supported by")]
    assert page.counter_claims[0].verdict.rating.slug == "true"


def test_statement_context_comes_from_the_source_around_the_quote():
    """Each statement carries the source's words just before and after its quote."""
    source = SourceFactory(text="Before the quote. THE QUOTE ITSELF. After the quote.")
    statement_in(source, "THE QUOTE ITSELF.", claim=ClaimFactory(published=True))
    [statement] = selectors.claim_page(claim=source.statements.get().claim).statements
    assert statement.before == "Before the quote. "
    assert statement.after == " After the quote."


def test_actor_scorecard_counts_asserted_claims_by_current_verdict(settings):
    """Claims the actor denied do not count; the minimum decides whether it shows."""
    settings.CLAIMTRACK_SCORECARD_MINIMUM = 2
    actor = ActorFactory(slug="speaker")
    for rating in ("false", "false", "true"):
        claim = ClaimFactory(published=True)
        StatementFactory(claim=claim, actor=actor)
        ReviewFactory(claim=claim, published=True, rating=default_rating(rating))
    denied = ClaimFactory(published=True)
    StatementFactory(claim=denied, actor=actor, stance=Statement.Stance.DENIES)
    ReviewFactory(claim=denied, published=True, rating=default_rating("false"))
    page = selectors.actor_page(slug="speaker")
    assert [(row.rating.slug, row.count) for row in page.scorecard] == [("false", 2), ("true", 1)]
    assert page.reviewed_count == 3
    assert page.show_scorecard
    settings.CLAIMTRACK_SCORECARD_MINIMUM = 4
    assert not selectors.actor_page(slug="speaker").show_scorecard


def test_most_contested_counts_counter_claims_and_denials():
    """Published counter-claims (either end) and denials make a claim contested."""
    calm = ClaimFactory(published=True)
    contested = ClaimFactory(published=True)
    ClaimRelationFactory(from_claim=contested, to_claim=ClaimFactory(published=True))
    ClaimRelationFactory(from_claim=ClaimFactory(published=True), to_claim=contested)
    StatementFactory(claim=contested, stance=Statement.Stance.DENIES)
    somewhat = ClaimFactory(published=True)
    StatementFactory(claim=somewhat, stance=Statement.Stance.DENIES)
    ClaimRelationFactory(from_claim=somewhat, to_claim=ClaimFactory())  # draft: not counted
    result = selectors.most_contested()
    # The counter-claims are contested in turn (one each), like `somewhat`.
    assert result[0] == contested and somewhat in result
    assert (result[0].counter_claims, result[0].denials) == (2, 1)
    assert calm not in result


def test_most_contested_breaks_ties_by_the_most_recently_seen_and_keeps_its_limit():
    days = [datetime.date(2022, 2, d) for d in (10, 20, 15)] + [None]
    claims = [ClaimFactory(published=True) for _ in days]
    for claim, day in zip(claims, days, strict=True):  # each seen on its day (from its source)
        StatementFactory(
            claim=claim,
            stance=Statement.Stance.DENIES,
            source__published_on=day,
            source__date_precision="exact" if day else "unknown",
        )
    twice = ClaimFactory(published=True)
    StatementFactory.create_batch(2, claim=twice, stance=Statement.Stance.DENIES)

    result = selectors.most_contested()
    assert [c.pk for c in result] == [twice.pk] + [claims[i].pk for i in (1, 2, 0, 3)]
    assert [(c.counter_claims, c.denials) for c in result[:2]] == [(0, 2), (0, 1)]
    assert [c.pk for c in selectors.most_contested(limit=2)] == [twice.pk, claims[1].pk]


def test_most_contested_counts_denials_from_their_own_index():
    """Not by reading every statement of each recent claim to test its stance (migration
    0018): over a million claims that was most of the home page's query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory(published=True)
    StatementFactory(claim=claim, stance=Statement.Stance.DENIES)
    with CaptureQueriesContext(connection) as queries:
        selectors.most_contested()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # however few statements there are
        cursor.execute(f"EXPLAIN {queries.captured_queries[0]['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "statement_denial_claim" in plan


def test_claimreview_for_a_published_claim():
    """The selector gathers the page's data into the domain renderer's dataclass."""
    actor = ActorFactory(name="Vladimir Putin", same_as="https://www.wikidata.org/wiki/Q7747")
    claim = ClaimFactory(published=True)
    StatementFactory(claim=claim, actor=actor)
    ReviewFactory(claim=claim, published=True, rating=default_rating("false"))
    result = selectors.claimreview_for(claim=claim, base_url="https://claims.example.org/")
    assert result["url"] == f"https://claims.example.org/claims/{claim.slug}/"
    assert result["itemReviewed"]["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q7747"
    assert result["reviewRating"]["ratingValue"] == 1
    assert (result["reviewRating"]["bestRating"], result["reviewRating"]["worstRating"]) == (5, 1)


def test_claimreview_is_none_without_a_published_verdict():
    """No published verdict, no ClaimReview."""
    claim = ClaimFactory(published=True)
    ReviewFactory(claim=claim)
    assert selectors.claimreview_for(claim=claim, base_url="https://x.example") is None


def test_factories_default_scale_is_the_public_rating_list():
    """The rating filter offers the default scale's ratings in display order."""
    slugs = [slug for slug, _ in selectors.filter_choices()["ratings"]]
    assert slugs[0] == "false" and "unproven" in slugs
    assert factories.DEFAULT_SCALE_SLUG == "claimtrack"


def test_search_works_on_data_loaded_as_a_fixture():
    """loaddata's raw saves still fill the search document (signals refresh it)."""
    from django.core.management import call_command

    call_command("load_seed_data", verbosity=0)
    assert "There is an ongoing genocide in Donbas" in search(q='"ongoing genocide"')
