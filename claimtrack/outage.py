"""While the database is unreachable, every request gets a clean 503, never a 500.

A database outage (the primary restarting, a failover, the network to it down)
raises Django's ``OperationalError`` or ``InterfaceError`` wherever a query
runs. Left alone, each becomes a 500 and an error report, and says "our bug"
to readers and monitoring alike. Instead:

* ``DatabaseOutageMiddleware`` turns such an error raised by a view into a 503
  with ``Retry-After``: the API's JSON error body for ``/api/`` (DRF views get
  the same answer from ``claims.api.exceptions``), a friendly page otherwise;
* ``server_error`` (the site's ``handler500``) does the same for an error
  raised in a middleware, where no ``process_exception`` sees it (the session
  or token lookup behind ``request.user``, for one).

Nothing here reconnects: Django closes a connection that failed at the end of
the request (``close_old_connections``) and ``CONN_HEALTH_CHECKS`` checks a
persistent one before reuse, so the first request after the database is back
simply opens a fresh connection. ``/healthz`` (``claimtrack.health``) says 503
meanwhile, so a load balancer can tell.
"""

from __future__ import annotations

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.views.defaults import server_error as default_server_error

from claimtrack.error_responses import error_response

logger = logging.getLogger(__name__)

# How long clients are asked to wait: about what a managed database's failover takes.
RETRY_AFTER_SECONDS = 30
MESSAGE = "The service is temporarily unavailable. Please try again in a moment."
CODE = "service_unavailable"


def is_database_outage(exc: BaseException | None) -> bool:
    # OperationalError also covers a cancelled statement or a deadlock: transient too,
    # so "try again shortly" is the right answer for those as well.
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request):
    return error_response(
        request,
        status=503,
        message=MESSAGE,
        code=CODE,
        template="503.html",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, exception)
        return unavailable_response(request)


def server_error(request, template_name="500.html"):
    """``handler500``: Django calls it while handling the exception, so it is at hand."""
    if is_database_outage(sys.exc_info()[1]):
        return unavailable_response(request)
    return default_server_error(request, template_name=template_name)
