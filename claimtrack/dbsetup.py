"""Make sure the database DATABASE_URL names exists, creating it if not.

Django cannot connect to a database that is not there, so `make` calls this
before `migrate` when pointed at an external server (a fresh managed instance,
or the CI service). The embedded server creates its own in ``embedded_db``.
"""

import sys

import dj_database_url
import psycopg
from psycopg import sql


def ensure_database(url: str) -> bool:
    """Create the URL's database when missing; True when it was created."""
    config = dj_database_url.parse(url)
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    name = config["NAME"]
    # Connect to the maintenance database; CREATE DATABASE cannot run in a transaction.
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            return False
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return True


def main(argv: list[str]) -> int:
    import os

    url = os.environ.get("DATABASE_URL", "")
    if not url:
        from claimtrack import embedded_db

        return embedded_db.main(["start"])
    created = ensure_database(url)
    print(f"database {dj_database_url.parse(url)['NAME']} {'created' if created else 'exists'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
