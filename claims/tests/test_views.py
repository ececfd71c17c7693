"""Public pages: what each audience sees, escaping, JSON-LD, query counts, caching."""

import json
import re

import pytest
from django.test import Client

from claims.models import ClaimRelation, Evidence, PublicationStatus, Statement
from claims.tests.factories import (
    ActorAliasFactory,
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

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def html(response) -> str:
    return response.content.decode()


def jsonld_of(response) -> dict:
    [raw] = JSONLD.findall(html(response))
    return json.loads(raw)


@pytest.fixture
def staff_client(editor_user):
    client = Client()
    client.force_login(editor_user)
    return client


# --------------------------------------------------------------------------- claim page


def test_published_claim_page_shows_verdict_statements_and_sources(client, published_claim):
    """The claim, its current verdict and each statement linking to the highlighted source."""
    statement = published_claim.statements.get()
    review = published_claim.reviews.get()
    response = client.get(published_claim.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    # The claim page's own template (the test client records Django's templates only).
    assert f'<h1 id="claim-title">{published_claim.text}</h1>' in page
    assert review.rating.label in page and review.conclusion in page
    assert f'href="/sources/{statement.source.slug}/#statement-{statement.pk}"' in page
    assert statement.exact in page
    assert "Preview" not in page


@pytest.mark.parametrize("status", [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
def test_unpublished_claim_is_404_for_the_public(client, status):
    """Drafts and claims in review do not exist for readers."""
    claim = ClaimFactory(status=status)
    assert client.get(claim.get_absolute_url()).status_code == 404


def test_staff_may_preview_a_draft_clearly_marked(staff_client):
    """Staff see the draft with a preview banner, not indexed and not cached."""
    claim = ClaimFactory(status=PublicationStatus.DRAFT)
    ReviewFactory(claim=claim, headline="Draft verdict headline")
    response = staff_client.get(claim.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    assert 'id="preview-banner"' in page and "Preview." in page
    assert "Draft verdict headline" in page
    assert 'content="noindex, nofollow"' in page
    assert "application/ld+json" not in page
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_draft_review_of_a_published_claim_is_hidden(client, staff_client):
    """Only the published verdict shows; staff can preview the draft with ?preview=1."""
    claim = ClaimFactory(published=True)
    ReviewFactory(claim=claim, published=True, headline="Published headline")
    ReviewFactory(claim=claim, headline="Secret draft headline", rating=default_rating("true"))
    page = html(client.get(claim.get_absolute_url()))
    assert "Published headline" in page and "Secret draft headline" not in page
    assert "Secret draft headline" not in html(staff_client.get(claim.get_absolute_url()))
    preview = html(staff_client.get(claim.get_absolute_url() + "?preview=1"))
    assert "Secret draft headline" in preview and "Preview." in preview


def test_preview_parameter_does_nothing_for_the_public(client):
    """?preview=1 from an anonymous reader is ignored."""
    claim = ClaimFactory(published=True)
    ReviewFactory(claim=claim, headline="Secret draft headline")
    assert "Secret draft headline" not in html(client.get(claim.get_absolute_url() + "?preview=1"))


def test_relations_from_both_ends_and_evidence(client):
    """Counter-claims and supporting claims, with their verdicts; evidence for and against."""
    claim = ClaimFactory(published=True)
    counter = ClaimFactory(text="The counter claim", published=True)
    ReviewFactory(claim=counter, published=True, rating=default_rating("mostly-true"))
    supporter = ClaimFactory(text="The supporting claim", published=True)
    hidden = ClaimFactory(text="A draft related claim")
    ClaimRelationFactory(from_claim=counter, to_claim=claim)
    ClaimRelationFactory(from_claim=claim, to_claim=supporter, kind=ClaimRelation.Kind.SUPPORTS)
    ClaimRelationFactory(from_claim=claim, to_claim=hidden)
    EvidenceFactory(claim=claim, stance=Evidence.Stance.REFUTES, note="Refuting note")
    EvidenceFactory(
        claim=claim, stance=Evidence.Stance.SUPPORTS, external=True, note="Supporting note"
    )
    page = html(client.get(claim.get_absolute_url()))
    counters = page[page.index('id="counter-claims"') : page.index('id="supporting-claims"')]
    assert "The counter claim" in counters and "Mostly true" in counters
    assert "This claim supports:" in page and "The supporting claim" in page
    assert "A draft related claim" not in page
    evidence = page[page.index('id="evidence-for"') :]
    assert evidence.index("Supporting note") < evidence.index('id="evidence-against"')
    assert evidence.index("Refuting note") > evidence.index('id="evidence-against"')


def test_claimreview_jsonld(client):
    """The embedded JSON-LD parses and carries the properties fact-check markup requires."""
    actor = ActorFactory(name="Vladimir Putin", same_as="https://www.wikidata.org/wiki/Q7747")
    claim = ClaimFactory(text="There is an ongoing genocide in Donbas", published=True)
    with_url = StatementFactory(claim=claim, actor=actor, said_on="2022-02-15")
    no_url = statement_in(
        SourceFactory(url="", text="Intro. A quote from a source without URL. Outro."),
        "A quote from a source without URL.",
        claim=claim,
    )
    review = ReviewFactory(claim=claim, published=True, rating=default_rating("false"))
    data = jsonld_of(client.get(claim.get_absolute_url()))
    assert data["@context"] == "https://schema.org" and data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["url"] == f"http://testserver/claims/{claim.slug}/"
    assert data["datePublished"] == review.published_at.date().isoformat()
    assert data["author"] == {
        "@type": "Organization",
        "name": "ClaimTrack",
        "url": "http://testserver/",
    }
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    item = data["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"] == {
        "@type": "Person",
        "name": "Vladimir Putin",
        "sameAs": "https://www.wikidata.org/wiki/Q7747",
    }
    urls = {a["url"] for a in item["appearance"]}
    assert with_url.source.url in urls
    assert f"http://testserver/sources/{no_url.source.slug}/" in urls
    assert item["firstAppearance"]["url"] == with_url.source.url
    assert "datePublished" in item


def test_claimreview_of_an_unproven_verdict_has_no_rating_value(client):
    """An off-scale rating is described by its label only."""
    claim = ClaimFactory(published=True)
    StatementFactory(claim=claim)
    ReviewFactory(claim=claim, published=True, rating=default_rating("unproven"))
    rating = jsonld_of(client.get(claim.get_absolute_url()))["reviewRating"]
    assert rating == {"@type": "Rating", "alternateName": "Unproven"}


def test_no_jsonld_without_a_published_verdict(client):
    """A claim not yet reviewed has no ClaimReview markup."""
    claim = ClaimFactory(published=True)
    assert "application/ld+json" not in html(client.get(claim.get_absolute_url()))


def test_jsonld_cannot_close_its_script_element(client):
    """A claim's text with </script> stays inside the JSON (escaped), and parses back."""
    evil = 'He said </script><script>alert("x")</script> & <!-- more'
    claim = ClaimFactory(text=evil, published=True)
    StatementFactory(claim=claim)
    ReviewFactory(claim=claim, published=True)
    response = client.get(claim.get_absolute_url())
    page = html(response)
    assert "<script>alert" not in page
    assert jsonld_of(response)["claimReviewed"] == evil


def test_user_text_is_escaped_on_the_claim_page(client):
    """Editors' and sources' text never becomes markup."""
    claim = ClaimFactory(published=True, context="<b>bold</b> context")
    source = SourceFactory(text='Intro. <script>alert("q")</script> outro.')
    statement_in(source, '<script>alert("q")</script>', claim=claim)
    ReviewFactory(claim=claim, published=True, explanation="<img src=x onerror=alert(1)>")
    page = html(client.get(claim.get_absolute_url()))
    assert "<script>alert" not in page and "<img src=x" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert" in page


def test_claim_page_query_count_does_not_grow_with_statements(
    client, django_assert_max_num_queries
):
    """Statements, relations, evidence and verdicts come in one query, whatever their number."""
    small = ClaimFactory(published=True)
    StatementFactory(claim=small)
    ReviewFactory(claim=small, published=True)
    ClaimRelationFactory(from_claim=small, to_claim=ClaimFactory(published=True))
    EvidenceFactory(claim=small)
    small.topics.add(TopicFactory())
    big = ClaimFactory(published=True)
    for _ in range(25):
        StatementFactory(claim=big)
    for _ in range(6):
        other = ClaimFactory(published=True)
        ReviewFactory(claim=other, published=True)
        ClaimRelationFactory(from_claim=big, to_claim=other)
        EvidenceFactory(claim=big)
    for _ in range(3):
        ReviewFactory(claim=big, published=True)
    big.topics.add(TopicFactory(), TopicFactory())
    counts = []
    for claim in (small, big):
        with django_assert_max_num_queries(1) as queries:  # claims.claim_page_rows
            assert client.get(claim.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


# --------------------------------------------------------------------------- claim list


def test_list_shows_published_claims_with_their_verdicts(client):
    """Drafts stay out; each listed claim carries its current verdict's label."""
    claim = ClaimFactory(text="Listed claim", published=True)
    ReviewFactory(claim=claim, published=True, rating=default_rating("half-true"))
    ClaimFactory(text="Hidden draft")
    response = client.get("/claims/")
    page = html(response)
    assert "Listed claim" in page and "Half true" in page and "Hidden draft" not in page
    assert 'role="search"' in page and 'name="q"' in page and '<label for="q">' in page


def test_list_search_and_filters(client):
    """q and the filters narrow the list; the form keeps what was asked."""
    topic = TopicFactory(slug="donbas", name="Donbas")
    hit = ClaimFactory(text="There is an ongoing genocide in Donbas", published=True)
    hit.topics.add(topic)
    ClaimFactory(text="Genocide elsewhere", published=True)
    page = html(client.get("/claims/", {"q": "genocide", "topic": "donbas"}))
    assert "There is an ongoing genocide in Donbas" in page
    assert "Genocide elsewhere" not in page
    assert 'value="genocide"' in page
    assert '<option value="donbas" selected>' in page
    assert "Topic: Donbas" in page


def test_list_empty_result_says_so_and_suggests_changes(client):
    """No match: a clear message, and suggestions to drop filters or change words."""
    ClaimFactory(text="Something else", published=True)
    page = html(client.get("/claims/", {"q": "zeppelin", "rating": "false"}))
    assert 'id="no-results"' in page
    assert "No published claim matches" in page
    assert "drop every filter" in page and "fewer or more general words" in page


def test_list_pagination_keeps_the_filters(client):
    """Page links carry q and the filters."""
    for n in range(25):
        ClaimFactory(text=f"Sanctions claim {n}", published=True)
    page = html(client.get("/claims/", {"q": "sanctions", "order": "az"}))
    assert 'href="?q=sanctions&amp;order=az&amp;page=2"' in page
    second = html(client.get("/claims/", {"q": "sanctions", "order": "az", "page": 2}))
    assert "Page 2 of 2" in second


def test_list_ignores_an_invalid_date(client):
    """A malformed date is reported and ignored, not a server error."""
    ClaimFactory(text="Still listed", published=True)
    response = client.get("/claims/", {"date_from": "not-a-date"})
    assert response.status_code == 200
    assert "Still listed" in html(response)


def test_list_query_count_is_bounded(client, django_assert_max_num_queries):
    """A full page of claims with verdicts and topics costs a fixed number of queries."""
    topic = TopicFactory()
    for _ in range(20):
        claim = ClaimFactory(published=True)
        claim.topics.add(topic)
        ReviewFactory(claim=claim, published=True)
        StatementFactory(claim=claim)
    with django_assert_max_num_queries(10):
        assert client.get("/claims/", {"q": "claim", "rating": "false"}).status_code == 200


# --------------------------------------------------------------------------- source page


def test_source_page_highlights_quotes_linked_to_their_claims(client):
    """Each public quote is a <mark id="statement-N"> linking to its claim."""
    source = SourceFactory(text="One. First quote here. Two. Second quote here. Three.")
    first = statement_in(source, "First quote here.", claim=ClaimFactory(published=True))
    draft = statement_in(source, "Second quote here.", claim=ClaimFactory())
    response = client.get(source.get_absolute_url())
    page = html(response)
    assert response.status_code == 200
    assert f'<mark class="quote quote--statement" id="statement-{first.pk}"' in page
    assert f'href="{first.claim.get_absolute_url()}"' in page
    assert f'id="statement-{draft.pk}"' not in page
    assert draft.claim.get_absolute_url() not in page


def test_source_page_highlights_quoted_evidence_of_published_claims(client):
    """A passage cited as evidence is highlighted too, as evidence-N; a draft's is not."""
    source = SourceFactory(text="Intro. Monitors found no such thing. Later. Draft passage here.")
    published = ClaimFactory(published=True)
    StatementFactory(claim=published)  # the claim is public through its own statement
    evidence = Evidence(claim=published, stance="refutes", source=source, note="Monitors.")
    evidence.exact = "Monitors found no such thing."
    evidence.full_clean()
    evidence.save()
    hidden = Evidence(claim=ClaimFactory(), stance="supports", source=source, note="Draft.")
    hidden.exact = "Draft passage here."
    hidden.full_clean()
    hidden.save()

    page = html(client.get(source.get_absolute_url()))

    assert f'id="evidence-{evidence.pk}"' in page
    assert f'href="#evidence-{evidence.pk}"' in page
    assert f'id="evidence-{hidden.pk}"' not in page


def test_source_page_escapes_its_text(client):
    """A source text containing <script> is shown as text."""
    source = SourceFactory(text='Before <script>alert("x")</script> the quote we track. After.')
    statement_in(source, "the quote we track.", claim=ClaimFactory(published=True))
    page = html(client.get(source.get_absolute_url()))
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_overlapping_quotes_each_get_one_anchor(client):
    """Quotes sharing words are cut into runs; every id appears exactly once."""
    source = SourceFactory(text="Alpha beta gamma delta epsilon.")
    a = statement_in(source, "Alpha beta gamma", claim=ClaimFactory(published=True))
    b = statement_in(source, "beta gamma delta", claim=ClaimFactory(published=True))
    c = statement_in(source, "beta gamma", claim=ClaimFactory(published=True))
    page = html(client.get(source.get_absolute_url()))
    for statement in (a, b, c):
        assert page.count(f'id="statement-{statement.pk}"') == 1


def test_source_only_quoted_by_drafts_is_404(client):
    """A source appears only through a published claim."""
    statement = StatementFactory(claim=ClaimFactory())
    assert client.get(statement.source.get_absolute_url()).status_code == 404


def test_source_page_query_count_is_bounded(client, django_assert_max_num_queries):
    """Many quotes, same number of queries."""
    source = SourceFactory(text=" ".join(f"Sentence number {n} is here." for n in range(30)))
    for n in range(30):
        statement_in(source, f"Sentence number {n} is here.", claim=ClaimFactory(published=True))
    with django_assert_max_num_queries(5):
        assert client.get(source.get_absolute_url()).status_code == 200


# --------------------------------------------------------------------------- actor page


def test_actor_page_lists_claims_made_or_denied(client):
    """Aliases and every published claim they voiced, with the stance; drafts left out."""
    actor = ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")
    ActorAliasFactory(actor=actor, name="Sergei Lavrov")
    StatementFactory(actor=actor, claim=ClaimFactory(text="Asserted claim", published=True))
    StatementFactory(
        actor=actor,
        claim=ClaimFactory(text="Denied claim", published=True),
        stance=Statement.Stance.DENIES,
    )
    StatementFactory(actor=actor, claim=ClaimFactory(text="Draft claim"))
    page = html(client.get("/actors/sergey-lavrov/"))
    assert "Sergei Lavrov" in page
    assert "Asserted claim" in page and "Denied claim" in page and "Draft claim" not in page
    assert "not a measure of anyone's honesty" in page


def test_actor_scorecard_only_from_the_minimum(client, settings):
    """Below the minimum the scorecard is replaced by a note; from it, a table by rating."""
    settings.CLAIMTRACK_SCORECARD_MINIMUM = 3
    actor = ActorFactory(slug="speaker")
    for _ in range(2):
        claim = ClaimFactory(published=True)
        StatementFactory(actor=actor, claim=claim)
        ReviewFactory(claim=claim, published=True, rating=default_rating("false"))
    page = html(client.get("/actors/speaker/"))
    assert '<table class="scorecard">' not in page
    assert "We show a scorecard from 3 reviewed claims" in page
    claim = ClaimFactory(published=True)
    StatementFactory(actor=actor, claim=claim)
    ReviewFactory(claim=claim, published=True, rating=default_rating("true"))
    page = html(client.get("/actors/speaker/"))
    assert '<table class="scorecard">' in page
    assert re.search(r"False</span></th><td>2</td>", page)


def test_actor_without_public_statements_is_404(client):
    """Speaking only on drafts keeps the actor's page private."""
    statement = StatementFactory(claim=ClaimFactory())
    assert client.get(statement.actor.get_absolute_url()).status_code == 404


def test_actor_page_query_count_is_bounded(client, django_assert_max_num_queries):
    """Whatever the actor's volume: a page of claims, and a scorecard of all of them."""
    actor = ActorFactory(slug="busy")
    for _ in range(25):
        claim = ClaimFactory(published=True)
        StatementFactory(actor=actor, claim=claim)
        ReviewFactory(claim=claim, published=True)
    with django_assert_max_num_queries(7):
        page = html(client.get("/actors/busy/"))
    assert "Verdicts on the 25 reviewed claims" in page
    assert page.count('<li class="claim-item">') == 20 and "Older claims" in page
    second = html(client.get("/actors/busy/?page=2"))
    assert second.count('<li class="claim-item">') == 5
    assert "Newer claims" in second and "Older claims" not in second
    assert client.get("/actors/busy/?page=3").status_code == 404


# --------------------------------------------------------------------------- home, topic


def test_home_page_lists_latest_verdicts_and_contested_claims(client):
    """Latest published verdicts, most contested claims, and a labelled search box."""
    reviewed = ClaimFactory(text="Reviewed claim", published=True)
    ReviewFactory(claim=reviewed, published=True, headline="Fresh verdict")
    ReviewFactory(claim=ClaimFactory(text="Draft claim"), published=True, headline="Hidden")
    contested = ClaimFactory(text="Contested claim", published=True)
    StatementFactory(claim=contested, stance=Statement.Stance.DENIES)
    response = client.get("/")
    page = html(response)
    assert "Fresh verdict" in page and "Hidden" not in page
    assert "Contested claim" in page
    assert 'role="search"' in page and '<label for="q">' in page


def test_topic_page_lists_its_published_claims(client):
    """A topic page lists its published claims; a topic of drafts only is 404."""
    topic = TopicFactory(slug="donbas", name="Donbas")
    ClaimFactory(text="Published on topic", published=True).topics.add(topic)
    ClaimFactory(text="Draft on topic").topics.add(topic)
    page = html(client.get("/topics/donbas/"))
    assert "Published on topic" in page and "Draft on topic" not in page
    empty = TopicFactory(slug="empty")
    ClaimFactory().topics.add(empty)
    assert client.get("/topics/empty/").status_code == 404


# --------------------------------------------------------------------------- layout


def test_layout_has_landmarks_and_skip_link(client, published_claim):
    """Header, nav, main and footer landmarks and a skip link to main."""
    page = html(client.get(published_claim.get_absolute_url()))
    for marker in ('<header class="site-header">', "<nav", '<main id="main"', "<footer"):
        assert marker in page
    assert '<a class="skip-link" href="#main">' in page
    # Nothing is loaded from another site: one local stylesheet, no scripts or fonts.
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', page) == ["/static/claims/site.css"]
    assert not re.search(r'src="(https?:)?//', page)


def test_404_page_is_friendly(client):
    """An unknown address gets the site's own 404 page."""
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in html(response)


# --------------------------------------------------------------------------- caching


def test_public_pages_are_cacheable_and_served_from_cache(
    client, published_claim, django_assert_num_queries
):
    """Anonymous readers get public Cache-Control; a repeat is served without queries."""
    url = published_claim.get_absolute_url()
    first = client.get(url)
    assert first["Cache-Control"] == "public, max-age=300"
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content


def test_shared_links_tracking_parameters_hit_the_same_cached_page(
    client, published_claim, django_assert_num_queries
):
    """A viral link carries a new fbclid or utm_* value per click: the page cache ignores
    them (every visit would otherwise build the page), but not the parameters pages read."""
    url = published_claim.get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        shared = client.get(url, {"fbclid": "IwAR3x", "utm_source": "facebook", "UTM_Medium": "s"})
    assert shared.content == first.content
    listed = html(client.get("/claims/"))
    assert published_claim.text in listed
    with django_assert_num_queries(0):
        client.get("/claims/", {"gclid": "abc"})
    # A parameter the list reads is a page of its own.
    searched = html(client.get("/claims/", {"q": "xylophonic", "utm_campaign": "x"}))
    assert published_claim.text not in searched


def test_editing_invalidates_the_page_cache(client, published_claim):
    """A change an editor saves shows on the next request."""
    url = published_claim.get_absolute_url()
    client.get(url)
    review = published_claim.reviews.get()
    review.headline = "A corrected headline"
    review.save()
    assert "A corrected headline" in html(client.get(url))


def test_unpublishing_takes_the_page_down_at_once(client, published_claim):
    """A claim taken back to review is 404 even though its page was cached."""
    url = published_claim.get_absolute_url()
    assert client.get(url).status_code == 200
    published_claim.status = PublicationStatus.IN_REVIEW
    published_claim.save()
    assert client.get(url).status_code == 404


def test_staff_pages_are_private(staff_client, published_claim):
    """Logged-in users get no-store responses, never the shared cache's copy."""
    response = staff_client.get(published_claim.get_absolute_url())
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_admin_links_to_the_public_page(staff_client, published_claim):
    """The admin's "view on site" link now exists for claims."""
    response = staff_client.get(f"/admin/claims/claim/{published_claim.pk}/change/")
    assert "View on site" in html(response)


def test_500_page_renders_without_a_request_or_database():
    """The server-error page needs no context, so it renders even when the database is down."""
    from django.template.loader import render_to_string

    page = render_to_string("500.html")
    assert "Something went wrong" in page and "/static/claims/site.css" in page


def test_adding_a_topic_invalidates_cached_pages(client, published_claim):
    """Many-to-many changes (topics) bump the content version too."""
    url = published_claim.get_absolute_url()
    client.get(url)
    published_claim.topics.add(TopicFactory(name="Freshly added topic"))
    assert "Freshly added topic" in html(client.get(url))


def test_robots_txt_answers_head(client):
    """HEAD is served like GET (crawlers use it)."""
    assert client.head("/robots.txt").status_code == 200


# --------------------------------------------------------------------------- imported verdicts


def imported_claim() -> tuple:
    """A published claim with another fact-checker's published verdict and an unanchored
    statement in a source known by its URL only, as ``claims.interop`` imports them."""
    from claims.models.anchors import AnchorStatus

    claim = ClaimFactory(published=True)
    source = SourceFactory(url="https://social.example.com/p/1", text="", url_only=True)
    statement = Statement.objects.create(
        claim=claim,
        actor=ActorFactory(name="Jane Speaker"),
        source=source,
        anchor_status=AnchorStatus.UNANCHORED,
    )
    review = ReviewFactory(
        claim=claim,
        published=True,
        reviewer=ActorFactory(name="Example Checks", kind="outlet"),
        url="https://factcheck.example.net/1",
        original_rating="Pants on Fire!",
        conclusion="",
        explanation="",
    )
    return claim, statement, review


def test_an_imported_verdict_is_credited_and_linked_without_our_markup(client):
    """The fact-checker's name, own rating words and page; no empty conclusion; and no
    ClaimReview of ours on the page (their markup belongs on their page)."""
    claim, _, _ = imported_claim()
    page = html(client.get(claim.get_absolute_url()))
    assert "A fact check by <strong>Example Checks</strong>, who rated it “Pants on Fire!”" in page
    assert 'href="https://factcheck.example.net/1"' in page
    assert "Conclusion:" not in page
    assert "application/ld+json" not in page
    assert "No quote: we hold only the address of this document." in page
    assert 'href="https://social.example.com/p/1"' in page


def test_a_url_only_source_page_lists_the_claims_made_in_it(client):
    """No text to show: the page says so, links to the original and lists the claims."""
    claim, statement, _ = imported_claim()
    response = client.get(statement.source.get_absolute_url())
    assert response.status_code == 200
    page = html(response)
    assert "We hold only the address of this document" in page
    assert "Claims made in this document" in page and claim.text in page
    assert "Quotes we track in this source" not in page


def test_filter_options_are_kept_until_a_write_changes_them(client, published_claim):
    """The list's filter options come from the cache, and a newly published claim's topic
    shows among them on the next page built."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get("/claims/")
    # Words no claim holds: a match would read its verdict's rating for the list. (This
    # test searched for "anything", a word of the factories' random sentences, and so
    # failed now and then.)
    with CaptureQueriesContext(connection) as queries:
        client.get("/claims/", {"q": "qzxv"})
    asked = [q["sql"] for q in queries.captured_queries]
    assert not any("claims_rating" in sql for sql in asked), asked  # (the SQL, if it fails)
    published_claim.topics.add(TopicFactory(name="Shipping lanes"))
    assert "Shipping lanes" in html(client.get("/claims/", {"q": "qzxw"}))


def test_the_not_found_page_keeps_the_layouts_links(client):
    """Error pages are rendered without the request's context; their header still links."""
    response = client.get("/claims/no-such-claim/")
    assert response.status_code == 404
    html = response.content.decode()
    assert 'href="/claims/"' in html and 'href="/corrections/"' in html
