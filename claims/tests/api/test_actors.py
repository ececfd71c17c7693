"""/api/v1/actors/: public actors, aliases, validation of the model's rules."""

import pytest

from claims.models import Actor
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import (
    ActorAliasFactory,
    ActorFactory,
    ClaimFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db

ACTORS = f"{API}/actors/"


def test_the_public_sees_actors_of_published_claims_only(anon, editor):
    """An actor with no statement on a published claim is not public (404)."""
    public = StatementFactory(claim=ClaimFactory(published=True)).actor
    hidden = StatementFactory(claim=ClaimFactory(status="draft")).actor
    assert [a["slug"] for a in anon.get(ACTORS).json()["results"]] == [public.slug]
    assert_error(anon.get(f"{ACTORS}{hidden.slug}/"), 404)
    assert {a["slug"] for a in editor.get(ACTORS).json()["results"]} == {public.slug, hidden.slug}


def test_detail_has_aliases_and_affiliation(editor):
    ministry = ActorFactory(slug="mfa", kind=Actor.Kind.GOVERNMENT)
    lavrov = ActorFactory(slug="lavrov", affiliation=ministry)
    ActorAliasFactory(actor=lavrov, name="Sergei Lavrov")
    body = editor.get(f"{ACTORS}lavrov/").json()
    assert body["affiliation"] == "mfa"
    assert body["aliases"] == ["Sergei Lavrov"]


def test_create_with_aliases(editor):
    response = editor.post(
        ACTORS,
        {
            "slug": "lavrov",
            "name": "Sergey Lavrov",
            "aliases": ["Sergei Lavrov", "Lavrov"],
            "same_as": "https://www.wikidata.org/wiki/Q80137",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["url"] == ""
    assert sorted(response.json()["aliases"]) == ["Lavrov", "Sergei Lavrov"]
    assert Actor.objects.named("sergei  LAVROV").get().slug == "lavrov"


def test_put_replaces_the_aliases(editor):
    actor = ActorFactory(slug="lavrov")
    ActorAliasFactory(actor=actor, name="Old name")
    body = editor.get(f"{ACTORS}lavrov/").json()
    body["aliases"] = ["New name"]
    assert editor.put(f"{ACTORS}lavrov/", body, format="json").status_code == 200
    assert list(actor.aliases.values_list("name", flat=True)) == ["New name"]


def test_aliases_that_fold_alike_are_refused(editor):
    response = editor.post(
        ACTORS,
        {"slug": "l", "name": "Sergey Lavrov", "aliases": ["Sérgei Lavrov", "sergei  lavrov"]},
        format="json",
    )
    assert_error(response, 400, "aliases")
    assert not Actor.objects.exists()


def test_model_rules_are_400s_naming_the_field(editor):
    """A bad country code, an unknown kind, a missing affiliation."""
    response = editor.post(
        ACTORS,
        {"slug": "x", "name": "X", "country": "ukraine", "kind": "robot", "affiliation": "nope"},
        format="json",
    )
    assert_error(response, 400, "country", "kind", "affiliation", code="invalid")


def test_an_actor_cannot_be_its_own_affiliation(editor):
    """A check constraint with no field of its own is reported on the field it reads."""
    ActorFactory(slug="self")
    response = editor.patch(f"{ACTORS}self/", {"affiliation": "self"}, format="json")
    body = assert_error(response, 400, "affiliation")
    assert "own affiliation" in body["errors"]["affiliation"][0]


def test_duplicate_slug_is_a_conflict(editor):
    ActorFactory(slug="lavrov")
    response = editor.post(ACTORS, {"slug": "lavrov", "name": "Another"}, format="json")
    assert_error(response, 409, "slug", code="conflict")


def test_deleting_an_actor_with_statements_is_refused(editor):
    """Statements protect their actor: 409 naming them."""
    actor = StatementFactory().actor
    assert_error(editor.delete(f"{ACTORS}{actor.slug}/"), 409, "statements", code="protected")
    assert Actor.objects.filter(pk=actor.pk).exists()


def test_filter_by_name_or_alias_and_kind(editor):
    lavrov = ActorFactory(slug="lavrov", name="Sergey Lavrov")
    ActorAliasFactory(actor=lavrov, name="Sergei Lavrov")
    ActorFactory(slug="nato", name="NATO", kind=Actor.Kind.ORGANISATION)
    names = editor.get(ACTORS, {"name": "SERGEI lavrov"}).json()["results"]
    assert [a["slug"] for a in names] == ["lavrov"]
    kinds = editor.get(ACTORS, {"kind": "organisation"}).json()["results"]
    assert [a["slug"] for a in kinds] == ["nato"]


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        actor = StatementFactory(claim=ClaimFactory(published=True)).actor
        ActorAliasFactory(actor=actor)
    with django_assert_max_num_queries(3):
        assert anon.get(ACTORS).status_code == 200
