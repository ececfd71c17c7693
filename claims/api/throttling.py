"""Request-rate limits for anonymous and authenticated clients.

The rates come from ``settings.CLAIMTRACK_API_THROTTLE_ANON`` / ``_USER`` (from the
environment: ``API_THROTTLE_ANON``, ``API_THROTTLE_USER``) and are read on each
request, not once at import as DRF's own classes do, so a deployment or a test
that changes the setting is obeyed.
"""

from __future__ import annotations

from django.conf import settings
from rest_framework import throttling


class AnonymousThrottle(throttling.AnonRateThrottle):
    setting = "CLAIMTRACK_API_THROTTLE_ANON"

    def get_rate(self) -> str:
        return getattr(settings, self.setting)


class UserThrottle(throttling.UserRateThrottle):
    setting = "CLAIMTRACK_API_THROTTLE_USER"

    def get_rate(self) -> str:
        return getattr(settings, self.setting)

    def allow_request(self, request, view) -> bool:
        # Anonymous clients are AnonymousThrottle's; counting them here as well
        # (by address, as UserRateThrottle would) would apply the user rate to them.
        if not request.user or not request.user.is_authenticated:
            return True
        return super().allow_request(request, view)
