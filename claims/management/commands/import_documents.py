"""Import articles from files or folders as sources: the desk's bulk entry point.

Saved web pages (``.html``), Markdown (``.md``) and plain text (``.txt``) are
read (``claims.domain.documents``), checked against what is already stored
(same URL, or the same text with white space and quotes folded) and added by
``claims.ingestion.source_import``. Running it again on the same folder adds
nothing: every file is then reported as a duplicate. Files of other types are
refused with the reason, never silently skipped.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from claims import ingestion
from claims.domain.documents import KINDS


def _files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
            )
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"No such file or folder: {raw}")
    return found


class Command(BaseCommand):
    help = (
        "Import .txt, .md and .html files (or every such file under a folder) as sources. "
        "Duplicates (same URL, or same text once white space and quotes are folded) are "
        "skipped; files that cannot be read are refused with the reason."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--url",
            default="",
            help="Original URL of the page, when importing a single saved .html file.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument("--json", action="store_true", help="Print the results as JSON.")

    def _progress(self, done: int, total: int, name: str) -> None:
        """A one-line progress bar on stderr (only for a terminal and verbosity ≥ 1)."""
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stderr.write(f"\r[{bar}] {done}/{total} {name[:40]:<40}", ending="")
        if done == total:
            self.stderr.write("")

    def handle(self, *args, paths, url, dry_run, json: bool, verbosity, **options):
        files = _files(paths)
        if url and len(files) != 1:
            raise CommandError("--url applies to a single file.")
        if not files:
            if verbosity:
                self.stdout.write("Nothing to do: no files found.")
            return
        show_progress = verbosity >= 1 and not json and sys.stderr.isatty()
        results: list[ingestion.ImportResult] = []
        for done, path in enumerate(files, start=1):
            if show_progress:
                self._progress(done - 1, len(files), path.name)
            # Each file in its own transaction (inside source_import): one bad
            # file does not undo the others, and a re-run resumes where it stopped.
            results.append(
                ingestion.source_import_file(
                    name=str(path), data=path.read_bytes(), url=url, dry_run=dry_run
                )
            )
            if show_progress:
                self._progress(done, len(files), path.name)
        if json:
            self.stdout.write(_dumps([r.as_dict() for r in results]))
            return
        self._summary(results, dry_run=dry_run, verbosity=verbosity)

    def _summary(self, results, *, dry_run: bool, verbosity: int) -> None:
        by_status = {
            s: [r for r in results if r.status == s] for s in ("added", "duplicate", "refused")
        }
        prefix = "[dry run] " if dry_run else ""
        if verbosity >= 2 or by_status["duplicate"] or by_status["refused"]:
            for r in by_status["added"]:
                if verbosity >= 2:
                    where = f" as {r.source.slug}" if r.source else ""
                    self.stdout.write(f"  added      {r.origin}{where}")
            for r in by_status["duplicate"]:
                if verbosity >= 1:
                    self.stdout.write(f"  duplicate  {r.origin}: {r.reason} ({r.source.slug})")
            for r in by_status["refused"]:
                self.stdout.write(self.style.WARNING(f"  refused    {r.origin}: {r.reason}"))
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{prefix}{len(by_status['added'])} added, "
                    f"{len(by_status['duplicate'])} skipped as duplicates, "
                    f"{len(by_status['refused'])} refused "
                    f"(of {len(results)} files; types read: "
                    f"{', '.join(sorted(KINDS))})."
                )
            )


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
