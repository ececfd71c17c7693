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


def test_counting_is_atomic_across_threads_and_expires():
    """The API throttles' counter: twenty requests at once are counted 1 to 20, none
    twice (DRF's read-then-write history let concurrent requests through), and the
    counter lasts the window only. Redis down: nothing counted (0)."""
    from concurrent.futures import ThreadPoolExecutor

    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 1}}
    live = ResilientRedisCache("redis://127.0.0.1:6379/0", params)
    with ThreadPoolExecutor(max_workers=8) as pool:
        counts = list(pool.map(lambda _: live.count("window", 30), range(20)))
    assert sorted(counts) == list(range(1, 21))
    assert live.get("window") == 20
    ttl = live._cache.get_client().ttl(live.make_and_validate_key("window"))
    assert 0 < ttl <= 30
    live.delete("window")

    dead = ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", params)
    assert dead.count("window", 30) == 0


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


@pytest.mark.django_db
def test_the_api_throttles_count_in_redis(settings):
    """With Redis as the cache, the rate holds across requests (each worker would see the
    same counter): the third request of "2/day" is a 429 that says when to retry."""
    settings.CACHES = {
        "default": {
            "BACKEND": "claimtrack.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    settings.CLAIMTRACK_API_THROTTLE_ANON = "2/day"
    client = Client()
    assert [client.get(f"/api/v1/topics/?n={n}").status_code for n in range(3)] == [200, 200, 429]
    assert int(client.get("/api/v1/topics/?n=3")["Retry-After"]) > 0
