"""Rebuild the claims' search documents: after a change to what goes into them, or to
rows written around the ORM.

Every write through the admin, the API or the loaders keeps ``Claim.search_vector``
current (``claims.signals``, ``claims.search``). Two things do not: a deploy that
changes what the document holds (its weights, its text search configuration, the
verdicts' fields), and rows changed by hand in SQL. Both leave claims that a search
should find, and does not. This command recomputes them all, a batch of claims per
transaction, in key order: an archive stays searchable and writable meanwhile, and
a run stopped halfway can be started again from where it stopped (``--after``).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from claims.caching import content_version_bump
from claims.models import Claim
from claims.search import claims_search_refresh

#: Claims recomputed per transaction: under a second each (100,000 synthetic claims took
#: 16 s), so an editor's save of one of them waits at most that long for its row lock.
BATCH_SIZE = 5000


class Command(BaseCommand):
    help = "Recompute every claim's search document (or those after a key), a batch at a time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=BATCH_SIZE,
            help=f"claims per transaction (default {BATCH_SIZE})",
        )
        parser.add_argument(
            "--after",
            type=int,
            default=0,
            help="start after this claim key: resumes a run that stopped (default: all)",
        )

    def handle(self, *args, batch_size: int, after: int, verbosity: int, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        if after < 0:
            raise CommandError("--after must be a claim key (0 or more).")
        started = time.monotonic()
        done = 0
        last = after
        try:
            while True:
                with transaction.atomic():
                    keys = list(
                        Claim.objects.filter(pk__gt=last)
                        .order_by("pk")
                        .values_list("pk", flat=True)[:batch_size]
                    )
                    if not keys:
                        break
                    claims_search_refresh(Claim.objects.filter(pk__in=keys))
                done += len(keys)
                last = keys[-1]
                if verbosity >= 2:
                    self.stdout.write(f"{done:,} claims, up to key {last}")
        finally:
            # Searches' answers may have changed, also when a run stops halfway (its
            # batches are committed): cached list pages go stale.
            if done:
                content_version_bump()
        if verbosity:
            elapsed = time.monotonic() - started
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search documents rebuilt for {done:,} claims in {elapsed:.1f} s."
                )
            )
