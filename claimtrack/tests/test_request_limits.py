"""Oversized bodies are a 413 on every path, slow ones a 408 (claimtrack/request_limits.py)."""

import pytest
from django.test import Client

from claimtrack.slow_clients import ClientTooSlow


@pytest.mark.django_db
def test_an_oversized_body_is_a_413_by_content_length(settings, admin_client_editor):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    page = Client().post("/claims/", {"q": "x" * 2000})
    assert page.status_code == 413 and b"Too much to send" in page.content
    api = Client().post("/api/v1/topics/", {"name": "x" * 2000}, content_type="application/json")
    assert api.status_code == 413
    assert api.json()["code"] == "request_too_large" and "body" in api.json()["errors"]


@pytest.mark.django_db
def test_too_many_form_fields_is_a_413_not_a_400(settings, admin_client_editor):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 5
    response = admin_client_editor.post(
        "/admin/claims/topic/add/", {f"f{i}": "v" for i in range(20)}
    )
    assert response.status_code == 413


@pytest.mark.django_db
def test_a_body_that_does_not_arrive_in_time_is_a_408(monkeypatch):
    from django.core.handlers.wsgi import WSGIRequest

    def too_slow(self):
        raise ClientTooSlow("deadline")

    monkeypatch.setattr(WSGIRequest, "body", property(too_slow))
    response = Client().post("/api/v1/topics/", {"slug": "t"}, content_type="application/json")
    assert response.status_code == 408
    assert response.json()["code"] == "request_timeout"
