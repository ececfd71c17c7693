"""Gunicorn workers that give every request a deadline for arriving.

A client that sends its headers or body a byte at a time (slowloris) holds
whatever reads them. Gunicorn bounds neither: a sync worker sits in ``recv``
until the arbiter kills it at ``timeout`` (30 s; the whole worker, and it logs
a crash), and a gthread worker's thread waits for the rest of a started request
for ever, so a few dozen such connections take every thread of every worker.

These workers read each request through a ``DeadlineSocket``: from the moment
gunicorn starts reading a request (right after accept for the sync worker; once
the connection is readable for gthread, which first waits for data off its
threads), headers and body must all have arrived within
``GUNICORN_READ_TIMEOUT`` seconds (default 10). The deadline is a
total, not a per-``recv`` idle timeout, which a byte every few seconds would
defeat. When it passes:

* still in the headers: the worker answers ``408 Request Timeout`` and closes;
* in the body, which Django reads inside the app: ``recv`` raises
  ``ClientTooSlow`` there and ``claimtrack.request_limits`` answers 408 (JSON
  for the API, a page otherwise), after which gunicorn closes the connection.

Sends are bounded too (``timeout``, per blocking send), so a client that stops
reading its response cannot hold a thread for ever either. This is the last line
of defence: in production a buffering load balancer or proxy (docs/DEPLOYMENT.md)
should receive whole requests before it forwards them.

``gunicorn.conf.py`` picks ``SyncWorker`` (``GUNICORN_THREADS=1``) or
``ThreadWorker``; the class names deliberately do not end in "SyncWorker", which
gunicorn would silently swap for its stock gthread worker when threads > 1.
"""

from __future__ import annotations

import os
import socket
import time

from gunicorn import util
from gunicorn.workers.gthread import ThreadWorker as GunicornThreadWorker
from gunicorn.workers.sync import SyncWorker as GunicornSyncWorker

READ_TIMEOUT_ENV = "GUNICORN_READ_TIMEOUT"


class ClientTooSlow(Exception):
    """The request had not fully arrived by its deadline.

    Deliberately not an ``OSError``: Django would turn one raised while reading
    the body into ``UnreadablePostError`` and then a 500, and gunicorn would
    log a socket-error traceback for one raised while reading headers.
    """


def read_timeout() -> float:
    return float(os.environ.get(READ_TIMEOUT_ENV, "10"))


class DeadlineSocket(socket.socket):
    """A client socket whose reads fail once the current request's deadline passes."""

    budget: float | None = None
    close_after_response = False
    deadline: float | None = None
    send_timeout: float | None = None

    @classmethod
    def wrap(cls, sock: socket.socket, *, send_timeout: float | None) -> DeadlineSocket:
        wrapped = cls(sock.family, sock.type, sock.proto, fileno=sock.detach())
        wrapped.send_timeout = send_timeout
        wrapped.settimeout(send_timeout)
        return wrapped

    def arm(self, seconds: float) -> None:
        """Allow ``seconds`` for the next request, counted from its first read."""
        self.budget, self.deadline, self.close_after_response = seconds, None, False

    def disarm(self) -> None:
        self.budget = self.deadline = None

    def recv(self, bufsize, flags=0):
        if self.budget is None:
            return super().recv(bufsize, flags)
        if self.deadline is None:
            self.deadline = time.monotonic() + self.budget
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            self._expire()
        try:
            self.settimeout(remaining)
            return super().recv(bufsize, flags)
        except TimeoutError:
            self._expire()
        finally:
            # Back to the send bound, so a response is never written under a
            # nearly spent read deadline.
            self.settimeout(self.send_timeout)

    def _expire(self):
        # Fires once: the 408 and gunicorn's closing read must not fail again.
        self.disarm()
        self.close_after_response = True
        raise ClientTooSlow(f"the request did not arrive within {READ_TIMEOUT_ENV}")


def close_after_response(request) -> None:
    """Ask the worker to close this connection after the response (a WSGI app may not
    send ``Connection: close`` itself): for a refused body that was never read."""
    sock = request.META.get("gunicorn.socket")
    if isinstance(sock, DeadlineSocket):
        sock.close_after_response = True


def _answer_408(worker, client, addr, exc) -> None:
    worker.log.info("closing a slow client %s: %s", (addr or ("",))[0], exc)
    try:
        util.write_error(client, 408, "Request Timeout", "The request took too long to arrive.")
    except Exception:  # the client is most likely gone already
        worker.log.debug("could not send the 408")


class SyncWorker(GunicornSyncWorker):
    """One request per connection: the deadline starts at accept."""

    def handle(self, listener, client, addr):
        if not self.cfg.is_ssl:
            client = DeadlineSocket.wrap(client, send_timeout=self.cfg.timeout or None)
            client.arm(read_timeout())
        return super().handle(listener, client, addr)

    def handle_request(self, listener, req, client, addr):
        try:
            return super().handle_request(listener, req, client, addr)
        finally:
            if isinstance(client, DeadlineSocket):
                client.disarm()

    def handle_error(self, req, client, addr, exc):
        if isinstance(exc, ClientTooSlow):
            return _answer_408(self, client, addr, exc)
        return super().handle_error(req, client, addr, exc)


class ThreadWorker(GunicornThreadWorker):
    """Kept-alive connections: a fresh deadline for each request on the connection."""

    def handle(self, conn):
        if not self.cfg.is_ssl:
            if not isinstance(conn.sock, DeadlineSocket):
                blocking = conn.sock.getblocking()
                conn.sock = DeadlineSocket.wrap(conn.sock, send_timeout=self.cfg.timeout or None)
                conn.sock.setblocking(blocking)
            conn.sock.arm(read_timeout())
        return super().handle(conn)

    def handle_request(self, req, conn):
        try:
            keepalive = super().handle_request(req, conn)
        finally:
            if isinstance(conn.sock, DeadlineSocket):
                conn.sock.disarm()
        # After a 408 or 413 the rest of the body may still be on its way: close, do
        # not spend a thread draining it for the next request.
        return keepalive and not getattr(conn.sock, "close_after_response", False)

    def handle_error(self, req, client, addr, exc):
        if isinstance(exc, ClientTooSlow):
            return _answer_408(self, client, addr, exc)
        return super().handle_error(req, client, addr, exc)
