"""/api/v1/evidence/: one of our sources (optionally quoted) or an external page."""

import pytest

from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, EvidenceFactory, SourceFactory

pytestmark = pytest.mark.django_db

EVIDENCE = f"{API}/evidence/"


def test_the_public_sees_evidence_of_published_claims_only(anon, editor):
    public = EvidenceFactory(claim=ClaimFactory(published=True))
    hidden = EvidenceFactory(claim=ClaimFactory(status="draft"))
    assert [e["id"] for e in anon.get(EVIDENCE).json()["results"]] == [public.pk]
    assert_error(anon.get(f"{EVIDENCE}{hidden.pk}/"), 404)
    assert editor.get(f"{EVIDENCE}{hidden.pk}/").status_code == 200


def test_create_with_a_quote_from_a_source(editor):
    ClaimFactory(slug="c")
    SourceFactory(slug="report", text="The report found no mass graves in the region.")
    response = editor.post(
        EVIDENCE,
        {
            "claim": "c",
            "stance": "refutes",
            "source": "report",
            "exact": "no mass graves",
            "note": "The OSCE found none.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["start"], response.json()["end"]) == (17, 31)


def test_create_external_evidence(editor):
    ClaimFactory(slug="c")
    response = editor.post(
        EVIDENCE,
        {
            "claim": "c",
            "stance": "context",
            "url": "https://factcheck.example.net/1",
            "title": "A fact check",
            "note": "Background.",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] is None


def test_evidence_needs_a_source_or_an_external_link(editor):
    ClaimFactory(slug="c")
    response = editor.post(
        EVIDENCE, {"claim": "c", "stance": "refutes", "note": "N"}, format="json"
    )
    assert_error(response, 400, "source")


def test_a_quote_needs_one_of_our_sources(editor):
    ClaimFactory(slug="c")
    response = editor.post(
        EVIDENCE,
        {
            "claim": "c",
            "stance": "refutes",
            "url": "https://x.example/1",
            "title": "X",
            "exact": "a quote",
            "note": "N",
        },
        format="json",
    )
    assert_error(response, 400, "exact")


def test_unknown_stance_and_claim_are_400s(editor):
    response = editor.post(
        EVIDENCE, {"claim": "nope", "stance": "maybe", "note": "N"}, format="json"
    )
    assert_error(response, 400, "claim", "stance")


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        EvidenceFactory(claim=ClaimFactory(published=True))
    with django_assert_max_num_queries(2):
        assert anon.get(EVIDENCE).status_code == 200
