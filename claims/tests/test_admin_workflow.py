"""The workflow in the admin: the same rule as the API, refusals shown as form errors
and messages, never a silent publication."""

import pytest
from django.test import Client

from claims.models import Claim, Review
from claims.tests import factories

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def claim_form(claim, **overrides) -> dict:
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "status": claim.status,
        "context": claim.context,
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("statements", "relations_from", "evidence", "reviews")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    data.update(overrides)
    return data


def test_contributor_cannot_publish_through_the_change_form(contributor_user):
    """Setting status=published in the form is a form error for a contributor."""
    claim = factories.ClaimFactory(status="draft")
    response = client_for(contributor_user).post(
        f"/admin/claims/claim/{claim.pk}/change/", claim_form(claim, status="published")
    )
    assert response.status_code == 200
    assert "claims.publish_claim" in str(response.context["adminform"].form.errors["status"])
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_contributor_edits_a_draft_through_the_change_form(contributor_user):
    """Without a status change, a contributor's edit is saved."""
    claim = factories.ClaimFactory(status="draft")
    response = client_for(contributor_user).post(
        f"/admin/claims/claim/{claim.pk}/change/", claim_form(claim, context="On TV.")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Claim.objects.get(pk=claim.pk).context == "On TV."


def test_publisher_publishes_through_the_change_form(publisher_user):
    """A publisher's status=published is saved and dated."""
    claim = factories.ClaimFactory(status="in_review")
    response = client_for(publisher_user).post(
        f"/admin/claims/claim/{claim.pk}/change/", claim_form(claim, status="published")
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.status == "published" and claim.published_at is not None


def test_publish_action_refused_to_an_editor_with_a_message(role_editor_user):
    """The editor's publish action changes nothing and says why."""
    claim = factories.ClaimFactory(status="in_review")
    response = client_for(role_editor_user).post(
        "/admin/claims/claim/",
        {"action": "publish", "_selected_action": [claim.pk]},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("claims.publish_claim" in t for t in texts), texts
    assert Claim.objects.get(pk=claim.pk).status == "in_review"


def test_send_to_review_and_unpublish_actions(role_editor_user, publisher_user):
    """The editor sends to review; the publisher publishes and unpublishes."""
    claim = factories.ClaimFactory(status="draft")
    client_for(role_editor_user).post(
        "/admin/claims/claim/", {"action": "send_to_review", "_selected_action": [claim.pk]}
    )
    assert Claim.objects.get(pk=claim.pk).status == "in_review"
    publisher = client_for(publisher_user)
    publisher.post("/admin/claims/claim/", {"action": "publish", "_selected_action": [claim.pk]})
    assert Claim.objects.get(pk=claim.pk).status == "published"
    publisher.post("/admin/claims/claim/", {"action": "unpublish", "_selected_action": [claim.pk]})
    assert Claim.objects.get(pk=claim.pk).status == "draft"


def test_review_publish_action_is_the_publishers(role_editor_user, publisher_user):
    """A verdict is published from the verdict list by a publisher only."""
    review = factories.ReviewFactory(status="in_review")
    data = {"action": "publish", "_selected_action": [review.pk]}
    client_for(role_editor_user).post("/admin/claims/review/", data)
    assert Review.objects.get(pk=review.pk).status == "in_review"
    client_for(publisher_user).post("/admin/claims/review/", data)
    assert Review.objects.get(pk=review.pk).status == "published"


def test_a_published_verdict_deleted_in_the_claim_form_is_archived(publisher_user):
    """Ticking Delete on a once-published verdict inline archives it instead."""
    claim = factories.ClaimFactory(status="draft")
    review = factories.ReviewFactory(claim=claim, published=True)
    data = claim_form(claim)
    data.update(
        {
            "reviews-TOTAL_FORMS": "1",
            "reviews-INITIAL_FORMS": "1",
            "reviews-0-id": review.pk,
            "reviews-0-claim": claim.pk,
            "reviews-0-status": "published",
            "reviews-0-rating": review.rating_id,
            "reviews-0-headline": review.headline,
            "reviews-0-conclusion": review.conclusion,
            "reviews-0-explanation": review.explanation,
            "reviews-0-author_name": review.author_name,
            "reviews-0-DELETE": "on",
        }
    )
    response = client_for(publisher_user).post(f"/admin/claims/claim/{claim.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Review.objects.get(pk=review.pk).status == "archived"


def test_admin_delete_of_a_published_claim_archives_it(publisher_user, published_claim):
    """The delete page lists only the claim, and confirming archives it."""
    url = f"/admin/claims/claim/{published_claim.pk}/delete/"
    client = client_for(publisher_user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 302
    claim = Claim.objects.get(pk=published_claim.pk)
    assert claim.status == "archived" and claim.archived_at is not None


def test_admin_delete_of_a_published_claim_refused_to_an_editor(role_editor_user, published_claim):
    """Archiving is the publisher's: the editor's delete changes nothing and says why."""
    url = f"/admin/claims/claim/{published_claim.pk}/delete/"
    response = client_for(role_editor_user).post(url, {"post": "yes"}, follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert any("publish_claim" in t for t in texts), texts
    assert not any("deleted successfully" in t for t in texts), texts
    assert Claim.objects.get(pk=published_claim.pk).status == "published"


def test_a_published_claim_is_read_only_for_a_contributor(contributor_user):
    """The change page of a published claim opens read-only; a POST is refused."""
    claim = factories.ClaimFactory(published=True)
    client = client_for(contributor_user)
    url = f"/admin/claims/claim/{claim.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(url, claim_form(claim, context="Changed.")).status_code == 403
    assert Claim.objects.get(pk=claim.pk).context != "Changed."
