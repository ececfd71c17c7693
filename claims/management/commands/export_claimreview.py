"""Write the published verdicts as schema.org ClaimReview JSON-LD: our archive, in the
format fact-check aggregators read.

Each item is the markup the claim's public page embeds (``claims.domain.claimreview``
renders both, from ``selectors.claimreview_export``), plus the published verdicts
of other fact-checkers that the desk has imported and published, under their own
URL and name. Verdicts are read and written in batches, so an archive of any size
is never held in memory. It reads only; there is nothing to roll back.
"""

from __future__ import annotations

import argparse
import datetime
import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from claims import selectors
from claims.domain import claimreview


def _moment(value: str) -> datetime.datetime:
    """``--since``: a date (its midnight in the site's time zone) or an ISO date-time."""
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date (YYYY-MM-DD) or an ISO date-time"
        ) from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


class Command(BaseCommand):
    help = (
        "Write every published verdict as schema.org ClaimReview JSON-LD: a JSON array, or "
        "with --feed a schema.org DataFeed. --since DATE keeps the verdicts whose markup "
        "changed since then (the verdict, its claim, or the claim's statements, sources or "
        "actors). Links to our pages start with --base-url (default: CLAIMTRACK_SITE_URL)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since", type=_moment, help="Only verdicts changed since this date or date-time."
        )
        parser.add_argument("--out", help="Write to this file (default: standard output).")
        parser.add_argument(
            "--feed", action="store_true", help="Wrap the items in a schema.org DataFeed."
        )
        parser.add_argument(
            "--base-url",
            default="",
            help="This site's address, e.g. https://claims.example.org (default: the "
            "CLAIMTRACK_SITE_URL setting).",
        )
        parser.add_argument(
            "--batch-size", type=int, default=500, help="Verdicts read per query (default 500)."
        )

    def handle(self, *args, since, out, feed, base_url, batch_size, verbosity, **options):
        base_url = (base_url or getattr(settings, "CLAIMTRACK_SITE_URL", "")).rstrip("/")
        if not base_url.startswith(("https://", "http://")):
            raise CommandError(
                "Links in the export need this site's address: give --base-url "
                "https://claims.example.org or set CLAIMTRACK_SITE_URL."
            )
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if isinstance(since, str):  # call_command(since="...") skips the parser's type
            try:
                since = _moment(since)
            except argparse.ArgumentTypeError as error:
                raise CommandError(f"--since: {error}.") from None
        envelope = None
        if feed:
            envelope = claimreview.feed_envelope(
                name=f"{getattr(settings, 'CLAIMTRACK_SITE_NAME', 'ClaimTrack')} fact checks",
                url=base_url + "/",
                date_modified=timezone.now(),
            )
        counts = {"items": 0, "incomplete": 0}

        def items():
            for item in selectors.claimreview_export(
                base_url=base_url, since=since, batch_size=batch_size
            ):
                counts["items"] += 1
                if claimreview.markup_problems(item, recommended=False):
                    counts["incomplete"] += 1
                yield item

        chunks = claimreview.iter_json(items(), envelope=envelope)
        if out:
            target = Path(out)
            partial = target.with_name(target.name + ".partial")
            # Written beside the target and renamed at the end: a reader never sees
            # half an export, and a failed run leaves the previous file in place.
            with partial.open("w", encoding="utf-8") as stream:
                stream.writelines(chunks)
            os.replace(partial, target)
        else:
            for chunk in chunks:
                self.stdout.write(chunk, ending="")
        if verbosity:
            # The summary goes to stderr, so that stdout stays a clean JSON document.
            where = out or "standard output"
            self.stderr.write(
                self.style.SUCCESS(f"Exported {counts['items']} ClaimReview items to {where}.")
                if counts["items"]
                else "Nothing to export: no published verdict"
                + (" changed since then." if since else ".")
            )
            if counts["incomplete"]:
                self.stderr.write(
                    self.style.WARNING(
                        f"{counts['incomplete']} item(s) lack a property Google requires."
                    )
                )
