"""One structured (JSON) log line per request, for log pipelines and incident review."""

import json
import logging
import time

from claimtrack.outage import is_database_outage

logger = logging.getLogger("claimtrack.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        try:
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
        except Exception as error:
            # A session the database could not load: the request was answered (a 503 by
            # claimtrack.outage) and is logged without its user, not answered twice.
            if not is_database_outage(error):
                raise
            user_id = None
        logger.info(
            json.dumps(
                {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "user": user_id,
                    "bytes": len(response.content) if not response.streaming else None,
                },
                separators=(",", ":"),
            )
        )
        return response
