"""bench/load_test.py, run briefly against a real gunicorn so that it cannot rot."""

import subprocess

import pytest
from rest_framework.authtoken.models import Token

from claimtrack.tests import live_servers
from claimtrack.tests.test_faults import collected_static  # noqa: F401 - a fixture


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_load_test_runs_clean_against_gunicorn(collected_static, published_claim, superuser):  # noqa: F811
    """3 s at 8 connections: reads and writes, no 5xx, every write read back, exit 0."""
    token = Token.objects.create(user=superuser).key
    env = live_servers.production_env(live_servers.database_url())
    with live_servers.gunicorn(env, workers=2) as (_, port):
        result = subprocess.run(
            [
                str(live_servers.BIN / "python"),
                "bench/load_test.py",
                f"--url=http://127.0.0.1:{port}",
                "--duration=3",
                "--connections=8",
                "--write-every=3",
                f"--token={token}",
            ],
            cwd=live_servers.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "write_create" in result.stdout and "write_update" in result.stdout, result.stdout
    assert result.stdout.rstrip().endswith("OK")
