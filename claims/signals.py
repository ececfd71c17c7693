"""Keep derived data current when editors write: page cache, search documents,
scorecards, which actors and sources are public, and claims' seen dates (from their
statements and their sources' dates).

Connected in ``ClaimsConfig.ready()``. Signals rather than calls in each
service because the admin, ``loaddata`` and the services all write these
models, and a missed call would leave a stale public page or search result.
``QuerySet.update()`` sends no signal: code that changes public content that
way must call ``content_version_bump()`` itself.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.dispatch import receiver

from claims.caching import content_version_bump
from claims.publicity import publicity_refresh, publicity_refresh_for_claims
from claims.scorecards import actors_of_claims, scorecards_forget
from claims.search import claim_search_refresh

APP_LABEL = "claims"


def _is_ours(sender) -> bool:
    return getattr(getattr(sender, "_meta", None), "app_label", None) == APP_LABEL


def _claim_ids_to_reindex(instance) -> list[int]:
    from claims.models import Claim, Review, Statement

    if isinstance(instance, Claim):
        return [instance.pk]
    if isinstance(instance, Review | Statement):
        return [instance.claim_id]
    return []


def _refresh_publicity(instance) -> None:
    from claims.models import Claim, Evidence, Statement

    if isinstance(instance, Claim):
        publicity_refresh_for_claims([instance.pk])
    elif isinstance(instance, Statement):
        publicity_refresh(
            actor_ids=[instance.actor_id, getattr(instance, "_actor_before", None)],
            source_ids=[instance.source_id, getattr(instance, "_source_before", None)],
        )
    elif isinstance(instance, Evidence):
        publicity_refresh(
            source_ids=[instance.source_id, getattr(instance, "_source_before", None)]
        )


def _is_statement(instance) -> bool:
    from claims.models import Statement

    return isinstance(instance, Statement)


def _claim_dates_refresh(claim_ids) -> None:
    from claims import services
    from claims.models import Claim

    services.claim_refresh_dates(claims=Claim.objects.filter(pk__in=claim_ids))


@receiver(pre_save, dispatch_uid="claims-statement-actor-before")
def remember_statement_actor(sender, instance, raw=False, **kwargs):
    """A statement or evidence moved to another actor or source leaves the old one's
    scorecard and public flag stale too; a statement moved to another claim, the old
    claim's seen dates."""
    from claims.models import Evidence, Statement

    if sender is Statement and instance.pk and not raw:
        before = (
            Statement.objects.filter(pk=instance.pk)
            .order_by()  # by key: the model's order would join its source
            .values_list("actor_id", "source_id", "claim_id")
        )
        (instance._actor_before, instance._source_before, instance._claim_before) = (
            before.first() or (None, None, None)
        )
    if sender is Evidence and instance.pk and not raw:
        before = Evidence.objects.filter(pk=instance.pk).values_list("source_id", flat=True)
        instance._source_before = before.first()


@receiver(pre_save, dispatch_uid="claims-source-date-before")
def remember_source_date(sender, instance, raw=False, **kwargs):
    """A source's date counts in the seen dates of the claims quoted from it: note the old one
    so that :func:`source_date_changed` can tell whether they need recomputing."""
    from claims.models import Source

    if sender is Source and instance.pk and not raw:
        before = Source.objects.filter(pk=instance.pk).values_list("published_on", flat=True)
        instance._published_on_before = before.first()


@receiver(post_save, dispatch_uid="claims-source-date-saved")
def source_date_changed(sender, instance, raw=False, **kwargs):
    """Recompute the seen dates (and so the search documents) of the claims quoted from a
    source whose date changed, whichever path saved it: the admin, the API, a revert from
    its history. Without it a corrected date left those claims' dates, their place in the
    list and the search's windows as they were."""
    from claims.models import Source, Statement

    if sender is not Source or raw or not hasattr(instance, "_published_on_before"):
        return
    if instance._published_on_before == instance.published_on:
        return
    _claim_dates_refresh(Statement.objects.filter(source=instance).values("claim"))


@receiver(post_save, dispatch_uid="claims-content-saved")
@receiver(post_delete, dispatch_uid="claims-content-deleted")
def content_changed(sender, instance, signal=None, raw=False, **kwargs):
    if not _is_ours(sender):
        return
    claim_ids = _claim_ids_to_reindex(instance)
    if _is_statement(instance) and not raw:
        # Its dates count in its claim's (and, moved, no longer in its old claim's) whichever
        # path wrote it: dates and search document in one UPDATE. Left to each path, the
        # admin's "delete selected" missed it, and a save computed the document twice.
        # (``loaddata``'s raw rows may arrive before their sources: ``load_seed_data``
        # refreshes every claim afterwards.)
        _claim_dates_refresh([*claim_ids, getattr(instance, "_claim_before", None)])
    else:
        claim_search_refresh(claim_ids=claim_ids)
    _refresh_publicity(instance)
    if claim_ids:
        actors = [*actors_of_claims(claim_ids), getattr(instance, "actor_id", None)]
        actors.append(getattr(instance, "_actor_before", None))
        # Now and at commit, for the same reason as the content version below.
        scorecards_forget(actor_ids=actors)
        transaction.on_commit(lambda: scorecards_forget(actor_ids=actors))
    # Bump now (this process stops serving the old pages) and again at commit:
    # a request served between the two could have cached the old rows.
    content_version_bump()
    transaction.on_commit(content_version_bump)


@receiver(m2m_changed, dispatch_uid="claims-content-m2m-changed")
def relations_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_ours(type(instance)):
        content_version_bump()
        transaction.on_commit(content_version_bump)
