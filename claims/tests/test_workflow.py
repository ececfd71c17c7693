"""The editorial workflow's rule (``services.workflow_check`` and the transition
services): every step, allowed and refused, per role."""

import pytest
from django.contrib.auth.models import Group

from claims import services
from claims.exceptions import TransitionForbidden, TransitionNotAllowed
from claims.models import Claim, PublicationStatus, Review
from claims.roles import ROLES
from claims.tests import factories

pytestmark = pytest.mark.django_db

S = PublicationStatus

# (from, to, role that may, role that may not); None: nobody may
STEPS = [
    (S.DRAFT, S.IN_REVIEW, "role_editor_user", "contributor_user"),
    (S.IN_REVIEW, S.DRAFT, "role_editor_user", "contributor_user"),
    (S.IN_REVIEW, S.PUBLISHED, "publisher_user", "role_editor_user"),
    (S.DRAFT, S.PUBLISHED, "publisher_user", "role_editor_user"),
    (S.PUBLISHED, S.DRAFT, "publisher_user", "role_editor_user"),
]


def test_migration_creates_the_three_roles_with_their_permissions():
    """Migration 0007 leaves contributor, editor and publisher groups, as claims/roles.py says."""
    for name, codenames in ROLES.items():
        group = Group.objects.get(name=name)
        assert set(group.permissions.values_list("codename", flat=True)) == set(codenames)
    publisher = set(ROLES["publisher"])
    assert {"publish_claim", "publish_review", "correct_review"} <= publisher
    assert "publish_claim" not in ROLES["editor"]
    assert "submit_claim" not in ROLES["contributor"]


@pytest.mark.parametrize("model", [Claim, Review])
@pytest.mark.parametrize(("current", "to", "allowed", "refused"), STEPS)
def test_each_step_needs_its_role(request, model, current, to, allowed, refused):
    """A step is taken by the role that holds its permission and refused to the one below."""
    services.workflow_check(
        user=request.getfixturevalue(allowed), model=model, current=current, to=to
    )
    with pytest.raises(TransitionForbidden, match="permission"):
        services.workflow_check(
            user=request.getfixturevalue(refused), model=model, current=current, to=to
        )


@pytest.mark.parametrize("model", [Claim, Review])
def test_published_cannot_go_back_to_review(publisher_user, model):
    """A published row is unpublished to a draft; it never goes back to review directly."""
    with pytest.raises(TransitionNotAllowed, match="unpublish it to a draft first"):
        services.workflow_check(
            user=publisher_user, model=model, current=S.PUBLISHED, to=S.IN_REVIEW
        )


def test_a_new_row_starts_as_a_draft(contributor_user):
    """Creating a draft needs no workflow permission; creating it published does."""
    services.workflow_check(user=contributor_user, model=Claim, current=None, to=S.DRAFT)
    with pytest.raises(TransitionForbidden):
        services.workflow_check(user=contributor_user, model=Claim, current=None, to=S.PUBLISHED)


def test_claim_transitions_through_the_whole_workflow(role_editor_user, publisher_user):
    """Draft → review (editor) → published (publisher, dated) → draft (publisher)."""
    claim = factories.ClaimFactory(status=S.DRAFT)
    services.claim_submit(claim=claim, user=role_editor_user)
    assert Claim.objects.get(pk=claim.pk).status == S.IN_REVIEW
    services.claim_publish(claim=claim, user=publisher_user)
    claim.refresh_from_db()
    assert claim.status == S.PUBLISHED and claim.published_at is not None
    first_published = claim.published_at
    services.claim_unpublish(claim=claim, user=publisher_user)
    claim.refresh_from_db()
    assert claim.status == S.DRAFT and claim.published_at == first_published


def test_a_refused_transition_changes_nothing(contributor_user):
    """A contributor's publish is refused and the claim stays a draft."""
    claim = factories.ClaimFactory(status=S.DRAFT)
    with pytest.raises(TransitionForbidden):
        services.claim_publish(claim=claim, user=contributor_user)
    assert Claim.objects.get(pk=claim.pk).status == S.DRAFT


def test_a_step_to_the_current_state_is_refused(publisher_user):
    """Publishing what is already published is refused with a clear message."""
    claim = factories.ClaimFactory(published=True)
    with pytest.raises(TransitionNotAllowed, match="already published"):
        services.claim_publish(claim=claim, user=publisher_user)


def test_review_publish_by_publisher_only(role_editor_user, publisher_user):
    """A verdict is published by a publisher; an editor is refused."""
    review = factories.ReviewFactory(claim=factories.ClaimFactory(published=True))
    with pytest.raises(TransitionForbidden):
        services.review_publish(review=review, user=role_editor_user)
    services.review_publish(review=review, user=publisher_user)
    review.refresh_from_db()
    assert review.status == S.PUBLISHED and review.published_at is not None
