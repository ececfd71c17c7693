"""Corrections, updates and retractions of published verdicts: the old verdict stays
readable on the claim page and in the public corrections log, with the date and reason."""

import pytest
from django.test import Client

from claims import services
from claims.exceptions import TransitionForbidden, TransitionNotAllowed
from claims.models import Correction, Review
from claims.tests import factories
from claims.tests.factories import default_rating

pytestmark = pytest.mark.django_db


@pytest.fixture
def verdict(published_claim):
    return published_claim.reviews.get()


def test_a_publisher_updates_a_verdict_and_the_old_one_is_kept(publisher_user, verdict):
    """The verdict takes the new rating; the correction keeps the old rating and headline."""
    old_rating, old_headline = verdict.rating, verdict.headline
    correction = services.review_correct(
        review=verdict,
        kind="update",
        reason="New satellite images were published.",
        user=publisher_user,
        rating=default_rating("true"),
        headline="Now confirmed",
    )
    verdict.refresh_from_db()
    assert verdict.rating.slug == "true" and verdict.headline == "Now confirmed"
    assert correction.previous_rating == old_rating
    assert correction.previous_headline == old_headline
    assert correction.made_by == publisher_user


def test_an_editor_cannot_correct(role_editor_user, verdict):
    """Corrections need claims.correct_review."""
    with pytest.raises(TransitionForbidden, match="correct_review"):
        services.review_correct(
            review=verdict, kind="correction", reason="x", user=role_editor_user
        )
    assert not Correction.objects.exists()


def test_a_draft_verdict_is_not_corrected(publisher_user):
    """A draft is edited, not corrected."""
    draft = factories.ReviewFactory()
    with pytest.raises(TransitionNotAllowed, match="Only a published verdict"):
        services.review_correct(review=draft, kind="correction", reason="x", user=publisher_user)


def test_a_retraction_marks_the_verdict_and_allows_nothing_more(publisher_user, verdict):
    """A retracted verdict is marked and cannot be corrected again."""
    services.review_correct(review=verdict, kind="retraction", reason="Wrong claim.", user=None)
    verdict.refresh_from_db()
    assert verdict.retracted_at is not None and verdict.status == "published"
    with pytest.raises(TransitionNotAllowed, match="retracted"):
        services.review_correct(review=verdict, kind="update", reason="x", user=publisher_user)


def test_corrections_are_shown_on_the_claim_page_and_in_the_log(
    client, publisher_user, published_claim, verdict
):
    """Readers see the date, the reason and the old verdict, on the page and in the log."""
    old_headline = verdict.headline
    services.review_correct(
        review=verdict,
        kind="correction",
        reason="An earlier version gave the wrong date.",
        user=publisher_user,
        headline="Corrected headline",
    )
    page = client.get(published_claim.get_absolute_url()).content.decode()
    assert "An earlier version gave the wrong date." in page
    assert old_headline in page and "Corrected headline" in page
    assert "Published on" in page and "Updated on" in page
    log = client.get("/corrections/").content.decode()
    assert "An earlier version gave the wrong date." in log and published_claim.text in log


def test_the_log_leaves_out_archived_verdicts(client, publisher_user, verdict):
    """An archived verdict's corrections leave the public log."""
    services.review_correct(review=verdict, kind="correction", reason="Typo.", user=None)
    services.editorial_delete(instance=verdict, user=publisher_user)
    assert Review.objects.get(pk=verdict.pk).status == "archived"
    assert "Typo." not in client.get("/corrections/").content.decode()


def test_admin_correction_form(publisher_user, role_editor_user, verdict):
    """The admin's correction form: refused to an editor on the form, made by a publisher."""
    data = {"review": verdict.pk, "kind": "update", "reason": "New facts.", "new_headline": "New"}
    editor = Client()
    editor.force_login(role_editor_user)
    response = editor.post("/admin/claims/correction/add/", data)
    assert response.status_code in (200, 403)
    assert not Correction.objects.exists()
    publisher = Client()
    publisher.force_login(publisher_user)
    response = publisher.post("/admin/claims/correction/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Review.objects.get(pk=verdict.pk).headline == "New"
    assert Correction.objects.get().previous_headline == verdict.headline
