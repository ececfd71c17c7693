"""Reads from the replica, and from the primary while the replica is down (db_router.py).

A real ``replica`` alias sits next to the test primary, as DATABASE_REPLICA_URL
adds one. It reads the primary's own test database (a replica that is up), or
is moved to a port where nothing listens (a replica that is down). The alias is
added for the whole module: Django's test case checks which databases a test may
touch when it starts, before a function-scoped fixture could add one. The tests
are transactional: a plain test case would open its rollback transaction on the
replica too, so the router would never see it unconnected. (serialized_rollback
puts back the rows migrations made, which the flush afterwards removes.)
"""

import copy
import json

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from claimtrack import db_router

REPLICA = db_router.REPLICA
# Nothing listens here: a replica that is down (the connection is refused at once).
NOTHING_LISTENS = 59999

pytestmark = pytest.mark.django_db(
    databases=["default", REPLICA], transaction=True, serialized_rollback=True
)


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    primary = connections["default"].settings_dict
    alias = copy.deepcopy(primary)
    # As settings.base configures a replica (a test mirror: only the primary is flushed).
    alias.update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True, TEST={"MIRROR": "default"})
    # Django's connections read settings.DATABASES itself: one dict, one change.
    assert connections.settings is django_settings.DATABASES
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(connections.settings, REPLICA, alias)
        yield alias
        connections[REPLICA].close()
        del connections[REPLICA]


@pytest.fixture
def replica(replica_alias, monkeypatch):
    """The replica, up, with a router that knows nothing yet; closed afterwards."""
    monkeypatch.setattr(db_router, "_replica", db_router.ReplicaState())
    replica_up(replica_alias)
    yield replica_alias
    connections[REPLICA].close()


def replica_down(alias):
    alias.update(HOST="127.0.0.1", PORT=NOTHING_LISTENS)


def replica_up(alias):
    primary = connections["default"].settings_dict
    alias.update(HOST=primary["HOST"], PORT=primary["PORT"])


def record_into(queries):
    def wrapper(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    return wrapper


def replica_events(caplog):
    return [
        json.loads(record.getMessage())["event"]
        for record in caplog.records
        if record.name == "claimtrack.db"
    ]


def test_public_reads_go_to_the_replica_and_everything_else_to_the_primary(replica):
    """Anonymous GETs read from the replica; editors and writes use the primary."""
    router = db_router.PrimaryReplicaRouter()
    seen = {}

    def view(request):
        seen[request.method, bool(request.user.is_authenticated)] = router.db_for_read(Claim)
        return HttpResponse()

    middleware = db_router.PrimaryReplicaMiddleware(view)
    factory = RequestFactory()
    anonymous_get = factory.get("/claims/")
    anonymous_get.user = AnonymousUser()
    anonymous_post = factory.post("/api/v1/claims/")
    anonymous_post.user = AnonymousUser()
    editor_get = factory.get("/claims/")
    editor_get.user = type("Editor", (), {"is_authenticated": True})()

    for request in (anonymous_get, anonymous_post, editor_get):
        middleware(request)

    assert seen == {
        ("GET", False): "replica",
        ("POST", False): "default",
        ("GET", True): "default",
    }
    assert router.db_for_read(Claim) == "default"  # outside a request: the primary
    assert router.db_for_write(Claim) == "default"


def test_healthz_reports_the_replica_ok(client, replica):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "databases": {"default": "ok", "replica": "ok"}}


def test_public_reads_fall_back_to_the_primary_while_the_replica_is_down(
    client, replica, published_claim, caplog
):
    """A dead replica costs readers nothing: pages and the API answer from the primary,
    and the fallback is logged once, not per request."""
    replica_down(replica)
    with CaptureQueriesContext(connection) as on_primary:
        assert client.get("/").status_code == 200
        api = client.get("/api/v1/claims/")
        assert api.status_code == 200
        assert client.get(f"/api/v1/claims/{published_claim.slug}/").status_code == 200
    assert [row["slug"] for row in api.json()["results"]] == [published_claim.slug]
    assert len(on_primary) > 0
    assert connections[REPLICA].connection is None
    assert replica_events(caplog) == ["replica_unavailable"]


def test_healthz_is_200_while_the_replica_is_down(client, replica):
    """The primary can serve every read, so a load balancer must keep this server."""
    replica_down(replica)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "databases": {
            "default": "ok",
            "replica": "unavailable: OperationalError; reads fall back to the primary",
        },
    }
    # The router learnt it from the health check: reads go straight to the primary.
    assert db_router.replica_state().down


def test_the_replica_is_tried_again_after_the_back_off(client, replica, settings, caplog):
    """Within the back-off reads stay on the primary, even once the replica is back;
    after it the replica is tried again, and used. (Each request asks another URL: the
    public API's answers are cached.)"""
    settings.CLAIMTRACK_REPLICA_RETRY_SECONDS = 60
    replica_down(replica)
    assert client.get("/api/v1/claims/?attempt=1").status_code == 200
    replica_up(replica)
    on_replica = []
    # Not CaptureQueriesContext: it would connect to the replica itself.
    with connections[REPLICA].execute_wrapper(record_into(on_replica)):
        assert client.get("/api/v1/claims/?attempt=2").status_code == 200
        assert on_replica == []
        assert connections[REPLICA].connection is None
        db_router.replica_state()._retry_at = 0.0  # the back-off has run out
        assert client.get("/api/v1/claims/?attempt=3").status_code == 200
    assert on_replica != []
    assert replica_events(caplog) == ["replica_unavailable", "replica_available"]
    assert client.get("/healthz").json()["status"] == "ok"


def test_a_replica_connection_that_died_is_noticed_before_reads_use_it(client, replica):
    """A replica gone since the last request: its persistent connection fails the health
    check at the next request's first read, and reads fall back to the primary."""
    assert client.get("/api/v1/claims/").status_code == 200
    backend_pid = connections[REPLICA].connection.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [backend_pid])
    replica_down(replica)
    # What Django does at the start of every request (the test client skips it).
    connections[REPLICA].close_if_unusable_or_obsolete()
    # Another URL: the first answer is cached.
    assert client.get("/api/v1/claims/?page_size=5").status_code == 200
    assert db_router.replica_state().down
