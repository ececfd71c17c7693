"""/api/v1/claims/: visibility, nesting, search and filters, ordering, writes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims import selectors
from claims.api import selectors as api_selectors
from claims.api.serializers import ClaimDetailSerializer
from claims.models import Claim, ClaimRelation, PublicationStatus, Review, Statement
from claims.tests.api.conftest import API, assert_error
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
)
from claims.tests.test_claim_page_rows import rich_claim

pytestmark = pytest.mark.django_db

CLAIMS = f"{API}/claims/"


def detail(claim) -> str:
    return f"{CLAIMS}{claim.slug}/"


# --------------------------------------------------------------------------- reading


def test_public_list_shows_published_claims_only(anon, published_claim, draft_claim):
    """Drafts and claims in review are not listed for anonymous readers."""
    ClaimFactory(status=PublicationStatus.IN_REVIEW)
    response = anon.get(CLAIMS)
    assert response.status_code == 200
    assert [c["slug"] for c in response.json()["results"]] == [published_claim.slug]


def test_editor_lists_every_claim_and_filters_by_status(editor, published_claim, draft_claim):
    """Editors see drafts too, and may filter on the workflow state."""
    slugs = {c["slug"] for c in editor.get(CLAIMS).json()["results"]}
    assert slugs == {published_claim.slug, draft_claim.slug}
    drafts = editor.get(CLAIMS, {"status": "draft"}).json()["results"]
    assert [c["slug"] for c in drafts] == [draft_claim.slug]


def test_a_logged_in_reader_without_permissions_sees_what_the_public_sees(
    reader, published_claim, draft_claim
):
    """Being logged in is not enough to see drafts: the model's view permission is."""
    assert [c["slug"] for c in reader.get(CLAIMS).json()["results"]] == [published_claim.slug]
    assert reader.get(detail(draft_claim)).status_code == 404


def test_draft_is_404_for_the_public_and_visible_to_editors(anon, editor, draft_claim):
    """An unpublished claim does not exist for anonymous clients."""
    assert_error(anon.get(detail(draft_claim)), 404, code="not_found")
    response = editor.get(detail(draft_claim))
    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_editor_reads_drafts_with_a_session_too(editor_session, draft_claim):
    """Session authentication (a logged-in browser) is accepted like a token."""
    assert editor_session.get(detail(draft_claim)).status_code == 200


def test_list_row_has_current_verdict_and_topics(anon):
    """A list row carries the newest published verdict and the topic slugs."""
    topic = TopicFactory(slug="donbas")
    claim = ClaimFactory(published=True)
    claim.topics.add(topic)
    StatementFactory(claim=claim)
    old = ReviewFactory(claim=claim, published=True, rating=default_rating("true"))
    Review.objects.filter(pk=old.pk).update(
        published_at=timezone.now() - datetime.timedelta(days=2)
    )
    new = ReviewFactory(claim=claim, published=True, rating=default_rating("false"))
    ReviewFactory(claim=claim, rating=default_rating("half-true"))  # a draft: not current
    [row] = anon.get(CLAIMS).json()["results"]
    assert row["topics"] == ["donbas"]
    assert row["current_verdict"]["id"] == new.pk
    assert row["current_verdict"]["rating"]["slug"] == "false"


def test_detail_nests_statements_relations_evidence_and_public_verdicts(anon, published_claim):
    """One request gives the claim with everything hanging from it (the public's share)."""
    statement = published_claim.statements.get()
    other = ClaimFactory(published=True)
    hidden = ClaimFactory(status="draft")
    incoming = ClaimRelationFactory(from_claim=other, to_claim=published_claim, kind="supports")
    ClaimRelationFactory(from_claim=published_claim, to_claim=hidden)
    evidence = EvidenceFactory(claim=published_claim)
    ReviewFactory(claim=published_claim, headline="Draft verdict")
    body = anon.get(detail(published_claim)).json()
    assert [s["id"] for s in body["statements"]] == [statement.pk]
    assert body["statements"][0]["exact"] == statement.exact
    assert body["relations"] == [
        {
            "id": incoming.pk,
            "kind": "supports",
            "direction": "to",
            "label": "is supported by",
            "claim": other.slug,
            "claim_text": other.text,
            "note": "",
        }
    ]
    assert [e["id"] for e in body["evidence"]] == [evidence.pk]
    assert [r["headline"] for r in body["reviews"]] == [
        published_claim.reviews.get(status="published").headline
    ]


def test_editor_detail_includes_draft_verdicts_and_relations_to_drafts(editor, published_claim):
    """Editors see the unpublished parts as well."""
    hidden = ClaimFactory(status="draft")
    ClaimRelationFactory(from_claim=published_claim, to_claim=hidden)
    ReviewFactory(claim=published_claim, headline="Draft verdict")
    body = editor.get(detail(published_claim)).json()
    assert [r["claim"] for r in body["relations"]] == [hidden.slug]
    assert "Draft verdict" in [r["headline"] for r in body["reviews"]]


# --------------------------------------------------------------------------- search and filters


def test_search_is_the_public_pages_search(anon):
    """?q= returns what the public claim list returns for the same words, best match first."""
    wanted = ClaimFactory(published=True, text="There is an ongoing genocide in Donbas")
    ClaimFactory(published=True, text="Sanctions will not stop anything")
    StatementFactory(claim=ClaimFactory(published=True), exact="They spoke of genocide again.")
    ClaimFactory(status="draft", text="A draft about genocide")
    results = anon.get(CLAIMS, {"q": "genocide"}).json()["results"]
    expected = [c.slug for c in selectors.claim_search(q="genocide")]
    assert [c["slug"] for c in results] == expected
    assert results[0]["slug"] == wanted.slug
    assert len(expected) == 2


def test_editor_search_finds_drafts(editor):
    """The same search over every claim for editors."""
    draft = ClaimFactory(status="draft", text="A draft about genocide")
    assert [c["slug"] for c in editor.get(CLAIMS, {"q": "genocide"}).json()["results"]] == [
        draft.slug
    ]


def test_filters_by_rating_actor_topic_source_and_dates(anon):
    """The public list's filters: current rating, actor, topic, source and seen dates."""
    actor = ActorFactory(slug="lavrov")
    source = SourceFactory(
        slug="ap-article", published_on=datetime.date(2022, 2, 1), text="Said: Target quote here."
    )
    topic = TopicFactory(slug="donbas")
    target = ClaimFactory(published=True)
    target.topics.add(topic)
    StatementFactory(claim=target, actor=actor, source=source, exact="Target quote here.")
    ReviewFactory(claim=target, published=True, rating=default_rating("false"))
    other = ClaimFactory(published=True)
    StatementFactory(claim=other, source__published_on=datetime.date(2022, 3, 1))
    ReviewFactory(claim=other, published=True, rating=default_rating("true"))

    def slugs(**params):
        response = anon.get(CLAIMS, params)
        assert response.status_code == 200, response.content
        return [c["slug"] for c in response.json()["results"]]

    assert slugs(rating="false") == [target.slug]
    assert slugs(rating="unrated") == []
    assert slugs(actor="lavrov") == [target.slug]
    assert slugs(topic="donbas") == [target.slug]
    assert slugs(source="ap-article") == [target.slug]
    assert slugs(date_from="2022-01-15", date_to="2022-02-15") == [target.slug]
    assert slugs(date_from="2022-02-02") == [other.slug]
    assert slugs(date_to="2022-01-31") == []


def test_updated_since_keeps_recent_changes(anon, published_claim):
    """?updated_since= (ISO 8601) lists only claims changed since then."""
    old = ClaimFactory(published=True)
    Claim.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=3))
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    results = anon.get(CLAIMS, {"updated_since": since}).json()["results"]
    assert [c["slug"] for c in results] == [published_claim.slug]


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("updated_since", "yesterday"),
        ("updated_since", "0001-01-01T00:00:00+23:00"),
        ("date_from", "2022-13-01"),
        ("status", "final"),  # was "archived", a status since issue 5
    ],
)
def test_an_invalid_filter_value_is_a_400_naming_the_parameter(anon, param, value):
    """A malformed filter is refused, never silently ignored (nor a database error)."""
    assert_error(anon.get(CLAIMS, {param: value}), 400, param, code="invalid")


def test_pages_are_stable_and_cover_every_claim_once(anon):
    """With equal sort keys the id breaks ties: pages neither overlap nor skip rows."""
    claims = [ClaimFactory(published=True) for _ in range(7)]  # all last_seen NULL
    seen = []
    url = f"{CLAIMS}?page_size=3&ordering=last_seen"
    while url:
        body = anon.get(url).json()
        seen += [c["id"] for c in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(c.pk for c in claims)
    assert len(seen) == len(set(seen)) == 7


def test_ordering_by_wording(anon):
    """?ordering=text sorts A to Z; -text Z to A."""
    for text in ("Beta claim", "Alpha claim", "Gamma claim"):
        ClaimFactory(published=True, text=text)
    texts = [c["text"] for c in anon.get(CLAIMS, {"ordering": "text"}).json()["results"]]
    assert texts == ["Alpha claim", "Beta claim", "Gamma claim"]
    texts = [c["text"] for c in anon.get(CLAIMS, {"ordering": "-text"}).json()["results"]]
    assert texts == ["Gamma claim", "Beta claim", "Alpha claim"]


def _claims_with_parts(n: int) -> None:
    for _ in range(n):
        claim = ClaimFactory(published=True)
        claim.topics.add(TopicFactory())
        StatementFactory(claim=claim)
        EvidenceFactory(claim=claim)
        ReviewFactory(claim=claim, published=True)
        ClaimRelationFactory(from_claim=claim, to_claim=ClaimFactory(published=True))


@pytest.mark.parametrize("rows", [2, 12])
def test_list_query_count_does_not_grow_with_rows(
    anon, editor, rows, django_assert_max_num_queries
):
    """A page of claims costs the same few queries however many claims there are."""
    _claims_with_parts(rows)
    with django_assert_max_num_queries(5):
        assert anon.get(CLAIMS).status_code == 200
    with django_assert_max_num_queries(9):  # + token, user, permissions
        assert editor.get(CLAIMS).status_code == 200


def test_detail_query_count_does_not_grow_with_parts(anon):
    """A claim's detail costs the same queries with one or ten statements and relations."""
    claim = ClaimFactory(published=True)
    StatementFactory(claim=claim)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert anon.get(detail(claim)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(10):
        StatementFactory(claim=claim)
        EvidenceFactory(claim=claim)
        ClaimRelationFactory(from_claim=claim, to_claim=ClaimFactory(published=True))
    assert count() == few == 1  # claims.claim_page_rows


@pytest.mark.parametrize("everything", [False, True])
def test_the_one_query_detail_is_the_prefetched_detail(everything):
    """The detail read in one query prints exactly what the ORM's prefetches print,
    for the public and for those who see unpublished parts."""
    claim = rich_claim()
    prefetched = api_selectors.claim_detail(everything=everything).get(pk=claim.pk)
    one = api_selectors.claim_detail_one(slug=claim.slug, everything=everything)
    expected = ClaimDetailSerializer(prefetched).data
    assert ClaimDetailSerializer(one).data == expected
    assert len(expected["reviews"]) == (4 if everything else 3)
    assert len(expected["relations"]) == (3 if everything else 2)


# --------------------------------------------------------------------------- writing


def test_anonymous_cannot_create(anon):
    """Writing needs credentials: 401 with a WWW-Authenticate challenge."""
    response = anon.post(CLAIMS, {"slug": "x", "text": "X"}, format="json")
    assert_error(response, 401, code="not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_reader_without_permission_cannot_create(reader):
    """A logged-in user without claims.add_claim gets a 403."""
    response = reader.post(CLAIMS, {"slug": "x", "text": "X"}, format="json")
    assert_error(response, 403, code="permission_denied")
    assert not Claim.objects.exists()


def test_editor_creates_a_claim(editor):
    """201 with the claim, its Location and ETag."""
    TopicFactory(slug="donbas")
    response = editor.post(
        CLAIMS,
        {"slug": "new-claim", "text": "A new claim", "topics": ["donbas"], "status": "draft"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response["Location"].endswith(f"{CLAIMS}new-claim/")
    assert response["ETag"].startswith('"')
    body = response.json()
    assert body["topics"] == ["donbas"] and body["statements"] == []
    assert Claim.objects.get(slug="new-claim").topics.get().slug == "donbas"


def test_editor_creates_a_claim_with_a_session(editor_session):
    """Session-authenticated writes work (CSRF is checked for real browsers)."""
    response = editor_session.post(CLAIMS, {"slug": "s", "text": "Session claim"}, format="json")
    assert response.status_code == 201, response.content


def test_session_write_without_csrf_token_is_refused(editor_user):
    """A browser session must send its CSRF token: 403 otherwise."""
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(editor_user)
    response = client.post(CLAIMS, {"slug": "s", "text": "Session claim"}, format="json")
    assert_error(response, 403, code="permission_denied")


def test_create_with_nested_parts_in_one_request(editor):
    """Statements (anchored from the quote alone), evidence, relations and verdicts at once."""
    actor = ActorFactory(slug="lavrov")
    source = SourceFactory(
        slug="transcript",
        text="Opening remarks. Kyiv is committing genocide in Donbas, he said. Questions followed.",
        published_on=datetime.date(2022, 2, 15),
    )
    target = ClaimFactory(slug="other", published=True)
    rating = default_rating("false")
    response = editor.post(
        CLAIMS,
        {
            "slug": "genocide",
            "text": "There is an ongoing genocide in Donbas",
            "statements": [
                {"actor": "lavrov", "source": "transcript", "exact": "committing genocide"}
            ],
            "evidence": [
                {
                    "stance": "refutes",
                    "url": "https://factcheck.example/x",
                    "title": "T",
                    "note": "N",
                }
            ],
            "relations": [{"kind": "contradicts", "to_claim": "other"}],
            "reviews": [
                {
                    "rating": rating.pk,
                    "headline": "No evidence",
                    "conclusion": "None found.",
                    "explanation": "Long reasoning.",
                    "author_name": "Desk",
                }
            ],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(slug="genocide")
    statement = claim.statements.get()
    assert (statement.actor, statement.source) == (actor, source)
    assert source.text[statement.start : statement.end] == "committing genocide"
    assert claim.last_seen == datetime.date(2022, 2, 15)  # derived dates refreshed
    assert ClaimRelation.objects.get(from_claim=claim).to_claim == target
    review = claim.reviews.get()
    assert review.author.username == "editor"
    body = response.json()
    assert body["statements"][0]["start"] == statement.start
    assert body["relations"][0]["claim"] == "other"


def test_nested_create_is_all_or_nothing(editor):
    """A bad quote in the second statement: 400 naming it, and nothing is written."""
    ActorFactory(slug="lavrov")
    SourceFactory(slug="transcript", text="Kyiv is committing genocide, he said.")
    response = editor.post(
        CLAIMS,
        {
            "slug": "genocide",
            "text": "There is an ongoing genocide in Donbas",
            "statements": [
                {"actor": "lavrov", "source": "transcript", "exact": "committing genocide"},
                {"actor": "lavrov", "source": "transcript", "exact": "words never said"},
            ],
        },
        format="json",
    )
    body = assert_error(response, 400, "statements.1.exact", code="invalid")
    assert "does not occur" in body["errors"]["statements.1.exact"][0]
    assert not Claim.objects.exists() and not Statement.objects.exists()


def test_nested_duplicate_statement_is_a_409_and_writes_nothing(editor):
    """Two identical nested statements collide in the database: 409, all rolled back."""
    ActorFactory(slug="lavrov")
    SourceFactory(slug="transcript", text="Kyiv is committing genocide, he said.")
    statement = {"actor": "lavrov", "source": "transcript", "exact": "committing genocide"}
    response = editor.post(
        CLAIMS,
        {"slug": "g", "text": "Genocide", "statements": [statement, statement]},
        format="json",
    )
    assert_error(response, 409, code="conflict")
    assert not Claim.objects.exists()


def test_duplicate_slug_and_wording_are_conflicts(editor, published_claim):
    """A taken slug, or the same wording in other case, is a 409 naming the field."""
    response = editor.post(CLAIMS, {"slug": published_claim.slug, "text": "Fresh"}, format="json")
    assert_error(response, 409, "slug", code="conflict")
    response = editor.post(
        CLAIMS, {"slug": "fresh", "text": published_claim.text.upper()}, format="json"
    )
    assert_error(response, 409, "text", code="conflict")


def test_unknown_status_topic_and_field_are_400s_naming_them(editor):
    """Enumerations must be known values, references must exist, fields must exist."""
    response = editor.post(
        CLAIMS,
        {"slug": "x", "text": "X", "status": "archived", "topics": ["nope"], "colour": "red"},
        format="json",
    )
    assert_error(response, 400, "colour", code="invalid")
    response = editor.post(
        CLAIMS, {"slug": "x", "text": "X", "status": "archived", "topics": ["nope"]}, format="json"
    )
    assert_error(response, 400, "status", "topics", code="invalid")


def test_patch_publishes_and_stamps_the_date(editor, draft_claim):
    """Publishing through the API sets published_at, as the admin does."""
    response = editor.patch(detail(draft_claim), {"status": "published"}, format="json")
    assert response.status_code == 200, response.content
    draft_claim.refresh_from_db()
    assert draft_claim.status == "published" and draft_claim.published_at is not None


def test_put_replaces_and_accepts_back_what_was_read(editor, draft_claim):
    """A client may PUT the representation it read, edited; read-only fields are ignored."""
    body = editor.get(detail(draft_claim)).json()
    body["text"] = "Reworded claim"
    response = editor.put(detail(draft_claim), body, format="json")
    assert response.status_code == 200, response.content
    draft_claim.refresh_from_db()
    assert draft_claim.text == "Reworded claim"


def test_delete_a_never_published_claim_others_depend_on_is_a_409_naming_them(editor):
    """Statements and verdicts protect a draft claim; the error lists them, nothing is deleted.

    (Issue 5 changed this test: a claim that was ever published is archived instead,
    see ``claims/tests/api/test_archive.py``.)"""
    claim = ClaimFactory(status="draft")
    StatementFactory(claim=claim)
    ReviewFactory(claim=claim)
    body = assert_error(editor.delete(detail(claim)), 409, "statements", code="protected")
    assert "reviews" in body["errors"]
    assert Claim.objects.filter(pk=claim.pk).exists()


def test_delete_a_bare_claim(editor, draft_claim):
    """204, and it is gone."""
    assert editor.delete(detail(draft_claim)).status_code == 204
    assert not Claim.objects.filter(pk=draft_claim.pk).exists()


def test_reader_cannot_delete(reader, published_claim):
    """Deleting needs claims.delete_claim."""
    assert_error(reader.delete(detail(published_claim)), 403)
