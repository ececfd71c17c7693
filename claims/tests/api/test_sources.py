"""/api/v1/sources/: texts, unique URLs, corrections that re-anchor quotes."""

import datetime

import pytest

from claims import services
from claims.models import Source
from claims.models.anchors import AnchorStatus
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, EvidenceFactory, SourceFactory, StatementFactory

pytestmark = pytest.mark.django_db

SOURCES = f"{API}/sources/"


def new_source(**fields) -> dict:
    return {
        "slug": "briefing",
        "title": "Briefing",
        "url": "https://news.example.org/briefing",
        "published_on": "2022-02-01",
        "text": "The full text of the briefing.",
        **fields,
    }


def test_the_public_sees_sources_of_published_claims_only(anon, editor):
    """Quoted by or cited as evidence for a published claim; others are 404."""
    quoted = StatementFactory(claim=ClaimFactory(published=True)).source
    cited = EvidenceFactory(claim=ClaimFactory(published=True)).source
    hidden = SourceFactory()
    assert {s["slug"] for s in anon.get(SOURCES).json()["results"]} == {quoted.slug, cited.slug}
    assert_error(anon.get(f"{SOURCES}{hidden.slug}/"), 404)
    assert editor.get(f"{SOURCES}{hidden.slug}/").status_code == 200


def test_list_leaves_the_text_out_and_detail_has_it_with_its_length(editor):
    """Texts may be long: only the detail carries them, with their length in code points."""
    SourceFactory(slug="s", text="Emoji 🎉 counts once.")
    [row] = editor.get(SOURCES).json()["results"]
    assert "text" not in row
    body = editor.get(f"{SOURCES}s/").json()
    assert body["text"] == "Emoji 🎉 counts once."
    assert body["text_length"] == 20


def test_create(editor):
    response = editor.post(SOURCES, new_source(), format="json")
    assert response.status_code == 201, response.content
    assert len(response.json()["text_hash"]) == 64


def test_duplicate_url_is_a_conflict_naming_url(editor):
    SourceFactory(url="https://news.example.org/briefing")
    response = editor.post(SOURCES, new_source(), format="json")
    assert_error(response, 409, "url", code="conflict")


def test_date_rules_are_400s_naming_the_fields(editor):
    """A date unless its precision is unknown: the constraint names both fields."""
    response = editor.post(
        SOURCES, new_source(published_on=None, date_precision="exact"), format="json"
    )
    assert_error(response, 400, "published_on", "date_precision")
    response = editor.post(SOURCES, new_source(language="English"), format="json")
    assert_error(response, 400, "language")


def test_correcting_the_text_re_anchors_its_quotes(editor):
    """A PATCH of the text goes through the admin's service: quotes move with the text."""
    source = SourceFactory(slug="s", text="He said: we will win. Nothing else.")
    statement = StatementFactory(source=source, exact="we will win")
    response = editor.patch(
        f"{SOURCES}s/", {"text": "Tuesday. He said: we will win. Nothing else."}, format="json"
    )
    assert response.status_code == 200, response.content
    statement.refresh_from_db()
    assert (statement.start, statement.anchor_status) == (18, AnchorStatus.ANCHORED)
    assert Source.objects.get(slug="s").text.startswith("Tuesday.")


def test_correcting_the_date_moves_the_seen_dates_of_the_claims_it_quotes(editor, anon):
    """A claim is seen on the dates of the sources quoting it: a PATCH of a source's date
    moves them, as readers see them in the API and in the list's date filter."""
    source = SourceFactory(slug="s", text="He said: we will win.", published_on="2022-02-01")
    claim = ClaimFactory(published=True, text="We will win the war")
    StatementFactory(claim=claim, source=source, exact="we will win", said_on=None)
    services.claim_refresh_dates(claims=[claim])
    detail = f"{API}/claims/{claim.slug}/"
    assert anon.get(detail).json()["last_seen"] == "2022-02-01"  # and now cached

    response = editor.patch(f"{SOURCES}s/", {"published_on": "2022-02-20"}, format="json")

    assert response.status_code == 200, response.content
    seen = anon.get(detail).json()
    assert (seen["first_seen"], seen["last_seen"]) == ("2022-02-20", "2022-02-20")
    listed = anon.get("/claims/", {"date_from": "2022-02-15"}).content.decode()
    assert "We will win the war" in listed


def test_a_blank_text_is_refused(editor):
    SourceFactory(slug="s")
    assert_error(editor.patch(f"{SOURCES}s/", {"text": "   "}, format="json"), 400, "text")


def test_deleting_a_quoted_source_is_refused(editor):
    source = StatementFactory().source
    assert_error(editor.delete(f"{SOURCES}{source.slug}/"), 409, "statements", code="protected")


def test_filters(editor):
    SourceFactory(slug="a", publisher="Associated Press", published_on=datetime.date(2022, 1, 5))
    SourceFactory(slug="b", publisher="Reuters", published_on=datetime.date(2022, 2, 5))

    def slugs(**params):
        return [s["slug"] for s in editor.get(SOURCES, params).json()["results"]]

    assert slugs(publisher="associated press") == ["a"]
    assert slugs(published_from="2022-02-01") == ["b"]
    assert slugs(published_to="2022-01-31") == ["a"]
    assert slugs(ordering="published_on") == ["a", "b"]


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        StatementFactory(claim=ClaimFactory(published=True))
    with django_assert_max_num_queries(2):
        assert anon.get(SOURCES).status_code == 200


def test_a_source_known_by_its_url_only_has_unanchored_statements(editor):
    """No text to quote: the source needs its URL, and its statements have no quote."""
    response = editor.post(SOURCES, new_source(url_only=True, text=""), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["url_only"] is True
    response = editor.post(
        SOURCES, new_source(slug="b", url="", url_only=True, text=""), format="json"
    )
    assert_error(response, 400, "url")
    ClaimFactory(slug="c")
    from claims.tests.factories import ActorFactory

    ActorFactory(slug="a")
    statements = f"{API}/statements/"
    body = {"claim": "c", "actor": "a", "source": "briefing"}
    response = editor.post(statements, {**body, "exact": "a quote"}, format="json")
    assert_error(response, 400, "exact")
    response = editor.post(statements, body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["anchor_status"] == "unanchored"
    assert response.json()["start"] is None
