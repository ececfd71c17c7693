"""Nothing once public is deleted: DELETE archives it, out of public view, kept in the database."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, Review
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, ReviewFactory, StatementFactory

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_deleting_a_published_claim_archives_it(publisher_user, published_claim, anon, client):
    """204; the claim is archived, gone from the public API and page, kept with its statements."""
    url = f"{API}/claims/{published_claim.slug}/"
    assert client_for(publisher_user).delete(url).status_code == 204
    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.status == "archived" and claim.archived_at is not None
    assert claim.statements.exists()
    assert_error(anon.get(url), 404)
    assert published_claim.slug not in str(anon.get(f"{API}/claims/").json())
    assert client.get(published_claim.get_absolute_url()).status_code == 404
    assert client_for(publisher_user).get(url).json()["status"] == "archived"


def test_an_editor_cannot_archive_a_published_claim(role_editor_user, published_claim):
    """Archiving is a publisher's step: 403 for an editor, nothing changes."""
    response = client_for(role_editor_user).delete(f"{API}/claims/{published_claim.slug}/")
    assert_error(response, 403, "status", code="transition_forbidden")
    assert Claim.objects.get(pk=published_claim.pk).status == "published"


def test_an_unpublished_but_once_published_verdict_is_archived_too(publisher_user):
    """published_at stays after unpublishing: the verdict was public once, so it is kept."""
    review = ReviewFactory(claim=ClaimFactory(published=True), published=True)
    Review.objects.filter(pk=review.pk).update(status="draft")
    assert client_for(publisher_user).delete(f"{API}/reviews/{review.pk}/").status_code == 204
    assert Review.objects.get(pk=review.pk).status == "archived"


def test_a_never_published_draft_is_deleted_for_real(role_editor_user):
    """A draft nobody outside saw is deleted as before."""
    claim = ClaimFactory(status="draft")
    assert client_for(role_editor_user).delete(f"{API}/claims/{claim.slug}/").status_code == 204
    assert not Claim.objects.filter(pk=claim.pk).exists()


def test_nothing_leaves_the_archive(publisher_user):
    """An archived claim cannot be published again through its status (409)."""
    claim = ClaimFactory(published=True)
    StatementFactory(claim=claim)
    Claim.objects.filter(pk=claim.pk).update(status="archived")
    response = client_for(publisher_user).patch(
        f"{API}/claims/{claim.slug}/", {"status": "published"}, format="json"
    )
    assert_error(response, 409, "status", code="transition_not_allowed")
