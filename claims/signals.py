"""Keep derived data current when editors write: page cache and search documents.

Connected in ``ClaimsConfig.ready()``. Signals rather than calls in each
service because the admin, ``loaddata`` and the services all write these
models, and a missed call would leave a stale public page or search result.
``QuerySet.update()`` sends no signal: code that changes public content that
way must call ``content_version_bump()`` itself.
"""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from claims.caching import content_version_bump
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


@receiver(post_save, dispatch_uid="claims-content-saved")
@receiver(post_delete, dispatch_uid="claims-content-deleted")
def content_changed(sender, instance, **kwargs):
    if not _is_ours(sender):
        return
    claim_search_refresh(claim_ids=_claim_ids_to_reindex(instance))
    # Bump now (this process stops serving the old pages) and again at commit:
    # a request served between the two could have cached the old rows.
    content_version_bump()
    transaction.on_commit(content_version_bump)


@receiver(m2m_changed, dispatch_uid="claims-content-m2m-changed")
def relations_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and _is_ours(type(instance)):
        content_version_bump()
        transaction.on_commit(content_version_bump)
