"""Deployment settings: production refuses to start half-configured and passes
Django's deployment checklist when configured."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connection

from claimtrack.settings import base

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "claimtrack.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-0123456789abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "claims.example.org",
    "DATABASE_URL": "postgres://claimtrack@db.example.org:5432/claimtrack",
}


def manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    # Nothing of the test process's own environment may leak into "production".
    leaks = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean_env = {k: v for k, v in os.environ.items() if k not in leaks}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deployment_checklist():
    """`manage.py check --deploy` reports no issue with production values."""
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    """A missing SECRET_KEY stops production settings with the variable's name."""
    env = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_never_falls_back_to_the_embedded_database():
    """Without DATABASE_URL production fails instead of starting a local server."""
    env = {**PRODUCTION, "DATABASE_URL": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr


@pytest.mark.django_db
def test_the_sites_queries_are_never_planned_in_parallel():
    """Each connection starts with parallel plans off (``base.parallel_query``)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_parallel_workers_per_gather")
        assert cursor.fetchone()[0] == "0"


def test_parallel_queries_can_be_allowed_or_left_to_the_server(monkeypatch):
    monkeypatch.setenv("DATABASE_PARALLEL_WORKERS", "2")
    database = {"OPTIONS": {"options": "-c statement_timeout=5000"}}
    base.parallel_query(database)
    assert database["OPTIONS"]["options"] == (
        "-c statement_timeout=5000 -c max_parallel_workers_per_gather=2"
    )
    monkeypatch.setenv("DATABASE_PARALLEL_WORKERS", "")  # a pooler that refuses ``options``
    database = {"OPTIONS": {}}
    base.parallel_query(database)
    assert "options" not in database["OPTIONS"]
