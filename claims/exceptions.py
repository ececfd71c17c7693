"""Domain errors: what a service refuses, and why, independent of HTTP or the admin.

The admin shows them as a message or a form error; the API's exception handler
(``claims/api/exceptions.py``) turns them into its error shape: a refused
permission is a 403, a transition the workflow does not allow a 409.
"""

from __future__ import annotations


class WorkflowError(Exception):
    """A status change refused. ``field`` names the input at fault (``status``)."""

    code = "workflow_error"

    def __init__(self, message: str, *, field: str = "status"):
        self.message = message
        self.field = field
        super().__init__(message)


class TransitionNotAllowed(WorkflowError):
    """The workflow has no such step from the current state (e.g. draft → draft review
    of an archived claim); nobody may take it."""

    code = "transition_not_allowed"


class TransitionForbidden(WorkflowError):
    """The step exists, but this user's role may not take it (a contributor publishing)."""

    code = "transition_forbidden"
