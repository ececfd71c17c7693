"""Send public reads to a read replica, everything else to the primary.

Only anonymous GET/HEAD requests (the public pages and public API reads) may
read from the replica: an editor who just saved must see their own write, and a
replica lags by a moment. ``PrimaryReplicaMiddleware`` marks each request; code
outside a request (commands, tests, the admin) always uses the primary.
"""

from __future__ import annotations

import contextvars

from django.conf import settings

REPLICA = "replica"

_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "claimtrack_public_read", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and replica_configured():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: rows from either may be related.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryReplicaMiddleware:
    """Mark anonymous safe requests as replica-readable for the router."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        public = request.method in ("GET", "HEAD") and not (user and user.is_authenticated)
        token = _public_read.set(public)
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(token)
