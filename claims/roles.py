"""The desk's roles, as Django groups, and the permissions each holds.

Defined once here; migration 0007 creates the groups and ``roles_sync`` can
be called again (tests, a changed definition) to bring them back in line. A
user's role is the group they are in; the workflow's steps check the custom
permissions (``services.workflow_check``), never the group's name.

* **contributor** adds and edits sources, actors, statements, evidence and
  draft claims, and sees everything in the admin; sends nothing to review and
  publishes nothing.
* **editor** edits (and deletes) everything and sends claims and verdicts to
  review.
* **publisher** is an editor who also publishes, unpublishes and corrects.
"""

from __future__ import annotations

CLAIMS_MODELS = [
    "actor",
    "actoralias",
    "claim",
    "claimrelation",
    "evidence",
    "rating",
    "ratingscale",
    "review",
    "source",
    "statement",
    "statementcandidate",
    "topic",
]
# Corrections are published notices: publishers make them (services.review_correct),
# everyone sees them, nobody deletes them.
CORRECTION_VIEW = ["view_correction"]


def _crud(models, actions):
    return [f"{action}_{model}" for model in models for action in actions]


CONTRIBUTOR = [
    *_crud(CLAIMS_MODELS, ["view"]),
    *CORRECTION_VIEW,
    *_crud(
        ["actor", "actoralias", "source", "statement", "evidence", "claim", "claimrelation"],
        ["add", "change"],
    ),
]
EDITOR = [
    *_crud(CLAIMS_MODELS, ["view", "add", "change", "delete"]),
    *CORRECTION_VIEW,
    "submit_claim",
    "submit_review",
]
PUBLISHER = [
    *EDITOR,
    "publish_claim",
    "publish_review",
    "correct_review",
    "add_correction",
    "change_correction",
]

#: group name → codenames in the ``claims`` app
ROLES: dict[str, list[str]] = {
    "contributor": CONTRIBUTOR,
    "editor": EDITOR,
    "publisher": PUBLISHER,
}


def roles_sync(*, group_model=None, permission_model=None, missing_ok: bool = False) -> None:
    """Create the role groups and set their permissions to exactly ``ROLES``.

    Takes the models so that a migration can pass its historical ones; the
    permissions must exist already (the migration creates them first). A
    migration passes ``missing_ok``: an early one runs before later models (and
    their permissions) exist, and a later migration syncs the roles again.
    """
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
        from django.contrib.auth.models import Permission as permission_model
    for name, codenames in ROLES.items():
        group, _ = group_model.objects.get_or_create(name=name)
        permissions = permission_model.objects.filter(
            content_type__app_label="claims", codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing and not missing_ok:
            raise LookupError(f"Permissions missing for role {name}: {sorted(missing)}")
        group.permissions.set(permissions)
