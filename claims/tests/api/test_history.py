"""/api/v1/<resource>/<id>/history/: the editorial history, read-only, of what the user
may see (the public: published rows only)."""

import pytest

from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db


def test_history_of_a_published_claim_lists_field_changes_newest_first(anon, editor):
    """Each version with its changed fields, old and new; the public gets no user names."""
    claim = ClaimFactory(published=True, context="Before.")
    editor.patch(f"{API}/claims/{claim.slug}/", {"context": "After."}, format="json")
    body = anon.get(f"{API}/claims/{claim.slug}/history/").json()
    newest, first = body["results"]
    assert newest["type"] == "changed" and first["type"] == "created"
    assert {"field": "context", "old": "Before.", "new": "After."} in newest["changes"]
    assert newest["user"] is None
    staff = editor.get(f"{API}/claims/{claim.slug}/history/").json()["results"][0]
    assert staff["user"] == "editor"


def test_history_of_a_draft_is_a_404_for_the_public(anon, draft_claim):
    """A draft's history is as hidden as the draft."""
    assert_error(anon.get(f"{API}/claims/{draft_claim.slug}/history/"), 404)


def test_history_is_read_only(editor, published_claim):
    """No writes to the history."""
    response = editor.post(f"{API}/claims/{published_claim.slug}/history/", {}, format="json")
    assert_error(response, 405)


def test_history_of_a_verdict(anon, published_claim):
    """Verdicts have a history too, addressed by id."""
    review = published_claim.reviews.get()
    body = anon.get(f"{API}/reviews/{review.pk}/history/").json()
    assert body["results"][0]["type"] == "created"
