"""The editorial history (django-simple-history): recorded for admin and API edits alike,
with who made them, shown in the admin, and reverted as a new change."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from claims.models import Claim, Source, Statement
from claims.tests import factories
from claims.tests.admin_forms import source_form

pytestmark = pytest.mark.django_db


EDITORIAL_MODELS = [
    "Actor",
    "ActorAlias",
    "Claim",
    "ClaimRelation",
    "Evidence",
    "Rating",
    "RatingScale",
    "Review",
    "Source",
    "Statement",
    "Topic",
]


@pytest.mark.parametrize("model", EDITORIAL_MODELS)
def test_every_editorial_model_has_a_history(model):
    """Each editorial model records its history."""
    from claims import models

    assert hasattr(getattr(models, model), "history")


def test_an_api_edit_is_recorded_with_its_user_and_the_changed_field(editor_user, draft_claim):
    """A PATCH through the API adds a history row naming the token user and the change."""
    client = APIClient()
    client.force_authenticate(editor_user)
    response = client.patch(
        f"/api/v1/claims/{draft_claim.slug}/", {"context": "New context."}, format="json"
    )
    assert response.status_code == 200, response.content
    newest, previous = draft_claim.history.all()[:2]
    assert newest.history_user == editor_user
    changes = {c.field: (c.old, c.new) for c in newest.diff_against(previous).changes}
    assert changes["context"] == (draft_claim.context, "New context.")


def test_an_admin_edit_is_recorded_with_its_user(editor_user):
    """Saving a source in the admin adds a history row naming the editor."""
    source = factories.SourceFactory()
    client = Client()
    client.force_login(editor_user)
    data = source_form(source, title="A corrected title")
    response = client.post(f"/admin/claims/source/{source.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    newest = Source.objects.get(pk=source.pk).history.first()
    assert newest.history_user == editor_user and newest.title == "A corrected title"
    page = client.get(f"/admin/claims/source/{source.pk}/history/")
    assert page.status_code == 200 and "A corrected title" in page.content.decode()


def test_revert_in_the_admin_is_a_new_change(editor_user):
    """Reverting to an earlier version saves it again as the newest history row."""
    claim = factories.ClaimFactory(status="draft", context="First wording.")
    claim.context = "Second wording."
    claim.save()
    first = claim.history.earliest()
    client = Client()
    client.force_login(editor_user)
    url = f"/admin/claims/claim/{claim.pk}/history/{first.history_id}/"
    assert client.get(url).status_code == 200
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "status": "draft",
        "context": "First wording.",
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("statements", "relations_from", "evidence", "reviews")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.context == "First wording."
    assert claim.history.count() == 3


def test_revert_cannot_republish_for_a_contributor(contributor_user):
    """A revert to a published version is a status change: the workflow refuses it."""
    claim = factories.ClaimFactory(published=True)
    Claim.objects.filter(pk=claim.pk).update(status="draft")
    claim.refresh_from_db()
    claim.save()  # a draft version on top of the published one
    published = claim.history.earliest()
    client = Client()
    client.force_login(contributor_user)
    data = {
        "text": claim.text,
        "slug": claim.slug,
        "status": "published",
        "context": claim.context,
        **{
            f"{prefix}-{key}": "0"
            for prefix in ("statements", "relations_from", "evidence", "reviews")
            for key in ("TOTAL_FORMS", "INITIAL_FORMS")
        },
    }
    response = client.post(f"/admin/claims/claim/{claim.pk}/history/{published.history_id}/", data)
    assert Claim.objects.get(pk=claim.pk).status == "draft"
    assert response.status_code in (200, 403)


def test_loaddata_rows_have_no_history_until_edited():
    """Fixtures load raw (no history row); the first edit starts the history."""
    from django.core.management import call_command

    call_command("load_seed_data", verbosity=0)
    statement = Statement.objects.first()
    assert statement is not None
    assert statement.history.count() == 0
    statement.note = "Checked."
    statement.save()
    assert statement.history.count() == 1


def test_a_claims_topics_are_part_of_its_history(editor_user, draft_claim):
    """Putting a claim under a topic is a recorded change, shown in the admin's history."""
    topic = factories.TopicFactory(name="Troop movements", slug="troop-movements")
    client = APIClient()
    client.force_authenticate(editor_user)

    response = client.patch(
        f"/api/v1/claims/{draft_claim.slug}/", {"topics": [topic.slug]}, format="json"
    )

    assert response.status_code == 200, response.content
    latest = draft_claim.history.order_by("-history_date", "-history_id").first()
    assert [t.topic_id for t in latest.topics.all()] == [topic.pk]
    admin = Client()
    admin.force_login(editor_user)
    page = admin.get(f"/admin/claims/claim/{draft_claim.pk}/history/").content.decode()
    assert "<strong>Topics:</strong>" in page
