"""Who may do what through the API.

Reading is open to everyone, and *what* a reader sees is the queryset's business
(``claims.api.selectors``): the public sees published data only, and a user who
holds the model's view (or change) permission sees everything, drafts included.
Writing needs an authenticated user holding the same model permissions the admin
checks (add, change, delete).
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions


class ReadPublicWriteWithModelPermissions(DjangoModelPermissions):
    """GET/HEAD/OPTIONS for anyone; other methods need ``claims.<action>_<model>``.

    Anonymous writes get a 401 (the token authenticator asks for credentials),
    a logged-in user without the permission a 403.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().has_permission(request, view)


def sees_unpublished(user, model) -> bool:
    """May ``user`` see rows of ``model`` the public does not: drafts, claims in review,
    unpublished verdicts? Those who hold its view or change permission (the admin's rule:
    change implies view)."""
    if not (user and user.is_authenticated and user.is_active):
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
        f"{opts.app_label}.change_{opts.model_name}"
    )
