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

import sys

from django.db import InterfaceError, OperationalError
from django.utils.log import log_response
from django.views.defaults import server_error as default_server_error

from claimtrack.error_responses import error_response

# How long clients are asked to wait: about what a managed database's failover takes.
RETRY_AFTER_SECONDS = 30
MESSAGE = "The service is temporarily unavailable. Please try again in a moment."
CODE = "service_unavailable"


def is_database_outage(exc: BaseException | None) -> bool:
    # OperationalError also covers a cancelled statement or a deadlock: transient too,
    # so "try again shortly" is the right answer for those as well.
    return isinstance(exc, OperationalError | InterfaceError)


def unavailable_response(request, exception: BaseException | None = None):
    response = error_response(
        request,
        status=503,
        message=MESSAGE,
        code=CODE,
        template="503.html",
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )
    outage_logged(request, response, exception)
    return response


def outage_logged(request, response, exception: BaseException | None) -> None:
    """Log the 503 once, as a warning that names the database's error, in Django's request
    log (``django.request``, with the status code and request as its handlers expect).

    Django logs every 5xx response as an ERROR ("Service Unavailable: /claims/") and says
    nothing of the cause: during an outage, one error a request, an alert storm for a fault
    that is not a bug, burying the one line that says what happened. Django does not log a
    response logged already.
    """
    log_response(
        "Database unavailable: %s %s: %s",
        request.method,
        request.path,
        exception,
        response=response,
        request=getattr(request, "_request", request),  # a DRF request wraps Django's
        level="warning",
    )


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        return unavailable_response(request, exception)


def server_error(request, template_name="500.html"):
    """``handler500``: Django calls it while handling the exception, so it is at hand."""
    exception = sys.exc_info()[1]
    if is_database_outage(exception):
        return unavailable_response(request, exception)
    return default_server_error(request, template_name=template_name)
