"""A dead Redis is a cache miss, never an error (claimtrack/cache.py)."""

import socket
import uuid

import pytest
from django.test import Client

from claimtrack.cache import ResilientRedisCache
from claimtrack.tests.live_servers import free_port


def closed_port() -> int:
    port = free_port()  # nothing listens there
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0
    return port


def test_a_live_redis_works_and_a_dead_one_is_a_miss():
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 1}}
    live = ResilientRedisCache("redis://127.0.0.1:6379/0", params)
    live.set("k", "v", 30)
    assert live.get("k") == "v"
    live.delete("k")

    dead = ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", params)
    assert dead.get("k", "fallback") == "fallback"
    assert dead.set("k", "v") is None
    assert dead.add("k", "v") is False
    assert dead.get_many(["k"]) == {}
    assert dead.delete("k") is False


def test_one_redis_client_serves_every_call_and_thread():
    """Building a client per call cost 0.15 ms each; one client shared by threads still
    gives each its own answers (every command borrows its own pooled connection)."""
    from concurrent.futures import ThreadPoolExecutor

    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 1}}
    live = ResilientRedisCache("redis://127.0.0.1:6379/0", params)
    assert live._cache.get_client(write=True) is live._cache.get_client()

    def round_trip(n: int) -> bool:
        live.set(f"k{n}", n, 30)
        return live.get(f"k{n}") == n

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(round_trip, range(200)))
    live.delete_many([f"k{n}" for n in range(200)])


@pytest.mark.django_db
def test_the_site_serves_pages_and_the_api_with_redis_down(settings, published_claim):
    settings.CACHES = {
        "default": {
            "BACKEND": "claimtrack.cache.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    client = Client()
    for path in ("/", f"/claims/{published_claim.slug}/", "/api/v1/claims/"):
        assert client.get(path).status_code == 200, path
