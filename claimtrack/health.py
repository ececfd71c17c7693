"""Health checks for load balancers and orchestrators.

``/healthz`` (readiness): is this app server able to answer from its database?
Load balancers call it every few seconds, so it does the least that proves the
point: one ``SELECT 1`` per configured database, no ORM, no cache, no session.

``/livez`` (liveness): is the process answering at all? No database, no cache,
so a database outage never makes an orchestrator restart healthy app servers.
It is also the benchmarks' trivial view: the whole middleware stack and nothing
else, the ceiling every page is measured against (docs/PERFORMANCE.md).
"""

from django.db import DatabaseError, connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def healthz(request):
    checks = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
            checks[alias] = "ok"
        except DatabaseError as error:
            checks[alias] = f"unavailable: {error.__class__.__name__}"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "databases": checks},
        status=200 if healthy else 503,
    )


@never_cache
@require_safe
def livez(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
