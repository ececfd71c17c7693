"""Every error is one JSON shape naming what is wrong, with the right status, never a 500."""

import pytest
from django.db import IntegrityError

from claims.api import validation
from claims.models import Claim, Topic
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOPICS = f"{API}/topics/"


def test_401_without_credentials_carries_a_challenge(anon):
    response = anon.post(TOPICS, {"slug": "t", "name": "T"}, format="json")
    assert_error(response, 401, code="not_authenticated")
    assert response["WWW-Authenticate"] == "Token"


def test_401_for_a_wrong_token_even_on_reads(anon):
    """Bad credentials are refused rather than silently treated as anonymous."""
    anon.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert_error(anon.get(TOPICS), 401, code="authentication_failed")


def test_403_for_a_user_without_the_model_permission(reader):
    assert_error(reader.post(TOPICS, {"slug": "t", "name": "T"}, format="json"), 403)


def test_a_user_with_only_the_add_permission_cannot_delete(django_user_model):
    """The admin's model permissions, one by one: add is not delete."""
    from django.contrib.auth.models import Permission
    from rest_framework.test import APIClient

    user = django_user_model.objects.create_user(username="adder")
    user.user_permissions.add(Permission.objects.get(codename="add_topic"))
    client = APIClient()
    client.force_authenticate(user)
    assert client.post(TOPICS, {"slug": "t", "name": "T"}, format="json").status_code == 201
    assert_error(client.delete(f"{TOPICS}t/"), 403)
    assert Topic.objects.filter(slug="t").exists()


def test_404_for_an_unknown_path_is_json(anon):
    assert_error(anon.get(f"{API}/nothing-here/"), 404, code="not_found")
    assert_error(anon.post(f"{API}/claims/a/b/c/", {}, format="json"), 404)


def test_a_path_without_its_trailing_slash_is_a_404_saying_so(anon):
    """No redirect (a POST would lose its body): the error gives the right address."""
    body = assert_error(anon.get(f"{API}/claims"), 404)
    assert body["message"].endswith(f"{API}/claims/")


def test_405_for_a_method_the_endpoint_lacks(editor):
    response = editor.delete(TOPICS)
    assert_error(response, 405, code="method_not_allowed")
    assert "GET" in response["Allow"]


def test_415_for_a_body_that_is_not_json(editor):
    response = editor.post(
        TOPICS, "slug=t&name=T", content_type="application/x-www-form-urlencoded"
    )
    assert_error(response, 415, "Content-Type", code="unsupported_media_type")
    response = editor.post(TOPICS, "hello", content_type="text/plain")
    assert_error(response, 415, "Content-Type")
    assert not Topic.objects.exists()


def test_413_for_a_body_over_the_limit(editor, settings):
    """DATA_UPLOAD_MAX_MEMORY_SIZE applies to JSON bodies too: a JSON 413, not a 400 or 500."""
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = editor.post(TOPICS, {"slug": "t", "name": "T" * 200}, format="json")
    assert_error(response, 413, "body", code="request_too_large")
    assert not Topic.objects.exists()


def test_django_request_data_too_big_becomes_a_json_413():
    """Should Django itself refuse a body (RequestDataTooBig), the answer is still our 413."""
    from django.core.exceptions import RequestDataTooBig

    from claims.api.exceptions import exception_handler

    response = exception_handler(RequestDataTooBig("too big"), {"view": None, "request": None})
    assert response.status_code == 413
    assert response.data["code"] == "request_too_large"
    assert list(response.data["errors"]) == ["body"]


@pytest.mark.parametrize(
    "body", ['{"slug": "t", "name": ', "[1, 2]", '{"slug": "t", "name": NaN}', '"\\ud800"']
)
def test_400_for_a_body_that_is_not_a_json_object(editor, body):
    """Malformed JSON, a list, NaN, a lone surrogate: 400 naming the body."""
    response = editor.post(TOPICS, body, content_type="application/json")
    payload = assert_error(response, 400, code=None)
    assert set(payload["errors"]) & {"body", "non_field_errors"}, payload


def test_400_for_an_unknown_field(editor):
    body = assert_error(
        editor.post(TOPICS, {"slug": "t", "name": "T", "colour": "red"}, format="json"),
        400,
        "colour",
    )
    assert body["message"] == "Invalid input: colour."


def test_409_when_a_racing_writer_wins_past_the_check(editor, monkeypatch):
    """If the pre-write check misses a duplicate, the unique index's error is still a 409."""
    TopicFactory(slug="donbas", name="Donbas")
    monkeypatch.setattr(validation, "_unique_conflicts", lambda instance, exclude: {})
    response = editor.post(TOPICS, {"slug": "donbas", "name": "Other"}, format="json")
    assert_error(response, 409, "slug", code="conflict")
    response = editor.post(TOPICS, {"slug": "other", "name": "DONBAS"}, format="json")
    assert_error(response, 409, "name", code="conflict")


def test_integrity_error_names_the_constraint_fields():
    """A unique-index error is mapped to the constraint's fields via the database's diagnostics."""
    from claims.api.exceptions import Conflict, integrity_conflict

    ClaimFactory(text="Same words")
    with pytest.raises(IntegrityError) as caught:
        from django.db import transaction

        with transaction.atomic():
            Claim.objects.create(slug="other", text="SAME WORDS")
    error = integrity_conflict(caught.value, Claim)
    assert isinstance(error, Conflict) and list(error.errors) == ["text"]


def test_429_when_anonymous_clients_exceed_their_rate(anon, settings):
    """Throttling reads its rate from settings on each request; Retry-After says when.
    (Per day: a minute's window could end between two of the requests.)"""
    settings.CLAIMTRACK_API_THROTTLE_ANON = "2/day"
    assert anon.get(TOPICS).status_code == 200
    assert anon.get(TOPICS).status_code == 200
    response = anon.get(TOPICS)
    assert_error(response, 429, code="throttled")
    assert int(response["Retry-After"]) > 0


def test_429_for_authenticated_clients_at_their_own_rate(editor, settings):
    settings.CLAIMTRACK_API_THROTTLE_USER = "1/day"
    assert editor.get(TOPICS).status_code == 200
    assert_error(editor.get(TOPICS), 429)
