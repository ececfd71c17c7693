"""Load a synthetic archive for load tests: ``--claims 1000000`` in minutes.

The rows, their distributions and why the load is fast are described in
``claims.synthetic``. One transaction: an interrupted or failed run leaves the
database as it was. Synthetic rows (slugs starting ``syn-``) sit next to the
curated ones without touching them; ``--reset`` replaces an earlier synthetic
load, which is otherwise refused. The load locks the tables it writes against
other writers (readers go on) until it commits.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from claims import synthetic


class Command(BaseCommand):
    help = (
        "Generate a synthetic archive of N claims (with ~3 statements each, their sources, "
        "actors, verdicts, evidence, relations and topics) by COPY, in one transaction."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True, help="Number of claims.")
        parser.add_argument(
            "--seed", type=int, default=1, help="Random seed; the same seed gives the same rows."
        )
        parser.add_argument(
            "--statements-per-claim",
            type=float,
            default=synthetic.STATEMENTS_PER_CLAIM,
            help="Average statements per claim, at least 1 (default 3).",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete an earlier synthetic load first (curated rows are kept).",
        )

    def handle(self, *args, claims, seed, statements_per_claim, reset, verbosity, **options):
        if claims < 1:
            raise CommandError("--claims must be at least 1.")
        if statements_per_claim < 1:
            raise CommandError("--statements-per-claim must be at least 1.")
        progress = self.stdout.write if verbosity >= 2 else None
        try:
            summary = synthetic.synthetic_archive_generate(
                claims=claims,
                seed=seed,
                statements_per_claim=statements_per_claim,
                reset=reset,
                progress=progress,
            )
        except synthetic.SyntheticDataPresent as error:
            raise CommandError(str(error)) from None
        vacuumed = synthetic.synthetic_archive_vacuum()
        if not verbosity:
            return
        if not vacuumed:
            self.stdout.write("Not vacuumed (inside a transaction): run VACUUM (ANALYZE) later.")
        if summary.deleted:
            self.stdout.write(f"Deleted {summary.deleted:,} rows of the earlier synthetic load.")
        width = max(map(len, summary.rows))
        for table, count in summary.rows.items():
            self.stdout.write(f"  {table:<{width}}  {count:>12,}")
        self.stdout.write(f"  {'total':<{width}}  {sum(summary.rows.values()):>12,}")
        if verbosity >= 2:
            for phase, seconds in summary.phases.items():
                self.stdout.write(f"  {phase}: {seconds:.1f} s")
            self.stdout.write("Database time while the rows were built (overlaps the above):")
            for table, seconds in summary.database.items():
                self.stdout.write(f"  {table}: {seconds:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic archive of {claims:,} claims loaded in {summary.seconds:.1f} s."
            )
        )
