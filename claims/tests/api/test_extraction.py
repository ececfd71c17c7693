"""/api/v1/match/ and /api/v1/sources/<slug>/extract/: matching and extraction over HTTP."""

import pytest

from claims.models import StatementCandidate
from claims.tests import factories
from claims.tests.api.conftest import API


@pytest.fixture
def claims(db):
    return {
        "published": factories.ClaimFactory(
            text="There is an ongoing genocide in Donbas", published=True
        ),
        "draft": factories.ClaimFactory(text="Genocide in Donbas is being covered up"),
    }


@pytest.mark.django_db
def test_match_ranks_claims_with_scores(anon, claims):
    """A quote returns its claim first, with a score and what matched."""
    response = anon.get(f"{API}/match/", {"text": "Putin claimed there was an ongoing genocide"})

    assert response.status_code == 200
    body = response.json()
    assert body["matches"][0]["claim"] == claims["published"].pk
    assert 0 < body["matches"][0]["score"] <= 1
    assert body["matches"][0]["via"] == "wording"


@pytest.mark.django_db
def test_the_public_matches_published_claims_only(anon, editor, claims):
    """Drafts are matched for editors, never shown to the public."""
    query = {"text": "genocide in Donbas covered up"}

    public = [m["claim"] for m in anon.get(f"{API}/match/", query).json()["matches"]]
    staff = [m["claim"] for m in editor.get(f"{API}/match/", query).json()["matches"]]

    assert claims["draft"].pk not in public
    assert staff[0] == claims["draft"].pk


@pytest.mark.django_db
def test_match_without_text_is_a_400_naming_the_parameter(anon):
    """The error says which query parameter is missing, in the API's error shape."""
    response = anon.get(f"{API}/match/")

    assert response.status_code == 400
    assert "text" in response.json()["errors"]


@pytest.mark.django_db
def test_extract_stores_candidates_and_returns_them(editor, actor):
    """POST …/extract/ proposes candidates for review and lists them."""
    source = factories.SourceFactory(
        slug="lavrov", text="Sergey Lavrov dismissed the US allegation as “total misinformation”."
    )

    response = editor.post(f"{API}/sources/lavrov/extract/")

    assert response.status_code == 200
    body = response.json()
    assert body["created"] == 1
    assert body["candidates"][0]["speaker"]["actor"] == actor.pk
    assert body["candidates"][0]["stance"] == "denies"
    assert StatementCandidate.objects.filter(source=source, status="pending").count() == 1


@pytest.mark.django_db
def test_extract_needs_credentials_and_permission(anon, reader, source):
    """Anonymous clients get 401, users without the permission 403; nothing is stored."""
    assert anon.post(f"{API}/sources/{source.slug}/extract/").status_code == 401
    assert reader.post(f"{API}/sources/{source.slug}/extract/").status_code == 403
    assert StatementCandidate.objects.count() == 0


@pytest.mark.django_db
def test_extract_unknown_source_is_a_404(editor):
    """An unknown slug is a 404 in the API's error shape."""
    response = editor.post(f"{API}/sources/nope/extract/")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
