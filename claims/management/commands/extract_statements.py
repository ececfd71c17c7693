"""Propose statement candidates (who said what) from sources, for editors to review.

Runs ``claims.extraction.statement_candidates_extract`` on one source or on
all of them. Candidates are stored for review in the admin and are never
published on their own; running it again keeps every decision already taken
(accepted, rejected or edited candidates are left as they are).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from claims import extraction
from claims.models import Source


class Command(BaseCommand):
    help = (
        "Extract statement candidates (speaker, cue, quote with offsets, stance, matching "
        "claims) from one source (--source SLUG) or all sources, and store them for review."
    )

    def add_arguments(self, parser):
        parser.add_argument("--source", help="Slug of the source (default: every source).")
        parser.add_argument(
            "--json", action="store_true", help="Print the candidates as JSON on stdout."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Extract and report; store nothing."
        )

    def handle(self, *args, source, json: bool, dry_run, verbosity, **options):
        sources = Source.objects.order_by("pk")
        if source:
            sources = sources.filter(slug=source)
            if not sources.exists():
                raise CommandError(f"No source with slug {source!r}.")
        if not sources.exists():
            if verbosity:
                self.stdout.write("Nothing to do: there are no sources.")
            return
        output = []
        for item in sources:
            # One transaction per source (inside the service): a failure in one
            # source leaves the others' candidates and decisions in place.
            report = extraction.statement_candidates_extract(source=item, dry_run=dry_run)
            if json:
                output.append(
                    {
                        "source": item.slug,
                        "boilerplate": [
                            {"start": b.start, "end": b.end, "text": b.text, "reason": b.reason}
                            for b in report.boilerplate
                        ],
                        "candidates": [extraction.candidate_as_dict(c) for c in report.candidates],
                    }
                )
            elif verbosity:
                self.stdout.write(
                    f"{item.slug}: {len(report.created)} new, {len(report.refreshed)} refreshed, "
                    f"{len(report.kept)} kept (decided or edited), {report.removed} removed; "
                    f"{len(report.boilerplate)} boilerplate line(s) skipped."
                )
                if verbosity >= 2:
                    for c in report.candidates:
                        self.stdout.write(
                            f"  {c.start}-{c.end} {c.speaker_name or c.speaker_mention} "
                            f"{c.cue} [{c.stance}] “{c.exact[:80]}”"
                        )
        if json:
            self.stdout.write(_dumps(output))
        elif verbosity:
            prefix = "[dry run] nothing stored. " if dry_run else ""
            self.stdout.write(self.style.SUCCESS(f"{prefix}Done: {sources.count()} source(s)."))


def _dumps(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
