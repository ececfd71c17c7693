"""Django's Redis cache, made to treat Redis being down as a cache miss.

Django's ``RedisCache`` lets a connection error escape from ``cache.get()``, so
a stopped or unreachable Redis would turn every cached page, the content
version lookup and the API throttles into 500s. The cache only ever saves work
here (``claims.caching``), so without it the site is slower, not wrong:

* reads answer a miss (``default``, ``{}``), writes and deletes do nothing;
* after a failure the backend stops trying for ``RETRY_SECONDS`` in this
  process, so an unreachable Redis (each try waits ``socket_connect_timeout``)
  costs a request now and then, not every request;
* the first failure of each outage is logged as a warning.

It also keeps one ``redis.Redis`` client per connection pool (:class:`ReusedRedisClient`):
Django builds a new one for every call, which copies redis-py's table of ~170 response
callbacks each time: a ``cache.get`` took 190-206 µs that way, 109-120 µs with one client.

A page built from nothing is stored without a round trip of its own (:meth:`ResilientRedisCache.
set_later`): it goes to Redis with this process's next read, in one pipeline (that read comes
within a second at most on a serving process: the content version is read again each second).
Uncached claim pages, alternated with the old code: 903 → 929 req/s on average
(docs/PERFORMANCE.md, twelfth session). Until it goes, the process serves the page from its own
copy (``claims.local_pages``), and another process that asks for it builds it again.

What is lost meanwhile: throttling counts (the API does not throttle while
Redis is down), and a content-version bump made during the outage; pages cached
before it may then be served until they expire (``CLAIMTRACK_PAGE_CACHE_SECONDS``).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
#: Stores waiting for the next read (:meth:`ResilientRedisCache.set_later`) are sent at once
#: past this many bytes or items: a process that only serves its own copies still shares.
PENDING_BYTES = 1024 * 1024
PENDING_ITEMS = 32
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ReusedRedisClient(RedisCacheClient):
    """Django's client, handing out one ``redis.Redis`` per connection pool.

    A ``redis.Redis`` holds no connection of its own (each command borrows one from
    the pool), so one is safe to share between threads and calls.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}
        self._pending: list[tuple[str, bytes | int, int | None]] = []
        self._pending_bytes = 0
        self._pending_lock = threading.Lock()

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def set_later(self, key, value, timeout):
        """Store ``value`` with the next :meth:`get` (one pipeline, one round trip), or now
        when :data:`PENDING_BYTES` or :data:`PENDING_ITEMS` are waiting already."""
        if timeout == 0:
            return  # Django's "expires at once": nothing to store
        value = self._serializer.dumps(value)  # bytes; an int stays an int (Django's rule)
        with self._pending_lock:
            self._pending.append((key, value, timeout))
            self._pending_bytes += len(value) if isinstance(value, bytes) else 8
            full = self._pending_bytes > PENDING_BYTES or len(self._pending) >= PENDING_ITEMS
            pending = self._take_pending() if full else []
        if pending:
            pipeline = self.get_client(key, write=True).pipeline(transaction=False)
            self._queue(pipeline, pending)
            pipeline.execute()

    def get(self, key, default):
        with self._pending_lock:
            pending = self._take_pending()
        if not pending:
            return super().get(key, default)
        writer = self.get_client(key, write=True)
        reader = self.get_client(key)
        pipeline = writer.pipeline(transaction=False)
        self._queue(pipeline, pending)
        if reader is not writer:  # a read replica: the stores go to the primary first
            pipeline.execute()
            return super().get(key, default)
        pipeline.get(key)
        value = pipeline.execute()[-1]
        return default if value is None else self._serializer.loads(value)

    def _take_pending(self) -> list[tuple[str, bytes | int, int | None]]:
        """What waits to be stored, now taken out (lost if the round trip fails: a cache)."""
        pending, self._pending, self._pending_bytes = self._pending, [], 0
        return pending

    @staticmethod
    def _queue(pipeline, pending) -> None:
        for key, value, timeout in pending:
            pipeline.set(key, value, ex=timeout)

    def count(self, key, timeout):
        """One more on the counter at ``key`` (made for ``timeout`` seconds if new): its new
        value, in one round trip. Django's ``add`` then ``incr`` take three."""
        pipeline = self.get_client(key, write=True).pipeline(transaction=True)
        pipeline.set(key, 0, ex=timeout, nx=True)
        pipeline.incr(key)
        return pipeline.execute()[1]


class ResilientRedisCache(RedisCache):
    _down_until = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisClient

    def _call(self, method, fallback, *args, **kwargs):
        if time.monotonic() < self._down_until:
            return fallback
        try:
            result = method(*args, **kwargs)
        except UNAVAILABLE as error:
            if not self._down_until:
                logger.warning("Redis unavailable, serving without the cache: %s", error)
            self._down_until = time.monotonic() + RETRY_SECONDS
            return fallback
        if self._down_until:
            logger.warning("Redis is back")
            self._down_until = 0.0
        return result

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, None, key, value, timeout, version)

    def set_later(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        """:meth:`set`, sent with this process's next read (:meth:`ReusedRedisClient.set_later`):
        for what only saves work, like a page built from nothing."""
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        return self._call(self._cache.set_later, None, key, value, timeout)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)

    def count(self, key, timeout, version=None):
        """:meth:`ReusedRedisClient.count`; 0 while Redis is down (nothing is counted)."""
        key = self.make_and_validate_key(key, version=version)
        return self._call(self._cache.count, 0, key, timeout)
