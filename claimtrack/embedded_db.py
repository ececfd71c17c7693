"""An embedded PostgreSQL server for development and tests when DATABASE_URL is unset.

The `pgserver` package ships real PostgreSQL binaries in its wheel, so a fresh
machine needs nothing but ``pip install``. The cluster lives in ``.pgdata/`` at
the project root (git-ignored). It is started on first use and deliberately left
running (``cleanup_mode=None``): every ``manage.py`` call and test run reuses it
instead of paying start-up again. ``python -m claimtrack.embedded_db stop`` (or
``make db-stop``) shuts it down cleanly.

Only core PostgreSQL is available here (no contrib extensions), which is also
why the project never relies on pg_trgm or unaccent.

``start`` (``make db``, so every ``make run``, ``make test`` and ``make bench``)
also sizes the server's memory as a server of its own would be sized
(:func:`memory_settings`): initdb's 128 MB of buffers hold a small archive, but
a million claims' table is 1.1 GB, and a search then reads thousands of pages
from the operating system (docs/PERFORMANCE.md). A value set with ``ALTER
SYSTEM`` by hand is left as it is.
"""

import os
import sys
import warnings
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / ".pgdata"
DATABASE_NAME = "claimtrack"

#: PostgreSQL's own advice for a dedicated server: a quarter of the memory for its buffers,
#: and the planner told that about half of it caches the database (buffers and the
#: operating system's page cache). Capped, so that a large development machine does not
#: reserve more than an archive of a few million claims can use.
BUFFERS_SHARE = 0.25
BUFFERS_MAX = 8 * 1024**3
CACHE_SHARE = 0.5


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


def memory_settings(memory: int) -> dict[str, str]:
    """The embedded server's memory settings for a machine of ``memory`` bytes."""
    buffers = max(128 * 1024**2, min(int(memory * BUFFERS_SHARE), BUFFERS_MAX))
    return {
        "shared_buffers": f"{buffers // 1024**2}MB",
        "effective_cache_size": f"{int(memory * CACHE_SHARE) // 1024**2}MB",
    }


def _memory() -> int:
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def memory_tune(server=None, *, memory: int | None = None) -> list[str]:
    """Give the running server (``pgserver``'s; the embedded one by default) the
    :func:`memory_settings` of a machine of ``memory`` bytes (this one's by default);
    return the settings changed.

    Only settings still at initdb's values are changed: one set with ``ALTER
    SYSTEM`` (here before, or by hand) is kept. ``shared_buffers`` takes a
    restart, done here at once: only on the first start of a new cluster.
    """
    import psycopg
    from psycopg import sql

    server = server or _server()
    wanted = memory_settings(_memory() if memory is None else memory)
    with psycopg.connect(server.get_uri(), autocommit=True) as connection:
        # Settings from postgresql.auto.conf were ALTER SYSTEM's: not ours to change.
        changed = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM pg_settings WHERE name = ANY(%s) "
                "AND coalesce(sourcefile, '') NOT LIKE %s",
                [list(wanted), "%postgresql.auto.conf"],
            )
        ]
        for name in changed:
            connection.execute(
                sql.SQL("ALTER SYSTEM SET {} = {}").format(
                    sql.Identifier(name), sql.Literal(wanted[name])
                )
            )
        if changed and "shared_buffers" not in changed:
            connection.execute("SELECT pg_reload_conf()")
    if "shared_buffers" in changed:
        import pgserver

        user = "pgserver" if os.geteuid() == 0 else None
        # pg_ctl restart keeps the options the server was started with (its socket).
        pgserver.pg_ctl(["-w", "restart"], pgdata=server.pgdata, user=user)
    return sorted(changed)


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
        for name in memory_tune():
            print(f"embedded PostgreSQL: {name} set to {memory_settings(_memory())[name]}")
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
