"""Import other fact-checkers' verdicts from a ClaimReview JSON-LD file or feed.

Aggregators publish thousands of ClaimReview records at a time, in every shape
(one item, a list, an ``@graph``, a DataFeed) and every language; this reads any
of them (``claims.domain.claimreview_import``) and files each record as a claim,
its claimant's statement where it appeared and the fact-checker's verdict
(``claims.interop.claimreview_import``). Imported claims and verdicts are drafts
for an editor unless ``--publish`` is given.

Safe to run again: records are matched by the review's URL, so a second run of
the same file reports every record unchanged and writes nothing. Each batch of
records is committed as it is done rather than the whole file in one
transaction: an interrupted run keeps what it wrote and the next run carries on.
A record the database refuses is isolated in its own savepoint and reported;
it never undoes the others. Nothing is deleted, so nothing cascades.
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from claims import interop


class Command(BaseCommand):
    help = (
        "Import ClaimReview JSON-LD (one item, a list, an @graph or a data feed) from FILE, "
        "or from standard input with -. Each record becomes a claim, its author's statement "
        "where it appeared, and the fact-checker's verdict, matched by the review's URL; "
        "records that cannot be imported are reported with the reason. Imports are drafts "
        "unless --publish."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A JSON file, or - for standard input.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish the imported claims and verdicts (default: drafts for an editor).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would happen; write nothing."
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=interop.BATCH_SIZE,
            help=f"Records written per transaction (default {interop.BATCH_SIZE}).",
        )
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")

    def _read(self, name: str):
        try:
            if name == "-":
                data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read()
            else:
                with open(name, "rb") as stream:
                    data = stream.read()
        except OSError as error:
            raise CommandError(f"Cannot read {name}: {error.strerror}.") from None
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise CommandError(f"{name} is not UTF-8 text: {error}.") from None
        try:
            return json.loads(data)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"{name} is not JSON: {error.msg} at line {error.lineno}, column {error.colno}."
            ) from None

    def handle(self, *args, file, publish, dry_run, batch_size, json: bool, verbosity, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        document = self._read(file)
        bar = tqdm(
            total=0,
            unit=" records",
            file=sys.stderr,
            disable=json or verbosity < 1 or not sys.stderr.isatty(),
        )

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.update(done - bar.n)

        try:
            report = interop.claimreview_import(
                document=document,
                publish=publish,
                dry_run=dry_run,
                batch_size=batch_size,
                progress=progress,
                parallel=True,
            )
        finally:
            bar.close()
        if json:
            self.stdout.write(_dumps(report.as_dict()))
            return
        if report.total == 0:
            if verbosity:
                self.stdout.write(f"Nothing to do: no ClaimReview record in {file}.")
            return
        self._summary(report, verbosity=verbosity)

    def _summary(self, report: interop.ImportReport, *, verbosity: int) -> None:
        for outcome in sorted(report.notable, key=lambda o: o.index):
            if outcome.status == interop.REFUSED and verbosity >= 1:
                where = f" {outcome.url}" if outcome.url else ""
                self.stdout.write(
                    self.style.WARNING(
                        f"  record {outcome.index}{where}: refused, {outcome.reason}: "
                        f"{outcome.detail}"
                    )
                )
            if outcome.warnings and verbosity >= 2:
                for warning in outcome.warnings:
                    self.stdout.write(f"  record {outcome.index}: {outcome.status}; {warning}")
        if not verbosity:
            return
        counts = report.counts
        prefix = "[dry run, nothing written] " if report.dry_run else ""
        line = (
            f"{prefix}{counts[interop.IMPORTED]} imported, {counts[interop.UPDATED]} updated, "
            f"{counts[interop.UNCHANGED]} unchanged, {counts[interop.REFUSED]} refused "
            f"(of {report.total} records)."
        )
        self.stdout.write(self.style.SUCCESS(line) if not counts[interop.REFUSED] else line)
        if report.refused_by_reason:
            self.stdout.write(
                "Refused: "
                + ", ".join(
                    f"{reason} {n}" for reason, n in sorted(report.refused_by_reason.items())
                )
                + "."
            )
        warned = sum(1 for o in report.notable if o.warnings)
        if warned:
            hint = "" if verbosity >= 2 else " (-v 2 lists them)"
            self.stdout.write(f"{warned} record(s) with warnings{hint}.")


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
