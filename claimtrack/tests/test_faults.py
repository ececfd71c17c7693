"""Fault tests with real processes: a worker killed under load, the database stopped
and started under load, oversized and trickled requests (claimtrack/slow_clients.py,
claimtrack/request_limits.py, claimtrack/outage.py).

Each starts gunicorn with the production settings (``make serve``). The database
test uses its own throwaway PostgreSQL (``live_servers.ThrowawayPostgres``), never
the shared one.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import threading
import time
import uuid
from collections import Counter

import psutil
import pytest

from claimtrack.tests import live_servers

live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="session")
def collected_static():
    """Production settings serve the manifest-hashed files `make serve` collects."""
    env = live_servers.production_env("postgres://unused@127.0.0.1/unused")
    live_servers.manage(env, "collectstatic", "--no-input", "-v", "0")


class Load:
    """Threads requesting ``paths`` round-robin on fresh connections until stopped."""

    def __init__(self, port: int, paths, *, threads: int = 8, timeout: float = 10):
        self.port, self.paths, self.timeout = port, paths, timeout
        self.results: list[tuple[float, str, object, float]] = []  # (start, path, status|error, s)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._threads = [threading.Thread(target=self._run, args=(i,)) for i in range(threads)]

    def __enter__(self):
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def _run(self, offset: int):
        n = offset
        while not self._stop.is_set():
            path = self.paths[n % len(self.paths)].replace("{n}", uuid.uuid4().hex[:8])
            n += 1
            started = time.monotonic()
            try:
                status, headers, body = live_servers.get(self.port, path, timeout=self.timeout)
                outcome = (status, headers.get("Content-Type", ""), body)
            except (OSError, http.client.HTTPException) as error:
                outcome = error
            with self._lock:
                self.results.append((started, path, outcome, time.monotonic() - started))

    def since(self, moment: float):
        with self._lock:
            return [r for r in self.results if r[0] >= moment]


def workers_of(process) -> set[int]:
    return {child.pid for child in psutil.Process(process.pid).children()}


@live
def test_a_killed_worker_is_replaced_and_only_its_request_in_flight_fails(
    collected_static, published_claim
):
    """SIGKILL one of two sync workers under load: gunicorn starts another, and at most
    the one request that worker was serving fails (a sync worker serves one at a time;
    connections still queued belong to the shared listening socket, not to it)."""
    env = live_servers.production_env(live_servers.database_url())
    paths = ["/api/v1/claims/", f"/claims/{published_claim.slug}/?v={{n}}", "/healthz"]
    with live_servers.gunicorn(env, workers=2) as (process, port):
        before = workers_of(process)
        assert len(before) == 2
        with Load(port, paths, threads=8) as load:
            time.sleep(1.5)
            victim = sorted(before)[0]
            psutil.Process(victim).send_signal(signal.SIGKILL)
            deadline = time.monotonic() + 15
            while (workers := workers_of(process)) == before or len(workers) < 2:
                assert time.monotonic() < deadline, "gunicorn did not replace the worker"
                time.sleep(0.05)
            replaced_at = time.monotonic()
            time.sleep(1.5)
        after = load.since(replaced_at)

    assert victim not in workers and len(workers) == 2
    failures = [r for r in load.results if not isinstance(r[2], tuple)]
    server_errors = [r for r in load.results if isinstance(r[2], tuple) and r[2][0] >= 500]
    assert len(load.results) > 50, len(load.results)
    assert server_errors == []
    assert len(failures) <= 1, failures  # threads per worker: 1
    assert after and all(isinstance(r[2], tuple) and r[2][0] == 200 for r in after)


def _api(port, method, path, token, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(
            method,
            path,
            body=json.dumps(body) if body is not None else None,
            headers={
                "Host": "127.0.0.1",
                "Authorization": f"Token {token}",
                "Content-Type": "application/json",
            },
        )
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def test_the_database_stopped_and_started_under_load_is_503_then_recovers(collected_static):
    """While its PostgreSQL is down gunicorn answers quick 503s (JSON for the API, a page for
    readers, /healthz too) and never a 500; once it is back, the same workers serve again
    and what was written before is still there."""
    database = live_servers.ThrowawayPostgres()
    try:
        env = live_servers.production_env(database.url)
        live_servers.manage(env, "migrate", "--no-input", "-v", "0")
        env_admin = dict(env, DJANGO_SUPERUSER_PASSWORD="fault-" + uuid.uuid4().hex)
        live_servers.manage(
            env_admin, "createsuperuser", "--no-input", "--username", "w", "--email", "w@x.org"
        )
        token = live_servers.manage(env, "drf_create_token", "w").split()[2]
        paths = ["/api/v1/topics/?n={n}", "/claims/?q={n}", "/healthz"]
        with live_servers.gunicorn(env, workers=2) as (process, port):
            workers = workers_of(process)
            status, _ = _api(port, "POST", "/api/v1/topics/", token, {"slug": "kept", "name": "K"})
            assert status == 201
            with Load(port, paths, threads=6) as load:
                time.sleep(1)
                database.stop()
                stopped_at = time.monotonic()
                time.sleep(2.5)
                status, body = _api(
                    port, "POST", "/api/v1/topics/", token, {"slug": "lost", "name": "L"}
                )
                assert status == 503, body
                started_at = time.monotonic()  # serving may resume before start() returns
                database.start()
                while live_servers.get(port, "/healthz")[0] != 200:
                    assert time.monotonic() < started_at + 10, "no recovery"
                    time.sleep(0.1)
                recovered_at = time.monotonic()
                time.sleep(1.5)
            assert workers_of(process) == workers  # recovered without a restart

            status, body = _api(port, "GET", "/api/v1/topics/", token)
            assert status == 200
            assert [t["slug"] for t in json.loads(body)["results"]] == ["kept"]
            assert (
                _api(port, "POST", "/api/v1/topics/", token, {"slug": "new", "name": "N"})[0] == 201
            )

        outcomes = [r[2] for r in load.results]
        assert all(isinstance(o, tuple) for o in outcomes), [
            o for o in outcomes if not isinstance(o, tuple)
        ]
        assert not [o for o in outcomes if o[0] == 500]
        assert max(r[3] for r in load.results) < 5, "a request hung"
        # Fully down: after the first second, until the restart.
        down = [r for r in load.results if stopped_at + 1 < r[0] and r[0] + r[3] < started_at]
        by_kind = Counter((r[1].split("?")[0], r[2][0]) for r in down)
        assert by_kind.keys() == {
            ("/api/v1/topics/", 503),
            ("/claims/", 503),
            ("/healthz", 503),
        }, by_kind
        for _, path, (_status, content_type, body), _ in down:
            if path.startswith("/api/"):
                assert content_type == "application/json"
                assert set(json.loads(body)) == {"message", "code", "errors"}
            elif path.startswith("/claims/"):
                assert content_type.startswith("text/html")
                assert b"Back in a moment" in body
        after = [r for r in load.results if r[0] > recovered_at]
        assert after and all(r[2][0] == 200 for r in after)
    finally:
        database.close()


def _raw(port: int, data: bytes, *, trickle: bytes = b"", every: float = 0.3, limit: float):
    """Send ``data``, then ``trickle`` a byte every ``every`` seconds until the server
    answers or closes; return (everything it sent, seconds until its first answer)."""
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=limit) as sock:
        sock.sendall(data)
        answer = b""
        for byte in trickle:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                break  # the server closed the connection
            sock.settimeout(every)
            try:
                answer = sock.recv(65536)
                break
            except TimeoutError:
                continue
            except ConnectionResetError:
                break
        sock.settimeout(limit)
        try:
            answer = answer or sock.recv(65536)
            seconds = time.monotonic() - started
            while chunk := sock.recv(65536):
                answer += chunk
        except ConnectionResetError:
            seconds = time.monotonic() - started
        return answer, seconds


@pytest.mark.parametrize("threads", [1, 2], ids=["sync", "gthread"])
@live
def test_oversized_and_trickled_requests_are_cut_off(collected_static, threads):
    """A body over the limit is a 413 before it is sent; headers or a body trickled in
    are a 408 once GUNICORN_READ_TIMEOUT (here 2 s) has passed, and the server serves
    others meanwhile."""
    env = live_servers.production_env(
        live_servers.database_url(), DATA_UPLOAD_MAX_MEMORY_SIZE="100000"
    )
    with live_servers.gunicorn(env, threads=threads, GUNICORN_READ_TIMEOUT="2") as (_, port):
        head = (
            "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            "Content-Length: {length}\r\n\r\n"
        )
        big = head.format(path="/api/v1/topics/", length=50_000_000).encode()
        answer, seconds = _raw(port, big, limit=5)
        assert answer.startswith(b"HTTP/1.1 413 "), answer[:200]
        assert b'"code": "request_too_large"' in answer and seconds < 1
        answer, seconds = _raw(
            port, head.format(path="/claims/", length=50_000_000).encode(), limit=5
        )
        assert answer.startswith(b"HTTP/1.1 413 ") and b"<html" in answer, answer[:300]

        slow_headers = b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        with Load(port, ["/healthz"], threads=2) as others:
            answer, seconds = _raw(port, slow_headers, trickle=b"X-Slow: " + b"a" * 60, limit=6)
        assert answer == b"" or answer.startswith(b"HTTP/1.1 408 "), answer[:200]
        assert 1.5 < seconds < 4, seconds
        assert others.results and all(r[2][0] == 200 for r in others.results)

        body_start = head.format(path="/api/v1/topics/", length=1000).encode() + b'{"slug": '
        answer, seconds = _raw(port, body_start, trickle=b'"' + b"a" * 60, limit=6)
        assert answer.startswith(b"HTTP/1.1 408 "), answer[:300]
        assert b'"code": "request_timeout"' in answer
        assert 1.5 < seconds < 4, seconds
