"""The workflow through the API: the same rule as the admin (``services.workflow_check``),
refusals as 403 (role) or 409 (no such step) in the API's error shape."""

import pytest
from rest_framework.test import APIClient

from claims.models import Claim, PublicationStatus, Review
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, ReviewFactory, default_rating

pytestmark = pytest.mark.django_db

CLAIMS = f"{API}/claims/"
REVIEWS = f"{API}/reviews/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_contributor_cannot_publish_a_claim_by_patching_its_status(contributor_user):
    """change_claim is not enough to publish: 403 naming status; the claim stays a draft."""
    claim = ClaimFactory(status="draft")
    response = client_for(contributor_user).patch(
        f"{CLAIMS}{claim.slug}/", {"status": "published"}, format="json"
    )
    body = assert_error(response, 403, "status", code="transition_forbidden")
    assert "claims.publish_claim" in body["message"]
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_contributor_may_still_edit_a_draft(contributor_user):
    """The workflow only guards status: other edits pass."""
    claim = ClaimFactory(status="draft")
    response = client_for(contributor_user).patch(
        f"{CLAIMS}{claim.slug}/", {"context": "Said on TV."}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Claim.objects.get(pk=claim.pk).context == "Said on TV."


def test_contributor_cannot_create_a_published_claim(contributor_user):
    """A new claim sent as published is refused, with nothing written."""
    response = client_for(contributor_user).post(
        CLAIMS, {"slug": "n", "text": "New", "status": "published"}, format="json"
    )
    assert_error(response, 403, "status", code="transition_forbidden")
    assert not Claim.objects.filter(slug="n").exists()


def test_editor_sends_to_review_but_cannot_publish(role_editor_user):
    """The editor role: draft → in review yes, → published no."""
    claim = ClaimFactory(status="draft")
    client = client_for(role_editor_user)
    url = f"{CLAIMS}{claim.slug}/"
    assert client.patch(url, {"status": "in_review"}, format="json").status_code == 200
    assert_error(client.patch(url, {"status": "published"}, format="json"), 403, "status")
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_publisher_publishes_and_unpublishes(publisher_user):
    """The publisher role publishes (dated) and unpublishes back to draft."""
    claim = ClaimFactory(status="in_review")
    client = client_for(publisher_user)
    url = f"{CLAIMS}{claim.slug}/"
    response = client.patch(url, {"status": "published"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["published_at"] is not None
    assert client.patch(url, {"status": "draft"}, format="json").status_code == 200


def test_published_to_in_review_is_a_409(publisher_user):
    """A step the workflow does not have is a conflict, whoever asks."""
    claim = ClaimFactory(published=True)
    response = client_for(publisher_user).patch(
        f"{CLAIMS}{claim.slug}/", {"status": "in_review"}, format="json"
    )
    assert_error(response, 409, "status", code="transition_not_allowed")


def test_editor_cannot_publish_a_verdict_nested_in_a_new_claim(role_editor_user):
    """The rule holds for verdicts written inside a claim: all or nothing, 403."""
    response = client_for(role_editor_user).post(
        CLAIMS,
        {
            "slug": "n",
            "text": "New",
            "reviews": [
                {
                    "rating": default_rating("false").pk,
                    "headline": "False",
                    "conclusion": "No.",
                    "explanation": "Because.",
                    "author_name": "Desk",
                    "status": "published",
                }
            ],
        },
        format="json",
    )
    assert_error(response, 403, "status")
    assert not Claim.objects.filter(slug="n").exists()


def test_review_status_needs_publish_review(role_editor_user, publisher_user):
    """A verdict is published by a publisher; an editor's PATCH is a 403."""
    review = ReviewFactory(claim=ClaimFactory(published=True), status="in_review")
    url = f"{REVIEWS}{review.pk}/"
    assert_error(
        client_for(role_editor_user).patch(url, {"status": "published"}, format="json"), 403
    )
    assert Review.objects.get(pk=review.pk).status == "in_review"
    response = client_for(publisher_user).patch(url, {"status": "published"}, format="json")
    assert response.status_code == 200, response.content
    assert Review.objects.get(pk=review.pk).status == PublicationStatus.PUBLISHED


def test_importing_as_published_needs_the_publisher_role(role_editor_user):
    """?publish=1 on the ClaimReview import is refused to an editor: 403 naming publish."""
    client = client_for(role_editor_user)
    response = client.post(f"{API}/claimreview/import/?publish=1", [], format="json")
    assert_error(response, 403, "publish", code="transition_forbidden")


def test_contributor_edits_drafts_only(contributor_user, role_editor_user):
    """A claim in review is the editors': a contributor's PATCH is a 403, an editor's passes."""
    claim = ClaimFactory(status="in_review")
    url = f"{CLAIMS}{claim.slug}/"
    response = client_for(contributor_user).patch(url, {"context": "x"}, format="json")
    assert_error(response, 403, "status", code="transition_forbidden")
    assert (
        client_for(role_editor_user).patch(url, {"context": "y"}, format="json").status_code == 200
    )
