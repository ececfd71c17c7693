"""An embedded PostgreSQL server for development and tests when DATABASE_URL is unset.

The `pgserver` package ships real PostgreSQL binaries in its wheel, so a fresh
machine needs nothing but ``pip install``. The cluster lives in ``.pgdata/`` at
the project root (git-ignored). It is started on first use and deliberately left
running (``cleanup_mode=None``): every ``manage.py`` call and test run reuses it
instead of paying start-up again. ``python -m claimtrack.embedded_db stop`` (or
``make db-stop``) shuts it down cleanly.

Only core PostgreSQL is available here (no contrib extensions), which is also
why the project never relies on pg_trgm or unaccent.
"""

import os
import sys
import warnings
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE_NAME = "claimtrack"


def _server():
    # platformdirs warns that XDG_RUNTIME_DIR is unset on servers; harmless here.
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR")
    import pgserver

    return pgserver.get_server(DATA_DIR, cleanup_mode=None)


def database_settings() -> dict:
    """Start (or reuse) the embedded server and return Django's DATABASES entry."""
    server = _server()
    # DATABASE_NAME is a constant of this module, not input.
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")  # noqa: S608
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    info = server.get_postmaster_info()
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(info.socket_dir),
        "PORT": str(info.port or ""),
    }


def url() -> str:
    """A libpq URL for the embedded server (for tools that take DATABASE_URL)."""
    settings = database_settings()
    return (
        f"postgres://{settings['USER']}@/{settings['NAME']}"
        f"?host={settings['HOST']}&port={settings['PORT']}"
    )


def stop() -> bool:
    """Stop the server if it runs; True when something was stopped."""
    import pgserver
    from pgserver.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(DATA_DIR)
    if info is None or not info.is_running():
        return False
    # As root, pgserver runs the cluster as its own unprivileged "pgserver" user.
    user = "pgserver" if os.geteuid() == 0 else None
    pgserver.pg_ctl(["-w", "stop"], pgdata=DATA_DIR, user=user)
    return True


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "start"
    if command == "start":
        settings = database_settings()
        print(f"embedded PostgreSQL ready: database {settings['NAME']} at {settings['HOST']}")
        return 0
    if command == "url":
        print(url())
        return 0
    if command == "stop":
        print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
        return 0
    print("usage: python -m claimtrack.embedded_db [start|url|stop]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
