"""/api/v1/relations/: one relation per pair of claims, never to itself."""

import pytest

from claims.models import ClaimRelation
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, ClaimRelationFactory

pytestmark = pytest.mark.django_db

RELATIONS = f"{API}/relations/"


def test_the_public_sees_relations_between_published_claims_only(anon, editor):
    a, b = ClaimFactory(published=True), ClaimFactory(published=True)
    public = ClaimRelationFactory(from_claim=a, to_claim=b)
    hidden = ClaimRelationFactory(from_claim=a, to_claim=ClaimFactory(status="draft"))
    assert [r["id"] for r in anon.get(RELATIONS).json()["results"]] == [public.pk]
    assert_error(anon.get(f"{RELATIONS}{hidden.pk}/"), 404)
    assert editor.get(f"{RELATIONS}{hidden.pk}/").status_code == 200


def test_create(editor):
    ClaimFactory(slug="a"), ClaimFactory(slug="b")
    response = editor.post(
        RELATIONS, {"from_claim": "a", "kind": "contradicts", "to_claim": "b"}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["kind"] == "contradicts"


def test_a_claim_cannot_relate_to_itself(editor):
    ClaimFactory(slug="a")
    response = editor.post(
        RELATIONS, {"from_claim": "a", "kind": "supports", "to_claim": "a"}, format="json"
    )
    body = assert_error(response, 400, "from_claim", "to_claim")
    assert "itself" in body["errors"]["to_claim"][0]


def test_the_same_pair_the_other_way_round_is_a_conflict(editor):
    """At most one relation per unordered pair."""
    a, b = ClaimFactory(slug="a"), ClaimFactory(slug="b")
    ClaimRelationFactory(from_claim=a, to_claim=b)
    response = editor.post(
        RELATIONS, {"from_claim": "b", "kind": "supports", "to_claim": "a"}, format="json"
    )
    assert_error(response, 409, "from_claim", "to_claim", code="conflict")
    assert ClaimRelation.objects.count() == 1


def test_unknown_kind_is_a_400(editor):
    ClaimFactory(slug="a"), ClaimFactory(slug="b")
    response = editor.post(
        RELATIONS, {"from_claim": "a", "kind": "loves", "to_claim": "b"}, format="json"
    )
    assert_error(response, 400, "kind")


def test_filter_by_claim_at_either_end(editor):
    a = ClaimFactory(slug="a")
    incoming = ClaimRelationFactory(to_claim=a)
    outgoing = ClaimRelationFactory(from_claim=a)
    ClaimRelationFactory()
    ids = {r["id"] for r in editor.get(RELATIONS, {"claim": "a"}).json()["results"]}
    assert ids == {incoming.pk, outgoing.pk}


def test_delete(editor):
    relation = ClaimRelationFactory()
    assert editor.delete(f"{RELATIONS}{relation.pk}/").status_code == 204


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ClaimRelationFactory(
            from_claim=ClaimFactory(published=True), to_claim=ClaimFactory(published=True)
        )
    with django_assert_max_num_queries(2):
        assert anon.get(RELATIONS).status_code == 200
