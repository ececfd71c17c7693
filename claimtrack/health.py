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
from claimtrack.outage import outage_logged

FALLBACK = "reads fall back to the primary"


def _select_one(alias: str) -> BaseException | None:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
    except UNAVAILABLE as error:
        return error
    return None


def _state(error: BaseException | None) -> str:
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
    errors = {alias: _select_one(alias) for alias in connections if alias != REPLICA}
    checks = {
        alias: _check_replica() if alias == REPLICA else _state(errors[alias])
        for alias in connections
    }
    failed = [error for error in errors.values() if error is not None]
    if failed:
        status = "unavailable"
    elif all(state == "ok" for state in checks.values()):
        status = "ok"
    else:
        status = "degraded"
    response = JsonResponse({"status": status, "databases": checks}, status=503 if failed else 200)
    if failed:
        # One warning naming the cause, not Django's ERROR for a 5xx: a load balancer
        # asks every few seconds, and an outage is not a bug to page anyone about twice.
        outage_logged(request, response, failed[0])
    return response


@never_cache
@require_safe
def livez(request):
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
