"""Corrections and the two-publisher rule through the API."""

import pytest
from django.contrib.auth.models import Group
from rest_framework.test import APIClient

from claims.models import Correction, Review
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, ReviewFactory, default_rating

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def second_publisher(publisher_user, django_user_model):
    user = django_user_model.objects.create_user(username="publisher2", is_staff=True)
    user.groups.add(Group.objects.get(name="publisher"))
    return user


def test_publisher_corrects_a_verdict(publisher_user, published_claim):
    """POST .../correct/ changes the verdict and keeps the old rating: 201."""
    review = published_claim.reviews.get()
    old = review.rating
    response = client_for(publisher_user).post(
        f"{API}/reviews/{review.pk}/correct/",
        {"kind": "update", "reason": "New facts.", "rating": default_rating("true").pk},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["previous_rating"]["slug"] == old.slug
    assert Review.objects.get(pk=review.pk).rating.slug == "true"


def test_editor_cannot_correct(role_editor_user, published_claim):
    """403 in the error shape, nothing written."""
    review = published_claim.reviews.get()
    response = client_for(role_editor_user).post(
        f"{API}/reviews/{review.pk}/correct/", {"kind": "update", "reason": "x"}, format="json"
    )
    assert_error(response, 403, "kind", code="transition_forbidden")
    assert not Correction.objects.exists()


def test_a_draft_verdict_correction_is_a_409(publisher_user):
    """Correcting what was never published is a conflict."""
    review = ReviewFactory()
    response = client_for(publisher_user).post(
        f"{API}/reviews/{review.pk}/correct/", {"kind": "update", "reason": "x"}, format="json"
    )
    assert_error(response, 409, "kind", code="transition_not_allowed")


def test_two_publishers_must_agree(settings, publisher_user, second_publisher):
    """With CLAIMTRACK_TWO_PUBLISHERS: no approval, 409; own approval, 403; another's, 200."""
    settings.CLAIMTRACK_TWO_PUBLISHERS = True
    review = ReviewFactory(claim=ClaimFactory(published=True), status="in_review")
    url = f"{API}/reviews/{review.pk}/"
    first = client_for(publisher_user)
    assert_error(first.patch(url, {"status": "published"}, format="json"), 409, "status")
    assert first.post(f"{url}approve/").status_code == 200
    assert_error(first.patch(url, {"status": "published"}, format="json"), 403, "status")
    second = client_for(second_publisher)
    assert second.patch(url, {"status": "published"}, format="json").status_code == 200
    assert Review.objects.get(pk=review.pk).status == "published"


def test_one_publisher_is_enough_by_default(publisher_user):
    """The rule is off unless the setting turns it on."""
    review = ReviewFactory(claim=ClaimFactory(published=True), status="in_review")
    response = client_for(publisher_user).patch(
        f"{API}/reviews/{review.pk}/", {"status": "published"}, format="json"
    )
    assert response.status_code == 200, response.content


def test_an_approval_covers_only_the_version_approved(
    settings, publisher_user, second_publisher, role_editor_user
):
    """Editing an approved verdict voids the approval; publishing an edit in the same
    request as the approval's use is refused."""
    settings.CLAIMTRACK_TWO_PUBLISHERS = True
    review = ReviewFactory(claim=ClaimFactory(published=True), status="in_review")
    url = f"{API}/reviews/{review.pk}/"
    assert client_for(publisher_user).post(f"{url}approve/").status_code == 200
    second = client_for(second_publisher)

    sneaked = second.patch(url, {"status": "published", "headline": "Other"}, format="json")
    assert sneaked.status_code == 400, sneaked.content
    assert Review.objects.get(pk=review.pk).status == "in_review"

    edited = client_for(role_editor_user).patch(url, {"headline": "Reworded"}, format="json")
    assert edited.status_code == 200, edited.content
    assert Review.objects.get(pk=review.pk).approved_by is None
    assert_error(second.patch(url, {"status": "published"}, format="json"), 409, "status")
