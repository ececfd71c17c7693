"""The per-claim activity page and the editors' dashboard in the admin."""

import pytest
from django.test import Client

from claims import services
from claims.tests import factories

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_activity_lists_changes_to_the_claim_and_its_parts(contributor_user, publisher_user):
    """Claim, statement and verdict changes appear, newest first, with who made them."""
    claim = factories.ClaimFactory(status="draft")
    factories.StatementFactory(claim=claim)
    review = factories.ReviewFactory(claim=claim, status="in_review")
    services.review_publish(review=review, user=publisher_user)
    response = client_for(contributor_user).get(f"/admin/claims/claim/{claim.pk}/activity/")
    assert response.status_code == 200
    entries = response.context["entries"]
    models = {str(e["model"]) for e in entries}
    assert {"claim", "statement", "review"} <= models
    assert entries[0]["type"] == "changed" and "status" in entries[0]["changed"]
    dates = [e["date"] for e in entries]
    assert dates == sorted(dates, reverse=True)
    change_page = client_for(contributor_user).get(f"/admin/claims/claim/{claim.pk}/change/")
    assert f"/admin/claims/claim/{claim.pk}/activity/" in change_page.content.decode()


def test_dashboard_lists_what_waits_and_what_lacks_a_verdict(contributor_user):
    """Claims and verdicts in review, recent changes, claims with no published verdict."""
    waiting = factories.ClaimFactory(status="in_review")
    verdict = factories.ReviewFactory(status="in_review")
    bare = factories.ClaimFactory(published=True)
    response = client_for(contributor_user).get("/admin/claims/claim/dashboard/")
    assert response.status_code == 200
    assert waiting in response.context["claims_in_review"]
    assert verdict in response.context["reviews_in_review"]
    assert bare in response.context["claims_without_verdict"]
    assert response.context["recent_changes"]
    index = client_for(contributor_user).get("/admin/").content.decode()
    assert "/admin/claims/claim/dashboard/" in index


def test_dashboard_needs_a_staff_login(client):
    """Anonymous visitors are sent to the login page."""
    assert client.get("/admin/claims/claim/dashboard/").status_code == 302
