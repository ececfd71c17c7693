"""Health checks for load balancers and orchestrators.

``/healthz`` (readiness): is this app server able to answer from its database?
Load balancers call it every few seconds, so it does the least that proves the
point: one ``SELECT 1`` per configured database, no ORM, no cache, no session.
Only the primary decides the answer: while the replica is down, reads fall back
to the primary (``claimtrack.db_router``), so the server still answers and says
200, with the replica reported "unavailable" and the status "degraded". A
replica the router already knows to be down is not tried again before its
back-off ends; a failed check starts that back-off, a passing one ends it.

``/livez`` (liveness): is the process answering at all? No database, no cache,
so a database outage never makes an orchestrator restart healthy app servers.
It is also the benchmarks' trivial view: the whole middleware stack and nothing
else, the ceiling every page is measured against (docs/PERFORMANCE.md).
"""

from django.db import connections
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from claimtrack.db_router import REPLICA, UNAVAILABLE, replica_state

FALLBACK = "reads fall back to the primary"


def _select_one(alias: str) -> BaseException | None:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except UNAVAILABLE as error:
        return error
    return None


def _check(alias: str) -> str:
    error = _select_one(alias)
    return "ok" if error is None else f"unavailable: {error.__class__.__name__}"


def _check_replica() -> str:
    state = replica_state()
    if state.may_try():
        error = _select_one(REPLICA)
        if error is None:
            state.mark_up()
            return "ok"
        state.mark_down(error)
    return f"unavailable: {state.error}; {FALLBACK}"


@never_cache
@require_safe
def healthz(request):
    checks = {
        alias: _check_replica() if alias == REPLICA else _check(alias) for alias in connections
    }
    healthy = all(state == "ok" for alias, state in checks.items() if alias != REPLICA)
    if not healthy:
        status = "unavailable"
    elif all(state == "ok" for state in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, "databases": checks},
        status=200 if healthy else 503,
    )


@never_cache
@require_safe
def livez(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
