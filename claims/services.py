"""Writes that span more than one row. Views, admin, API and commands call these.

Each function takes keyword-only arguments, validates before it writes, and
runs in a transaction when it writes more than once, so a failure leaves
nothing half-done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from claims.domain import anchoring
from claims.models import Claim, Evidence, PublicationStatus, Rating, RatingScale, Source, Statement
from claims.models.anchors import AnchorStatus


def claim_refresh_dates(*, claims) -> None:
    """Recompute ``first_seen``/``last_seen`` of the given claims from their statements.

    A claim is *seen* both when it was said and whenever a document reports it,
    so a 2014 speech quoted in a 2022 article makes it first seen in 2014 and
    last seen in 2022: both ``said_on`` and the source's date count.

    One UPDATE whatever the number of claims (a queryset or instances); given
    instances get the new values too. PostgreSQL's LEAST/GREATEST skip NULLs,
    so an undated statement or source simply does not count.
    """
    instances = [] if isinstance(claims, models.QuerySet) else list(claims)
    targets = (
        claims
        if isinstance(claims, models.QuerySet)
        else Claim.objects.filter(pk__in=[c.pk for c in instances])
    )
    statements = Statement.objects.filter(claim=OuterRef("pk")).order_by().values("claim")

    def aggregate(function, field_name):
        return Subquery(statements.annotate(value=function(field_name)).values("value"))

    targets.update(
        first_seen=Least(aggregate(Min, "said_on"), aggregate(Min, "source__published_on")),
        last_seen=Greatest(aggregate(Max, "said_on"), aggregate(Max, "source__published_on")),
    )
    if instances:
        fresh = dict(
            (pk, (first, last))
            for pk, first, last in Claim.objects.filter(
                pk__in=[c.pk for c in instances]
            ).values_list("pk", "first_seen", "last_seen")
        )
        for claim in instances:
            claim.first_seen, claim.last_seen = fresh.get(claim.pk, (None, None))


def claim_publish(*, claim: Claim) -> Claim:
    claim.status = PublicationStatus.PUBLISHED
    claim.published_at = claim.published_at or timezone.now()
    claim.full_clean()
    claim.save()
    return claim


@dataclass
class ReanchorReport:
    """What happened to a source's quotes when its text changed."""

    moved: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    lost: list = field(default_factory=list)
    # Statements without a quote (the source was known by its URL only): an editor
    # gives each its quote now that there is a text to find it in.
    unanchored: list = field(default_factory=list)


@transaction.atomic
def source_update_text(*, source: Source, text: str) -> ReanchorReport:
    """Correct a source's text and re-anchor every quote in it.

    A quote found again unambiguously (its exact text, and its context where
    the text repeats) gets its new offsets. One that cannot be found, or could
    be in more than one place, keeps its stored text and is marked *lost* for an
    editor to fix: it is never moved to a look-alike passage.
    """
    previous_text, source.text = source.text, text
    try:
        source.full_clean()
    except Exception:
        source.text = previous_text  # refused: leave the caller's copy as the database has it
        raise
    source.save()
    report = ReanchorReport()
    report.unanchored = list(
        Statement.objects.filter(source=source, anchor_status=AnchorStatus.UNANCHORED)
    )
    quoted = [
        *Statement.objects.filter(source=source)
        .exclude(anchor_status=AnchorStatus.UNANCHORED)
        .select_for_update(),
        *Evidence.objects.filter(source=source, start__isnull=False).select_for_update(),
    ]
    for item in quoted:
        try:
            anchor = anchoring.reanchor(
                text, exact=item.exact, prefix=item.prefix, suffix=item.suffix
            )
        except anchoring.AnchoringError:
            item.anchor_status = AnchorStatus.LOST
            item.save(update_fields=["anchor_status", "updated_at"])
            report.lost.append(item)
            continue
        if (anchor.start, anchor.end) == (
            item.start,
            item.end,
        ) and item.anchor_status == AnchorStatus.ANCHORED:
            # The offsets held, but a correction next to the quote changes its
            # context; store the new one or the next re-anchoring cannot use it.
            if (anchor.prefix, anchor.suffix) != (item.prefix, item.suffix):
                item.prefix, item.suffix = anchor.prefix, anchor.suffix
                item.save(update_fields=["prefix", "suffix", "updated_at"])
            report.unchanged.append(item)
            continue
        item.start, item.end = anchor.start, anchor.end
        item.prefix, item.suffix = anchor.prefix, anchor.suffix
        item.anchor_status = AnchorStatus.ANCHORED
        item.save(update_fields=["start", "end", "prefix", "suffix", "anchor_status", "updated_at"])
        report.moved.append(item)
    return report


@transaction.atomic
def rating_scale_new_version(*, scale: RatingScale) -> RatingScale:
    """Copy a scale and its ratings into the next version, which may then be edited.

    Published verdicts keep pointing at the old version's ratings, so renaming
    a label in the new one rewrites nothing already published.
    """
    latest = RatingScale.objects.filter(slug=scale.slug).order_by("-version").first()
    new = RatingScale.objects.create(
        name=scale.name,
        slug=scale.slug,
        version=latest.version + 1,
        description=scale.description,
        is_default=False,
    )
    Rating.objects.bulk_create(
        Rating(
            scale=new,
            position=r.position,
            label=r.label,
            slug=r.slug,
            value=r.value,
            description=r.description,
        )
        for r in scale.ratings.all()
    )
    return new


@transaction.atomic
def rating_scale_make_default(*, scale: RatingScale) -> RatingScale:
    RatingScale.objects.filter(is_default=True).exclude(pk=scale.pk).update(is_default=False)
    scale.is_default = True
    scale.save(update_fields=["is_default", "updated_at"])
    return scale
