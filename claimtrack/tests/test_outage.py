"""A database outage is a 503 everywhere, never a 500 (claimtrack/outage.py)."""

import json

import pytest
from django.db import OperationalError
from django.test import Client

from claims.api.viewsets import ClaimViewSet
from claims.views import ClaimListView
from claimtrack import outage


def _fail(*args, **kwargs):
    raise OperationalError(DOWN)


def request_log(caplog) -> list[tuple[str, str]]:
    """What Django's request logger said: each 503 once, a warning naming the cause."""
    return [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "django.request"]


DOWN = "connection to server failed"


@pytest.fixture
def database_down(monkeypatch):
    """Views and the API fail as they do when PostgreSQL is gone."""
    monkeypatch.setattr(ClaimViewSet, "get_queryset", _fail)
    monkeypatch.setattr(ClaimListView, "get_queryset", _fail)


@pytest.mark.django_db
def test_the_api_answers_503_in_its_error_shape(database_down, caplog):
    response = Client().get("/api/v1/claims/")
    assert response.status_code == 503
    assert response.json() == {"message": outage.MESSAGE, "code": outage.CODE, "errors": {}}
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert request_log(caplog) == [
        ("WARNING", f"Database unavailable: GET /api/v1/claims/: {DOWN}")
    ]


@pytest.mark.django_db
def test_readers_get_a_friendly_escaped_503_page(database_down, caplog):
    response = Client().get("/claims/?q=<script>alert(1)</script>")
    assert response.status_code == 503
    assert request_log(caplog) == [("WARNING", f"Database unavailable: GET /claims/: {DOWN}")]
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "Back in a moment" in html
    assert "<script>alert" not in html and "%3Cscript%3E" in html  # the link back, inert
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_an_outage_met_in_a_middleware_is_a_503_too(monkeypatch, caplog):
    """The session lookup behind request.user runs in a middleware: handler500 catches it."""
    from django.contrib.sessions.backends.db import SessionStore

    monkeypatch.setattr(SessionStore, "load", _fail)
    client = Client(raise_request_exception=False)
    client.cookies["sessionid"] = "x" * 32
    page = client.get("/")
    assert page.status_code == 503 and b"Back in a moment" in page.content
    api = client.get("/api/v1/claims/")
    assert api.status_code == 503
    assert json.loads(api.content)["code"] == outage.CODE
    assert request_log(caplog) == [
        ("WARNING", f"Database unavailable: GET /: {DOWN}"),
        ("WARNING", f"Database unavailable: GET /api/v1/claims/: {DOWN}"),
    ]
    # Each request has its structured log line, without a user: its session is unreadable.
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "claimtrack.requests"]
    assert [(line["path"], line["status"], line["user"]) for line in lines] == [
        ("/", 503, None),
        ("/api/v1/claims/", 503, None),
    ]


def test_healthz_is_503_without_a_database(monkeypatch, caplog):
    from django.db.backends.postgresql.base import DatabaseWrapper

    monkeypatch.setattr(DatabaseWrapper, "ensure_connection", _fail)
    for _ in range(2):  # a load balancer's probes: one warning each, no error
        response = Client().get("/healthz")
        assert response.status_code == 503
        assert response.json()["status"] == "unavailable"
    assert request_log(caplog) == [("WARNING", f"Database unavailable: GET /healthz: {DOWN}")] * 2
