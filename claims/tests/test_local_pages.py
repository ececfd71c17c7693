"""Each worker's copy of the pages and of the content version (claims/local_pages.py),
with Redis as the shared cache, as served with several workers."""

import uuid

import pytest
import redis
from django.http import HttpResponse
from django.test import Client

from claims import caching, local_pages
from claims.models import Claim

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared_cache(settings):
    prefix = f"test-local-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "claimtrack.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    local_pages.pages.clear()
    local_pages.version.forget()
    connection = redis.Redis.from_url(REDIS_URL)
    yield connection, prefix
    keys = list(connection.scan_iter(f"{prefix}:*"))
    if keys:
        connection.delete(*keys)
    local_pages.pages.clear()
    local_pages.version.forget()


def drop_shared_pages(connection, prefix) -> int:
    keys = list(connection.scan_iter(f"{prefix}:*claims:page:*"))
    return connection.delete(*keys) if keys else 0


@pytest.mark.django_db
def test_a_repeat_is_served_from_the_workers_copy_without_the_shared_cache(
    shared_cache, published_claim, django_assert_num_queries
):
    connection, prefix = shared_cache
    client = Client()
    url = published_claim.get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200 and len(local_pages.pages) == 1
    caching.cache.get("next-read")  # the worker's next read to Redis carries the page there
    assert drop_shared_pages(connection, prefix) == 1  # it went to Redis too
    with django_assert_num_queries(0):
        again = client.get(url)
    assert again.content == first.content
    assert again["Cache-Control"] == "public, max-age=300"


@pytest.mark.django_db
def test_an_edit_saved_here_shows_at_once(shared_cache, published_claim):
    client = Client()
    url = published_claim.get_absolute_url()
    client.get(url)
    review = published_claim.reviews.get()
    review.headline = "Corrected in this very process"
    review.save()
    assert "Corrected in this very process" in client.get(url).content.decode()


@pytest.mark.django_db
def test_an_edit_saved_by_another_worker_shows_within_a_second(shared_cache, published_claim):
    """Another process bumps the version in Redis: this one trusts what it read for
    CLAIMTRACK_CONTENT_VERSION_SECONDS, then reads the new version and rebuilds."""
    client = Client()
    url = published_claim.get_absolute_url()
    client.get(url)
    # What another worker's save does: the row changes and the shared version moves on.
    Claim.objects.filter(pk=published_claim.pk).update(context="Context added elsewhere")
    caching.cache.set(caching.CONTENT_VERSION_KEY, "bumped-by-another-worker", timeout=None)
    assert "Context added elsewhere" not in client.get(url).content.decode()  # within 1 s
    local_pages.version.until = 0  # the second has passed
    assert "Context added elsewhere" in client.get(url).content.decode()
    assert local_pages.version.token == "bumped-by-another-worker"


def test_the_copy_stays_within_its_bytes_and_drops_the_least_recently_used(settings):
    settings.CACHES = {
        "default": {"BACKEND": "claimtrack.cache.ResilientRedisCache", "LOCATION": REDIS_URL}
    }
    settings.CLAIMTRACK_LOCAL_PAGE_CACHE_BYTES = 80_000
    memory = local_pages.LocalPages()
    for n in range(10):
        memory.put(f"page-{n}", HttpResponse(b"x" * 9_000 + str(n).encode()), 60)
        memory.get("page-0")  # read often: kept
    assert memory._bytes <= 80_000
    assert memory.get("page-0") is not None and memory.get("page-9") is not None
    assert memory.get("page-1") is None
    assert len(memory) < 10
    served = memory.get("page-9")
    assert served.content.endswith(b"9") and served is not memory.get("page-9")


def test_off_when_the_shared_cache_is_this_process(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    memory = local_pages.LocalPages()
    memory.put("page", HttpResponse(b"x"), 60)
    assert memory.get("page") is None
    assert local_pages.version_seconds() == 0
