"""Writes that span more than one row. Views, admin, API and commands call these.

Each function takes keyword-only arguments, validates before it writes, and
runs in a transaction when it writes more than once, so a failure leaves
nothing half-done.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.db.models import Max, Min, OuterRef, Subquery
from django.db.models.functions import Greatest, Least
from django.utils import timezone

from claims.domain import anchoring
from claims.exceptions import TransitionForbidden, TransitionNotAllowed
from claims.models import (
    Claim,
    ClaimRelation,
    Correction,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Source,
    Statement,
)
from claims.models.anchors import AnchorStatus
from claims.search import search_vector_expression


def claim_refresh_dates(*, claims) -> None:
    """Recompute ``first_seen``/``last_seen`` of the given claims from their statements.

    A claim is *seen* both when it was said and whenever a document reports it,
    so a 2014 speech quoted in a 2022 article makes it first seen in 2014 and
    last seen in 2022: both ``said_on`` and the source's date count.

    One UPDATE whatever the number of claims (a queryset or instances): the dates
    and the search documents, which hold the day last seen (computed from the new
    day, not the column's old one); given instances get the new values too.
    (Two UPDATEs, dates then documents, made every write of a statement leave
    three versions of its claim's row, each in both of the claims' GIN indexes.)
    PostgreSQL's LEAST/GREATEST skip NULLs, so an undated statement or source
    simply does not count.
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

    last_seen = Greatest(aggregate(Max, "said_on"), aggregate(Max, "source__published_on"))
    targets.update(
        first_seen=Least(aggregate(Min, "said_on"), aggregate(Min, "source__published_on")),
        last_seen=last_seen,
        # The search document holds the day last seen (claims.search_dates).
        search_vector=search_vector_expression(
            review_model=Review, statement_model=Statement, last_seen=last_seen
        ),
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


# ---------------------------------------------------------------- the editorial workflow
#
# The one definition of who may move a claim or a verdict from one state to
# another. The admin (forms and actions) and the API (write serializers) call
# ``workflow_check`` before they save a new ``status``, and the transition
# services below call it too, so no path can publish without the permission.
# Editing a row (``change_<model>``) never implies a step of the workflow.

_S = PublicationStatus

#: (from, to) → the custom permission the step needs, ``<action>_<model>``.
#: Anything not listed (published → in review, anything to the same state
#: through a transition service) is refused as not allowed. A publisher may
#: publish a draft directly: the publisher is the desk's last check either way.
WORKFLOW_STEPS = {
    (_S.DRAFT, _S.IN_REVIEW): "submit",
    (_S.IN_REVIEW, _S.DRAFT): "submit",
    (_S.DRAFT, _S.PUBLISHED): "publish",
    (_S.IN_REVIEW, _S.PUBLISHED): "publish",
    (_S.PUBLISHED, _S.DRAFT): "publish",
    # Archiving takes a row out of public view for good: a publisher's decision.
    (_S.DRAFT, _S.ARCHIVED): "publish",
    (_S.IN_REVIEW, _S.ARCHIVED): "publish",
    (_S.PUBLISHED, _S.ARCHIVED): "publish",
}

_STEP_NAMES = {
    "submit": "send to review or back to draft",
    "publish": "publish, unpublish or archive",
}


def workflow_check(*, user, model, current: str | None, to: str, instance=None) -> None:
    """Refuse moving a ``model`` row (a claim or a verdict) from ``current`` to ``to``.

    ``current`` is the stored state (``None`` for a row not saved yet, which
    starts as a draft). Raises :class:`TransitionNotAllowed` when the workflow
    has no such step, :class:`TransitionForbidden` when ``user``'s role lacks
    the step's permission (``claims.submit_claim``, ``claims.publish_review``...).
    ``user=None`` is the system (commands, imports), which the workflow trusts.

    With ``CLAIMTRACK_TWO_PUBLISHERS`` on, publishing a verdict (``instance``, as
    stored) also needs another publisher's approval (``review_approve``).
    """
    current = current or _S.DRAFT
    if current == to:
        return
    name = model._meta.verbose_name
    step = WORKFLOW_STEPS.get((current, to))
    if step is None:
        raise TransitionNotAllowed(
            f"A {name} cannot go from {_S(current).label.lower()} to {_S(to).label.lower()}"
            + (" (unpublish it to a draft first)." if current == _S.PUBLISHED else ".")
            + (" Nothing leaves the archive." if current == _S.ARCHIVED else "")
        )
    if user is None:
        return
    codename = f"{model._meta.app_label}.{step}_{model._meta.model_name}"
    if not (user.is_active and user.has_perm(codename)):
        raise TransitionForbidden(
            f"You may not {_STEP_NAMES[step]} a {name}: that needs the {codename} permission "
            f"(the {'publisher' if step == 'publish' else 'editor'} role)."
        )
    if model is Review and to == _S.PUBLISHED and settings.CLAIMTRACK_TWO_PUBLISHERS:
        approver = getattr(instance, "approved_by_id", None)
        if approver is None:
            raise TransitionNotAllowed(
                "Two publishers must agree: another publisher approves this verdict first."
            )
        if approver == user.pk:
            raise TransitionForbidden(
                "Two publishers must agree: you approved this verdict, so a different "
                "publisher publishes it."
            )


def may_edit(*, user, instance) -> bool:
    """May ``user`` edit this claim or verdict? Drafts: anyone with the change permission
    (contributors draft); once in review or published, only those who hold the submit
    permission (editors and publishers). ``None`` (the system) always may."""
    if user is None or instance.pk is None:
        return True
    model = type(instance)
    stored = model.objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored in (None, _S.DRAFT):
        return True
    return user.has_perm(f"{model._meta.app_label}.submit_{model._meta.model_name}")


def edit_check(*, user, instance) -> None:
    """Refuse an edit :func:`may_edit` does not allow (the API's check; the admin shows
    such a row read-only)."""
    if not may_edit(user=user, instance=instance):
        raise TransitionForbidden(
            f"You may edit a {instance._meta.verbose_name} only while it is a draft; once in "
            "review or published it is the editors' (claims.submit_"
            f"{instance._meta.model_name})."
        )


#: The claim(s) whose page shows a part: editing the part edits that page.
_CLAIM_OF_PART = {Statement: ("claim_id",), Evidence: ("claim_id",)}


def _claims_of_part(instance) -> set[int]:
    fields = (
        ("from_claim_id", "to_claim_id")
        if isinstance(instance, ClaimRelation)
        else (_CLAIM_OF_PART.get(type(instance), ()))
    )
    ids = {getattr(instance, f) for f in fields} - {None}
    if instance.pk is not None:  # a part moved to another claim changes the old one too
        stored = type(instance).objects.filter(pk=instance.pk).values_list(*fields).first()
        ids |= set(stored or ()) - {None}
    return ids


def claim_part_edit_check(*, user, instance) -> None:
    """Refuse adding, changing or deleting a statement, evidence or relation of a claim
    that is in review or published unless ``user`` may edit such claims (editors,
    publishers): a contributor's work on a claim stays in its drafts. ``None`` (the
    system) always may."""
    if user is None:
        return
    guarded = Claim.objects.filter(pk__in=_claims_of_part(instance)).exclude(status=_S.DRAFT)
    if guarded.exists() and not user.has_perm("claims.submit_claim"):
        raise TransitionForbidden(
            f"This {instance._meta.verbose_name} belongs to a claim in review or published; "
            "changing it is the editors' (claims.submit_claim)."
        )


def review_approve(*, review: Review, user) -> Review:
    """The first of two publishers agrees to publish a verdict in review
    (``CLAIMTRACK_TWO_PUBLISHERS``); a different publisher then publishes it."""
    if not (user.is_active and user.has_perm("claims.publish_review")):
        raise TransitionForbidden(
            "You may not approve a verdict: that needs the claims.publish_review permission "
            "(the publisher role)."
        )
    if review.status != _S.IN_REVIEW:
        raise TransitionNotAllowed("Only a verdict in review is approved for publication.")
    review.approved_by = user
    review.approved_at = timezone.now()
    review.save(update_fields=["approved_by", "approved_at", "updated_at"])
    return review


def _transition(*, instance, to: str, user):
    stored = type(instance).objects.filter(pk=instance.pk).values_list("status", flat=True).first()
    if stored == to:
        raise TransitionNotAllowed(
            f"This {instance._meta.verbose_name} is already {_S(to).label.lower()}."
        )
    workflow_check(user=user, model=type(instance), current=stored, to=to, instance=instance)
    instance.status = to
    if to == _S.DRAFT and isinstance(instance, Review):
        instance.approved_by, instance.approved_at = None, None  # a new round, new approval
    if to == _S.PUBLISHED and instance.published_at is None:
        instance.published_at = timezone.now()  # the first publication, kept afterwards
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def claim_transition(*, claim: Claim, to: str, user=None) -> Claim:
    """Move a claim one step in the workflow (see ``WORKFLOW_STEPS``), or refuse."""
    Claim.objects.select_for_update().filter(pk=claim.pk).exists()
    return _transition(instance=claim, to=to, user=user)


def claim_publish(*, claim: Claim, user=None) -> Claim:
    return claim_transition(claim=claim, to=_S.PUBLISHED, user=user)


def claim_submit(*, claim: Claim, user=None) -> Claim:
    return claim_transition(claim=claim, to=_S.IN_REVIEW, user=user)


def claim_unpublish(*, claim: Claim, user=None) -> Claim:
    return claim_transition(claim=claim, to=_S.DRAFT, user=user)


@transaction.atomic
def review_transition(*, review: Review, to: str, user=None) -> Review:
    """Move a verdict one step in the workflow (see ``WORKFLOW_STEPS``), or refuse."""
    Review.objects.select_for_update().filter(pk=review.pk).exists()
    return _transition(instance=review, to=to, user=user)


def review_publish(*, review: Review, user=None) -> Review:
    return review_transition(review=review, to=_S.PUBLISHED, user=user)


def review_correct_check(*, review: Review, user=None) -> None:
    """Refuse a correction of ``review`` by ``user`` (the admin's form calls this to
    show the refusal on the form; ``review_correct`` calls it again under the lock)."""
    if user is not None and not (user.is_active and user.has_perm("claims.correct_review")):
        raise TransitionForbidden(
            "You may not correct a verdict: that needs the claims.correct_review permission "
            "(the publisher role).",
            field="kind",
        )
    if review.status != _S.PUBLISHED:
        raise TransitionNotAllowed(
            "Only a published verdict is corrected; edit a draft directly.", field="kind"
        )
    if review.retracted_at is not None:
        raise TransitionNotAllowed("This verdict has been retracted.", field="kind")


@transaction.atomic
def review_correct(
    *,
    review: Review,
    kind: str,
    reason: str,
    user=None,
    rating: Rating | None = None,
    headline: str | None = None,
    conclusion: str | None = None,
    explanation: str | None = None,
) -> Correction:
    """Correct, update or retract a published verdict, keeping what it said before.

    The verdict keeps its place and its first ``published_at``; the correction
    row keeps the old rating, headline and conclusion with the date and the
    reason, which the claim page and the corrections log show. A retraction
    changes no wording: it marks the verdict as withdrawn (``retracted_at``).
    Needs ``claims.correct_review`` (the publisher role).
    """
    review = Review.objects.select_for_update().get(pk=review.pk)
    review_correct_check(review=review, user=user)
    correction = Correction(
        review=review,
        kind=kind,
        reason=reason,
        made_by=user,
        previous_rating=review.rating,
        previous_headline=review.headline,
        previous_conclusion=review.conclusion,
    )
    correction.full_clean()
    if kind == Correction.Kind.RETRACTION:
        review.retracted_at = timezone.now()
    else:
        changes = {
            "rating": rating,
            "headline": headline,
            "conclusion": conclusion,
            "explanation": explanation,
        }
        for name, value in changes.items():
            if value is not None:
                setattr(review, name, value)
    review.full_clean()
    review.save()
    correction.save()
    return correction


def was_published(instance) -> bool:
    """Has this claim or verdict ever been public? (``published_at`` is kept on unpublishing.)"""
    return instance.published_at is not None


@transaction.atomic
def editorial_delete(*, instance, user=None) -> bool:
    """Delete a claim or verdict, or archive it if it was ever public; True if archived.

    Readers may have read, cited or linked what was public, so it stays in the
    database (and its history): archived, out of every public page and of the
    public API, which all show ``published`` rows only. Archiving is a publisher's
    step (``workflow_check``); a row never published is deleted for real, under
    the model's delete permission the caller has checked.
    """
    if not was_published(instance):
        instance.delete()
        return False
    stored = type(instance).objects.select_for_update().values_list("status", flat=True)
    if stored.get(pk=instance.pk) == _S.ARCHIVED:
        return True  # deleting it again changes nothing
    _transition(instance=instance, to=_S.ARCHIVED, user=user)
    return True


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
