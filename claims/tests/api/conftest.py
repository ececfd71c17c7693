"""Clients for the API tests: anonymous, a logged-in reader without permissions,
and the editor (``editor_user`` from the root conftest) by token and by session."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

API = "/api/v1"


@pytest.fixture
def anon():
    """An anonymous client."""
    return APIClient()


@pytest.fixture
def reader_user(django_user_model):
    """A logged-in user with no model permission: reads like the public, writes nothing."""
    return django_user_model.objects.create_user(username="reader", password="reader-password")


@pytest.fixture
def reader(reader_user):
    client = APIClient()
    client.force_authenticate(reader_user)
    return client


@pytest.fixture
def editor_token(editor_user):
    return Token.objects.create(user=editor_user)


@pytest.fixture
def editor(editor_token):
    """The editor, authenticated by token (the usual API client)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {editor_token.key}")
    return client


@pytest.fixture
def editor_session(editor_user):
    """The editor, logged in with a session, as a browser would be."""
    client = APIClient()
    client.force_login(editor_user)
    return client


def assert_error(response, status: int, *fields: str, code: str | None = None) -> dict:
    """The response is the API's error shape with this status, naming these fields."""
    assert response.status_code == status, (response.status_code, response.content[:2000])
    body = response.json()
    assert set(body) == {"message", "code", "errors"}, body
    assert isinstance(body["message"], str) and body["message"]
    for field in fields:
        assert field in body["errors"], body
        assert all(isinstance(m, str) and m for m in body["errors"][field]), body
    if code is not None:
        assert body["code"] == code, body
    return body
