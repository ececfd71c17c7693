"""Request-rate limits for anonymous and authenticated clients.

The rates come from ``settings.CLAIMTRACK_API_THROTTLE_ANON`` / ``_USER`` (from the
environment: ``API_THROTTLE_ANON``, ``API_THROTTLE_USER``) and are read on each
request, not once at import as DRF's own classes do, so a deployment or a test
that changes the setting is obeyed.

Requests are counted in fixed windows of the rate's period (the minute, for
"60/minute"): one counter per client and window. DRF's own throttles keep a list
of every request's time, read and written whole on each request: two round trips
to Redis and a pickled list as long as the rate (up to 600 entries here), and two
workers reading the same list at once both let a request through. A counter is
one atomic round trip (``claimtrack.cache.ResilientRedisCache.count``). What a
fixed window allows that a sliding one does not: a burst of up to twice the rate
across the boundary of two windows.
"""

from __future__ import annotations

import math

from django.conf import settings
from django.core.cache import cache
from rest_framework import throttling


def counted(key: str, seconds: int) -> int:
    """Count one more request under ``key``, kept ``seconds``; how many there are now."""
    count = getattr(cache, "count", None)
    if count is not None:  # Redis: one round trip
        return count(key, seconds)
    if cache.add(key, 1, seconds):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # it expired between the two
        cache.add(key, 1, seconds)
        return 1


class WindowCounter:
    """DRF's rate throttles' ``allow_request`` and ``wait``, counted per fixed window."""

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        return counted(f"{self.key}:{window}", self.duration) <= self.num_requests

    def wait(self) -> float:
        """Seconds until the window ends (at least one: ``Retry-After`` is whole seconds)."""
        return max(1, math.ceil(self.window_ends - self.now))


class AnonymousThrottle(WindowCounter, throttling.AnonRateThrottle):
    setting = "CLAIMTRACK_API_THROTTLE_ANON"

    def get_rate(self) -> str:
        return getattr(settings, self.setting)


class UserThrottle(WindowCounter, throttling.UserRateThrottle):
    setting = "CLAIMTRACK_API_THROTTLE_USER"

    def get_rate(self) -> str:
        return getattr(settings, self.setting)

    def allow_request(self, request, view) -> bool:
        # Anonymous clients are AnonymousThrottle's; counting them here as well
        # (by address, as UserRateThrottle would) would apply the user rate to them.
        if not request.user or not request.user.is_authenticated:
            return True
        return super().allow_request(request, view)
