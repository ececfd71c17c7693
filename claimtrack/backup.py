"""`make backup` / `make restore`: the whole database with pg_dump and pg_restore.

The dump is PostgreSQL's custom format (compressed, restorable table by table).
The tools come from the newest PostgreSQL client found: the pgserver wheel
ships version 16, which reads servers up to 16; a newer system client is
preferred when the server is newer.
"""

from __future__ import annotations

import datetime
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

BACKUP_DIR = Path(__file__).resolve().parent.parent / "backups"


def _tool(name: str) -> str:
    candidates = []
    try:
        import pgserver

        bundled = Path(pgserver.__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            candidates.append(str(bundled))
    except ImportError:
        pass
    system = shutil.which(name)
    if system:
        candidates.append(system)
    if not candidates:
        raise SystemExit(f"{name} not found: install the PostgreSQL client tools.")

    def version(path: str) -> tuple[int, ...]:
        out = subprocess.run(  # noqa: S603 - a PostgreSQL tool found above
            [path, "--version"], capture_output=True, text=True, check=False
        ).stdout
        match = re.search(r"(\d+)(?:\.(\d+))?", out)
        return tuple(int(g) for g in match.groups() if g) if match else (0,)

    return max(candidates, key=version)


def connection_args(url: str) -> tuple[list[str], dict]:
    """libpq arguments and environment for ``url``: the URL itself (libpq reads
    URIs, including ``?host=/socket/dir``), with the password moved into
    PGPASSWORD so that it never shows in the process list."""
    parts = urlsplit(url)
    env = dict(os.environ)
    if parts.password:
        env["PGPASSWORD"] = unquote(parts.password)
        user = parts.username or ""
        host = parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        parts = parts._replace(netloc=f"{user}@{host}{port}" if user else f"{host}{port}")
    return ["--dbname", urlunsplit(parts)], env


def database_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url:
        return url
    from claimtrack import embedded_db

    return embedded_db.url()


def dump(url: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    args, env = connection_args(url)
    subprocess.run(  # noqa: S603 - pg_dump with our own arguments
        [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args],
        env=env,
        check=True,
    )
    return path


def restore(url: str, path: Path) -> None:
    """Replace the database's contents with the dump's, in one transaction."""
    args, env = connection_args(url)
    subprocess.run(  # noqa: S603 - pg_restore with our own arguments
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            *args,
            str(path),
        ],
        env=env,
        check=True,
    )


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("dump", "restore"):
        print("usage: python -m claimtrack.backup dump [FILE] | restore FILE", file=sys.stderr)
        return 2
    url = database_url()
    if argv[0] == "dump":
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
        path = Path(argv[1]) if len(argv) > 1 else BACKUP_DIR / f"claimtrack-{stamp}.dump"
        print(f"backup written to {dump(url, path)}")
        return 0
    if len(argv) < 2:
        print("restore needs the dump file: make restore FILE=backups/....dump", file=sys.stderr)
        return 2
    restore(url, Path(argv[1]))
    print(f"restored {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
