"""Which actors and sources are public, kept as a flag on their rows.

An actor is public when one of their statements belongs to a published claim;
a source, when a published claim quotes it or cites it as evidence. Asking that
with ``EXISTS`` row by row is cheap for one actor's page, but listing or
counting every public actor (the API's lists, the sitemap) made PostgreSQL join
every statement with every claim: seconds to minutes at a million claims. So
the answer is stored (``Actor.is_public``, ``Source.is_public``) and refreshed
here, by the signals for editors' writes and by the bulk loaders for theirs.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q

from claims.models import Actor, Evidence, PublicationStatus, Source, Statement

PUBLISHED = PublicationStatus.PUBLISHED


def _ids(values: Iterable[int | None] | None) -> set[int] | None:
    return None if values is None else {pk for pk in values if pk is not None}


def publicity_refresh(
    *, actor_ids: Iterable[int | None] | None = (), source_ids: Iterable[int | None] | None = ()
) -> None:
    """Recompute the flag of these actors and sources (``None``: of every row).

    Two UPDATEs whatever the number of rows; each checks only the given rows.
    """
    actors, sources = _ids(actor_ids), _ids(source_ids)
    quoted = Statement.objects.filter(claim__status=PUBLISHED)
    if actors is None or actors:
        rows = Actor.objects.all() if actors is None else Actor.objects.filter(pk__in=actors)
        rows.update(is_public=Exists(quoted.filter(actor=OuterRef("pk"))))
    if sources is None or sources:
        rows = Source.objects.all() if sources is None else Source.objects.filter(pk__in=sources)
        cited = Evidence.objects.filter(claim__status=PUBLISHED, source=OuterRef("pk"))
        rows.update(
            is_public=ExpressionWrapper(
                Q(Exists(quoted.filter(source=OuterRef("pk")))) | Q(Exists(cited)),
                output_field=BooleanField(),
            )
        )


def publicity_refresh_for_claims(claim_ids: Iterable[int | None]) -> None:
    """Refresh the actors and sources these claims quote or cite (their publication changed)."""
    claims = [pk for pk in claim_ids if pk is not None]
    if not claims:
        return
    statements = Statement.objects.filter(claim_id__in=claims)
    publicity_refresh(
        actor_ids=statements.values_list("actor_id", flat=True),
        source_ids=[
            *statements.values_list("source_id", flat=True),
            *Evidence.objects.filter(claim_id__in=claims).values_list("source_id", flat=True),
        ],
    )


def publicity_mark_quoted(claim_ids: Iterable[int | None]) -> None:
    """Mark public the actors and sources quoted by those of these claims that are published.

    For loaders that only add (the ClaimReview import): a statement on a published
    claim makes its actor and source public, and nothing they do makes one private,
    so two UPDATEs of the rows not yet marked do, with no ``EXISTS`` per row. A
    batch of drafts costs two empty look-ups.
    """
    claims = [pk for pk in claim_ids if pk is not None]
    if not claims:
        return
    quoted = Statement.objects.filter(claim_id__in=claims, claim__status=PUBLISHED)
    Actor.objects.filter(is_public=False, pk__in=quoted.values("actor_id")).update(is_public=True)
    Source.objects.filter(is_public=False, pk__in=quoted.values("source_id")).update(is_public=True)
