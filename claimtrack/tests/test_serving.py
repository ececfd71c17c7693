"""Production serving pieces: health check, replica routing, shared cache, backups.

The routing with a replica configured, up or down, is in ``test_db_router.py``.
"""

import hashlib
import uuid

import psycopg
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from psycopg import sql

from claims.models import Claim, Source, Statement
from claimtrack import backup, db_router
from claimtrack.cache import ResilientRedisCache
from claimtrack.settings.base import cache_config, databases


@pytest.mark.django_db
def test_healthz_reports_the_database_ok(client):
    """The load balancer's check answers 200 with each database's state, never cached."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok"}}
    assert "no-store" in response["Cache-Control"]


def test_livez_answers_without_touching_the_database(client):
    """Liveness must not depend on the database, or an outage would restart every app server.

    No ``db`` fixture: pytest-django makes any database access in here an error.
    """
    response = client.get("/livez")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]


def test_public_reads_use_the_primary_when_no_replica_is_configured():
    """Without DATABASE_REPLICA_URL every read goes to the primary."""
    assert not db_router.replica_configured()
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    chosen = []
    db_router.PrimaryReplicaMiddleware(
        lambda r: (
            chosen.append(db_router.PrimaryReplicaRouter().db_for_read(Claim)) or HttpResponse()
        )
    )(request)
    assert chosen == ["default"]


def test_the_replica_gives_up_connecting_sooner_than_the_primary(monkeypatch):
    """A replica that drops packets delays the request that finds out, so not for long."""
    monkeypatch.setenv("DATABASE_URL", "postgres://app@primary.internal/claimtrack")
    monkeypatch.setenv("DATABASE_REPLICA_URL", "postgres://app@replica.internal/claimtrack")
    monkeypatch.delenv("DATABASE_CONNECT_TIMEOUT", raising=False)
    monkeypatch.delenv("DATABASE_REPLICA_CONNECT_TIMEOUT", raising=False)
    configured = databases(allow_embedded=False)
    assert configured["default"]["OPTIONS"]["connect_timeout"] == 5
    assert configured["replica"]["OPTIONS"]["connect_timeout"] == 2


def test_redis_url_gives_a_shared_cache_that_works():
    """REDIS_URL selects the Redis cache; a round trip through the local Redis works."""
    config = cache_config("redis://127.0.0.1:6379/0")["default"]
    assert config["BACKEND"] == "claimtrack.cache.ResilientRedisCache"
    cache = ResilientRedisCache(config["LOCATION"], {"KEY_PREFIX": f"test-{uuid.uuid4().hex}"})
    cache.set("content-version", "v1", timeout=30)
    assert cache.get("content-version") == "v1"
    cache.delete("content-version")
    assert cache_config("")["default"]["BACKEND"].endswith("LocMemCache")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_round_trip_the_archive(tmp_path):
    """A dump restored into an empty database holds the same claims, quotes and texts."""
    call_command("load_seed_data", verbosity=0)
    params = connection.get_connection_params()
    url = "postgres://{user}@/{db}?host={host}&port={port}".format(
        user=params.get("user") or "postgres",
        db=params["dbname"],
        host=params.get("host") or "127.0.0.1",
        port=params.get("port") or 5432,
    )
    dump_file = backup.dump(url, tmp_path / "archive.dump")
    target = f"{params['dbname']}_restore"
    admin = {k: v for k, v in params.items() if k in ("host", "port", "user", "password") and v}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target)))
    try:
        backup.restore(url.replace(f"/{params['dbname']}?", f"/{target}?"), dump_file)
        with psycopg.connect(dbname=target, **admin) as restored:

            def rows(query):
                return restored.execute(query).fetchall()

            assert rows("SELECT count(*) FROM claims_claim") == [(Claim.objects.count(),)]
            assert rows("SELECT count(*) FROM claims_statement") == [(Statement.objects.count(),)]
            assert rows("SELECT slug, md5(text) FROM claims_source ORDER BY slug") == [
                (s.slug, hashlib.md5(s.text.encode()).hexdigest())  # noqa: S324 - a checksum
                for s in Source.objects.order_by("slug")
            ]
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target)))
