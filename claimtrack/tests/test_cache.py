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


def test_a_store_goes_to_redis_with_the_next_read():
    """A page built from nothing is stored with the process's next read, in one round trip:
    another process finds it from then on. Past the bound, stores go at once."""
    from claimtrack.cache import PENDING_ITEMS

    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 1}}
    worker = ResilientRedisCache("redis://127.0.0.1:6379/0", params)
    other = ResilientRedisCache("redis://127.0.0.1:6379/0", params)  # another process's

    worker.set_later("page", "<html>", 30)
    assert other.get("page") is None  # not sent yet
    assert worker.get("content-version", "v0") == "v0"  # the next read carries it
    assert other.get("page") == "<html>"
    ttl = other._cache.get_client().ttl(other.make_and_validate_key("page"))
    assert 0 < ttl <= 30

    for n in range(PENDING_ITEMS):
        worker.set_later(f"page{n}", n, 30)
    assert [other.get(f"page{n}") for n in range(PENDING_ITEMS)] == list(range(PENDING_ITEMS))
    other.delete_many(["page", *(f"page{n}" for n in range(PENDING_ITEMS))])


def test_with_a_read_replica_the_waiting_stores_go_to_the_primary():
    """Django reads from the later servers of LOCATION and writes to the first: the
    waiting stores go to the first, and the read is still answered by a replica
    (here database 1 of the same Redis stands for one)."""
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 1}}
    worker = ResilientRedisCache("redis://127.0.0.1:6379/0,redis://127.0.0.1:6379/1", params)
    primary = ResilientRedisCache("redis://127.0.0.1:6379/0", params)
    replica = ResilientRedisCache("redis://127.0.0.1:6379/1", params)
    replica.set("content-version", "v-replica", 30)

    worker.set_later("page", "<html>", 30)
    assert worker.get("content-version") == "v-replica"
    assert primary.get("page") == "<html>"
    assert replica.get("page") is None
    primary.delete("page")
    replica.delete("content-version")


def test_a_store_for_later_with_redis_down_is_dropped():
    params = {"KEY_PREFIX": f"test-{uuid.uuid4().hex}", "OPTIONS": {"socket_connect_timeout": 1}}
    dead = ResilientRedisCache(f"redis://127.0.0.1:{closed_port()}/0", params)
    assert dead.set_later("page", "<html>", 30) is None
    assert dead.get("page", "fallback") == "fallback"


@pytest.mark.django_db
def test_an_uncached_page_built_in_one_worker_is_served_from_redis_in_another(
    settings, published_claim
):
    """The claim page built from nothing reaches Redis with the worker's next request; a
    worker without its own copy (its local pages emptied) then gets the stored page."""
    from claims import local_pages

    settings.CACHES = {
        "default": {
            "BACKEND": "claimtrack.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    client = Client()
    path = f"/claims/{published_claim.slug}/"
    built = client.get(path)
    client.get("/")  # this worker's next request: the claim page goes to Redis with it
    local_pages.pages.clear()

    published_claim.__class__.objects.filter(pk=published_claim.pk).update(text="Changed by SQL")
    served = client.get(path)  # no content-version bump: only a stored page says the old text
    assert served.content == built.content
    assert b"Changed by SQL" not in served.content
