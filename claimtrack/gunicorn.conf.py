"""Gunicorn settings for `make serve`, every number from the environment.

Sync workers with a few threads suit a database-bound Django app; requests are
bounded in size and time so that a slow or oversized client cannot hold a
worker: gunicorn answers an over-long request line or header with 414/431, a
body over DATA_UPLOAD_MAX_MEMORY_SIZE is a 413 before it is read
(claimtrack/request_limits.py), and a request that has not arrived whole within
GUNICORN_READ_TIMEOUT seconds is a 408 (claimtrack/slow_clients.py).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Recycle workers now and then so that a slow leak never becomes an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# Request lines are logged by claimtrack.request_log as JSON; gunicorn logs its own events.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Requests must arrive whole within GUNICORN_READ_TIMEOUT seconds (default 10), or
# get a 408: these workers bound slow clients that stock gunicorn waits for
# (claimtrack/slow_clients.py). Threads > 1 takes the gthread flavour.
worker_class = (
    "claimtrack.slow_clients.ThreadWorker" if threads > 1 else "claimtrack.slow_clients.SyncWorker"
)
# Gunicorn 27's control socket sits at one fixed path per user: several servers on
# one machine (tests, benchmarks, `make serve`) would take it from each other.
# Nothing here uses it; restarts go through signals (docs/DEPLOYMENT.md).
control_socket_disable = True
