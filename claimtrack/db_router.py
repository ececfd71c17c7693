"""Send public reads to a read replica, everything else to the primary.

Only anonymous GET/HEAD requests (the public pages and public API reads) may
read from the replica: an editor who just saved must see their own write, and a
replica lags by a moment. ``PrimaryReplicaMiddleware`` marks each request; code
outside a request (commands, tests, the admin) always uses the primary.

A replica that is down must not take the public site with it, since the primary
can answer the same reads. So before the router sends a read to the replica it
makes sure the replica has a usable connection, which is cheap: a connection
already open this request is taken as it is, an open one from an earlier request
gets Django's ``CONN_HEALTH_CHECKS`` check (which the first query would run
anyway), and only a missing one costs a connection attempt. If that fails the
read goes to the primary, and so does every read in this process for
``CLAIMTRACK_REPLICA_RETRY_SECONDS``: a dead replica then costs one connection
attempt (at most the replica's short ``connect_timeout``) per process per
back-off, not one per request. The request that makes that attempt is served by
the primary too. A query that fails half-way through a request on the replica
still makes that request a 503 (``claimtrack.outage``); the next request finds
the connection unusable and falls back.

The state is per process, not shared: each worker finds out for itself, at the
price of one failed attempt. ``claimtrack.health`` reports it.
"""

from __future__ import annotations

import contextvars
import json
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, connections

REPLICA = "replica"
# What a connection attempt raises when the database is not there.
UNAVAILABLE = (DatabaseError, InterfaceError)

logger = logging.getLogger("claimtrack.db")

_public_read: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "claimtrack_public_read", default=False
)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


class ReplicaState:
    """Whether this process believes the replica is down, and when to try it again.

    Threads of a gthread worker share it. While the replica is up the check
    takes no lock; once it is down, the first caller after the back-off claims
    the next attempt (and pushes the back-off on) so that only one thread waits
    on a connection timeout while the others keep reading from the primary.
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.down = False
        self.error = ""
        self._retry_at = 0.0

    def may_try(self) -> bool:
        if not self.down:
            return True
        with self._lock:
            now = time.monotonic()
            if not self.down:
                return True
            if now < self._retry_at:
                return False
            self._retry_at = now + retry_seconds()
            return True

    def mark_down(self, error: BaseException) -> None:
        name = error.__class__.__name__
        with self._lock:
            was_down, self.down, self.error = self.down, True, name
            self._retry_at = time.monotonic() + retry_seconds()
        if not was_down:
            _log(
                "replica_unavailable",
                reads="default",
                error=f"{name}: {error}".strip(),
                retry_seconds=retry_seconds(),
            )

    def mark_up(self) -> None:
        if not self.down:
            return
        with self._lock:
            was_down, self.down, self.error = self.down, False, ""
        if was_down:
            _log("replica_available", reads=REPLICA)


_replica = ReplicaState()


def retry_seconds() -> float:
    return settings.CLAIMTRACK_REPLICA_RETRY_SECONDS


def replica_state() -> ReplicaState:
    return _replica


def _log(event: str, **fields) -> None:
    # One JSON line, like the request log (claimtrack.request_log).
    logger.warning(json.dumps({"event": event, "database": REPLICA, **fields}))


def replica_usable() -> bool:
    """Whether reads may go to the replica now; on a failed connection, fall back."""
    state = _replica
    if not state.may_try():
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except UNAVAILABLE as error:
        state.mark_down(error)
        return False
    state.mark_up()
    return True


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _public_read.get() and replica_configured() and replica_usable():
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
