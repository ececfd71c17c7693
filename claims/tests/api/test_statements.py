"""/api/v1/statements/: anchoring through the API is the admin's anchoring."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Statement
from claims.models.anchors import AnchorStatus
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import (
    ActorFactory,
    ClaimFactory,
    SourceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

STATEMENTS = f"{API}/statements/"
TEXT = "The minister said: “We will never attack.” Later he added: we will never attack anyone."


@pytest.fixture
def parts():
    return {
        "claim": ClaimFactory(slug="never-attack", published=True),
        "actor": ActorFactory(slug="lavrov"),
        "source": SourceFactory(slug="briefing", text=TEXT, published_on=datetime.date(2022, 2, 1)),
    }


def payload(**fields) -> dict:
    return {"claim": "never-attack", "actor": "lavrov", "source": "briefing", **fields}


def test_quote_alone_is_anchored_like_in_the_admin(editor, parts):
    """Straight quotes match the source's curly ones; offsets and context are found."""
    response = editor.post(STATEMENTS, payload(exact='"We will never attack."'), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["exact"] == "“We will never attack.”"
    assert TEXT[body["start"] : body["end"]] == body["exact"]
    assert body["prefix"] == TEXT[: body["start"]][-32:]
    assert body["anchor_status"] == "anchored"


def test_offsets_count_code_points(editor):
    """An emoji before the quote counts as one character, not two UTF-16 units."""
    ClaimFactory(slug="c")
    ActorFactory(slug="a")
    SourceFactory(slug="s", text="🎉🎉 Party time, said the mayor.")
    response = editor.post(
        STATEMENTS,
        {"claim": "c", "actor": "a", "source": "s", "exact": "Party time"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == (3, 13)


def test_offsets_alone_fill_in_the_quote(editor, parts):
    """Give start and end: the quote is read from the text."""
    start = TEXT.index("we will never attack anyone")
    response = editor.post(STATEMENTS, payload(start=start, end=start + 20), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["exact"] == "we will never attack"


def test_a_quote_that_does_not_match_its_offsets_is_a_400_naming_exact(editor, parts):
    """Bad anchor: the error says what the text really reads there."""
    response = editor.post(
        STATEMENTS, payload(start=0, end=12, exact="Something else"), format="json"
    )
    body = assert_error(response, 400, "exact", code="invalid")
    assert "The minist" in body["errors"]["exact"][0]
    assert not Statement.objects.exists()


def test_a_quote_not_in_the_source_is_a_400_naming_exact(editor, parts):
    response = editor.post(STATEMENTS, payload(exact="Words never said"), format="json")
    assert_error(response, 400, "exact", code="invalid")


def test_an_ambiguous_quote_lists_where_it_occurs(editor, parts):
    """A quote found twice is refused with both offsets until context tells them apart."""
    response = editor.post(STATEMENTS, payload(exact="never attack"), format="json")
    body = assert_error(response, 400, "exact")
    assert "2 times" in body["errors"]["exact"][0]
    response = editor.post(
        STATEMENTS, payload(exact="never attack", suffix=" anyone"), format="json"
    )
    assert response.status_code == 201, response.content


def test_offsets_outside_the_text_are_a_400_naming_start(editor, parts):
    response = editor.post(STATEMENTS, payload(start=500, end=510), format="json")
    assert_error(response, 400, "start")


def test_missing_references_and_unknown_stance_are_400s_naming_them(editor, parts):
    """References must exist; enumerations must be known values."""
    response = editor.post(
        STATEMENTS,
        payload(actor="nobody", stance="shouts", exact="We will never attack."),
        format="json",
    )
    body = assert_error(response, 400, "actor", "stance", code="invalid")
    assert "nobody" in body["errors"]["actor"][0]


def test_a_statement_needs_a_quote(editor, parts):
    assert_error(editor.post(STATEMENTS, payload(), format="json"), 400, "exact")


def test_creating_a_statement_refreshes_its_claims_dates(editor, parts):
    """first_seen/last_seen follow the statements, as after an admin save."""
    editor.post(STATEMENTS, payload(exact="we will never attack anyone"), format="json")
    parts["claim"].refresh_from_db()
    assert parts["claim"].last_seen == datetime.date(2022, 2, 1)


def test_patching_the_quote_alone_anchors_it_again(editor, parts):
    """A new quote replaces the old selector; its offsets are found afresh."""
    statement = StatementFactory(
        claim=parts["claim"], actor=parts["actor"], source=parts["source"], exact="said"
    )
    response = editor.patch(
        f"{STATEMENTS}{statement.pk}/", {"exact": "we will never attack anyone"}, format="json"
    )
    assert response.status_code == 200, response.content
    statement.refresh_from_db()
    assert TEXT[statement.start : statement.end] == "we will never attack anyone"


def test_moving_to_another_source_finds_the_quote_there(editor, parts):
    """A new source alone keeps the quote and looks it up in the new text."""
    statement = StatementFactory(
        claim=parts["claim"], actor=parts["actor"], source=parts["source"], exact="Later he added"
    )
    SourceFactory(slug="other", text="Elsewhere. Later he added nothing.")
    response = editor.patch(f"{STATEMENTS}{statement.pk}/", {"source": "other"}, format="json")
    assert response.status_code == 200, response.content
    statement.refresh_from_db()
    assert (statement.start, statement.source.slug) == (11, "other")


def test_moving_to_another_claim_moves_the_dates_in_one_write(editor, parts):
    """The claim it leaves loses the statement's dates and the claim it joins takes them,
    in one UPDATE of both rows with their search documents (a second, for the documents
    alone, left one more dead version of each row in both of the claims' GIN indexes)."""
    statement = StatementFactory(
        claim=parts["claim"], actor=parts["actor"], source=parts["source"], exact="Later he added"
    )
    other = ClaimFactory(slug="other-claim", published=True)
    with CaptureQueriesContext(connection) as queries:
        response = editor.patch(
            f"{STATEMENTS}{statement.pk}/", {"claim": "other-claim"}, format="json"
        )
    assert response.status_code == 200, response.content
    parts["claim"].refresh_from_db()
    other.refresh_from_db()
    assert (parts["claim"].last_seen, other.last_seen) == (None, datetime.date(2022, 2, 1))
    writes = [q for q in queries.captured_queries if q["sql"].startswith('UPDATE "claims_claim"')]
    assert len(writes) == 1


def test_duplicate_statement_is_a_conflict(editor, parts):
    """The same actor quoting the same words for the same claim twice: 409."""
    editor.post(STATEMENTS, payload(exact="we will never attack anyone"), format="json")
    response = editor.post(STATEMENTS, payload(exact="we will never attack anyone"), format="json")
    assert_error(response, 409, code="conflict")


def test_statements_of_drafts_are_hidden_from_the_public(anon, editor):
    """Listed and readable only when their claim is published."""
    public = StatementFactory(claim=ClaimFactory(published=True))
    hidden = StatementFactory(claim=ClaimFactory(status="draft"))
    assert [s["id"] for s in anon.get(STATEMENTS).json()["results"]] == [public.pk]
    assert_error(anon.get(f"{STATEMENTS}{hidden.pk}/"), 404)
    assert editor.get(f"{STATEMENTS}{hidden.pk}/").status_code == 200


def test_filters(anon):
    """By claim, actor, source, stance and anchor status."""
    a = StatementFactory(claim=ClaimFactory(published=True, slug="one"), stance="denies")
    StatementFactory(claim=ClaimFactory(published=True))
    Statement.objects.filter(pk=a.pk).update(anchor_status=AnchorStatus.LOST)

    def ids(**params):
        return [s["id"] for s in anon.get(STATEMENTS, params).json()["results"]]

    assert ids(claim="one") == [a.pk]
    assert ids(actor=a.actor.slug) == [a.pk]
    assert ids(source=a.source.slug) == [a.pk]
    assert ids(stance="denies") == [a.pk]
    assert ids(anchor_status="lost") == [a.pk]


def test_delete_refreshes_the_claims_dates(editor, parts):
    statement = StatementFactory(
        claim=parts["claim"], actor=parts["actor"], source=parts["source"], exact="Later he added"
    )
    parts["claim"].refresh_from_db()
    assert parts["claim"].last_seen == datetime.date(2022, 2, 1)
    assert editor.delete(f"{STATEMENTS}{statement.pk}/").status_code == 204
    parts["claim"].refresh_from_db()
    assert parts["claim"].last_seen is None


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        StatementFactory(claim=ClaimFactory(published=True))
    with django_assert_max_num_queries(2):
        assert anon.get(STATEMENTS).status_code == 200
