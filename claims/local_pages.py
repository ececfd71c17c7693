"""Each worker's own copy of the pages it served last, in front of the shared cache.

Why: with Redis as the shared page cache, a cached page still cost two round
trips per request (the content version, then the page) and a copy of the page
over the socket: measured at about half the stack's ceiling, where a page
served from memory costs little more than the ceiling itself
(docs/PERFORMANCE.md). So each process keeps

* the **content version** it last read, for ``CLAIMTRACK_CONTENT_VERSION_SECONDS``
  (1 s), and
* the **pages** it last served, pickled as the shared cache holds them, up to
  ``CLAIMTRACK_LOCAL_PAGE_CACHE_BYTES`` (32 MiB), least recently used first out,
  each for at most :data:`MAX_SECONDS` (a copy taken from the shared cache does
  not know how long that one still keeps it).

The price, and why it is fair: after an edit made through another process,
this one goes on serving the page as it was for at most a second (the process
that saved sees its change at once); browsers and proxies already keep a public
page for ``max-age`` (five minutes). A new content version empties the copy.

Both are off when the shared cache is Django's ``LocMemCache``: that one is in
the process already (development, tests).
"""

from __future__ import annotations

import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

#: The longest a page stays in a process's copy.
MAX_SECONDS = 60.0


def _shared_cache_is_remote() -> bool:
    return not isinstance(caches["default"], LocMemCache)


def version_seconds() -> float:
    """How long a process trusts the content version it read (0: not at all)."""
    if not _shared_cache_is_remote():
        return 0.0
    return float(getattr(settings, "CLAIMTRACK_CONTENT_VERSION_SECONDS", 1.0))


class LocalPages:
    """A bounded, thread-safe LRU of pickled responses with their expiry."""

    def __init__(self) -> None:
        self._entries: OrderedDict[str, tuple[bytes, float]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    @staticmethod
    def capacity() -> int:
        if not _shared_cache_is_remote():
            return 0
        return int(getattr(settings, "CLAIMTRACK_LOCAL_PAGE_CACHE_BYTES", 32 * 1024 * 1024))

    def get(self, key: str):
        """A fresh copy of the response kept under ``key``, or None."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            blob, expires = entry
            if time.monotonic() >= expires:
                self._drop(key)
                return None
            self._entries.move_to_end(key)
        return pickle.loads(blob)  # noqa: S301 (our own responses, pickled in this process)

    def put(self, key: str, response, seconds: float) -> None:
        capacity = self.capacity()
        if not capacity:
            return
        blob = pickle.dumps(response, pickle.HIGHEST_PROTOCOL)
        if len(blob) > capacity // 8:  # one huge page must not flush the others
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = (blob, time.monotonic() + min(seconds, MAX_SECONDS))
            self._bytes += len(blob)
            while self._bytes > capacity:
                self._drop(next(iter(self._entries)))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._bytes = 0

    def __len__(self) -> int:
        return len(self._entries)

    def _drop(self, key: str) -> None:
        blob, _ = self._entries.pop(key)
        self._bytes -= len(blob)


#: This process's pages.
pages = LocalPages()


class VersionMemo:
    """The content version as this process last read it, and until when to trust it."""

    def __init__(self) -> None:
        self.token: str | None = None
        self.until = 0.0

    def get(self, read) -> str:
        """The remembered token while fresh; else ``read()``'s (a new one empties the pages)."""
        token, until = self.token, self.until
        if token is not None and time.monotonic() < until:
            return token
        fresh = read()
        self.remember(fresh)
        return fresh

    def remember(self, token: str) -> None:
        if token != self.token:
            pages.clear()
        self.token, self.until = token, time.monotonic() + version_seconds()

    def forget(self) -> None:
        self.token, self.until = None, 0.0


#: This process's content version.
version = VersionMemo()
