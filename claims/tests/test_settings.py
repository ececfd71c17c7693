"""Deployment settings: production refuses to start half-configured and passes
Django's deployment checklist when configured."""

import os
import subprocess
import sys

from django.conf import settings

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
