"""Real processes for the fault tests: gunicorn as ``make serve`` runs it, and a
throwaway PostgreSQL that a test may stop and start.

The throwaway server is a fresh ``pgserver`` cluster in a temporary folder: a test
that stops a database must never stop the shared one (``DATABASE_URL``) or the
project's ``.pgdata`` server. Servers listen on loopback ports 8200-8299.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = BASE_DIR / ".venv" / "bin"
PORTS = range(8200, 8300)


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8200-8299")


def database_url(settings_dict: dict | None = None) -> str:
    """A libpq URL for Django's current database (the pytest test database)."""
    s = settings_dict or connection.settings_dict
    user = s.get("USER") or "postgres"
    auth = f"{user}:{s['PASSWORD']}" if s.get("PASSWORD") else user
    host = s.get("HOST") or "127.0.0.1"
    port = s.get("PORT") or "5432"
    if host.startswith("/"):
        return f"postgres://{auth}@/{s['NAME']}?host={host}&port={port}"
    return f"postgres://{auth}@{host}:{port}/{s['NAME']}"


def production_env(database: str, **extra: str) -> dict[str, str]:
    """The environment ``make serve`` gives gunicorn and manage.py."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_REPLICA_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="claimtrack.settings.production",
        SECRET_KEY="fault-test-" + secrets.token_urlsafe(32),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database,
        SECURE_SSL_REDIRECT="0",
        # The tests hammer the API from one address.
        API_THROTTLE_ANON="1000000/minute",
        API_THROTTLE_USER="1000000/minute",
        REQUEST_LOG_LEVEL="WARNING",
        GUNICORN_LOG_LEVEL="warning",
        GUNICORN_GRACEFUL_TIMEOUT="3",
    )
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return subprocess.run(
        [str(BIN / "python"), "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def get(port: int, path: str, *, timeout: float = 10, **headers: str):
    """One request on a fresh connection: (status, headers, body)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 2, threads: int = 1, **extra: str):
    """A running gunicorn on a free port, as ``make serve`` starts it; yields (process, port)."""
    port = free_port()
    server_env = dict(
        env, BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers), GUNICORN_THREADS=str(threads)
    )
    server_env.update(extra)
    process = subprocess.Popen(
        [str(BIN / "gunicorn"), "claimtrack.wsgi", "-c", "claimtrack/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=server_env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}")
            try:
                get(port, "/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield process, port
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class ThrowawayPostgres:
    """A private PostgreSQL cluster that may be stopped and started at will."""

    def __init__(self):
        import pgserver

        self._pgserver = pgserver
        self.root = Path(tempfile.mkdtemp(prefix="claimtrack-faults-"))
        self.pgdata = self.root / "pgdata"
        self.server = pgserver.get_server(self.pgdata, cleanup_mode="delete")
        self.server.psql("CREATE DATABASE claimtrack;")
        info = self.server.get_postmaster_info()
        self.url = f"postgres://postgres@/claimtrack?host={info.socket_dir}&port={info.port}"
        # As root, pgserver runs the cluster as its own unprivileged user.
        self._user = "pgserver" if os.geteuid() == 0 else None

    def stop(self) -> None:
        self._pgserver.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=self.pgdata, user=self._user)

    def start(self) -> None:
        # restart on a stopped cluster starts it with its last options (postmaster.opts).
        self._pgserver.pg_ctl(["-w", "restart"], pgdata=self.pgdata, user=self._user)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.server.cleanup()
        shutil.rmtree(self.root, ignore_errors=True)
