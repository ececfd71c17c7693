"""One error shape for every API error, and the exceptions that produce it.

Every error response, whatever raised it, has this body::

    {"message": "One sentence for a person.",
     "code": "machine_readable_code",
     "errors": {"field": ["What is wrong with it.", ...], ...}}

``errors`` names the input at fault: a body field (nested ones as dotted paths,
``statements.0.exact``), a query parameter, or a header (``If-Match``,
``Content-Type``); ``body`` for a body that could not be read at all. It is empty
when no single input is at fault (401, 403, 404, 405, 429). A model-level error
that names no field is reported under ``non_field_errors``.

Django and database exceptions that would otherwise be a 500 or an HTML page are
translated here: a ``ValidationError`` is a 400, a ``ProtectedError`` a 409 listing
what depends on the row, a unique ``IntegrityError`` (two writers racing past the
pre-write check) a 409 naming the field, ``RequestDataTooBig`` a 413, and a database
that cannot be reached (``OperationalError``/``InterfaceError``) a 503 with
``Retry-After``, the same answer ``claimtrack.outage`` gives outside DRF. A status change
the editorial workflow refuses is a 403 (the user's role may not take that step) or a
409 (nobody may), naming ``status``.
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError, UniqueConstraint
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings

from claims.exceptions import TransitionForbidden, WorkflowError
from claimtrack import outage

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY  # "non_field_errors"


class Conflict(exceptions.APIException):
    """The write would give a unique value (slug, URL, wording) a second owner."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "This conflicts with data already stored."
    default_code = "conflict"

    def __init__(self, errors: dict[str, list[str]], message: str | None = None):
        self.errors = errors
        super().__init__(message or self._message(errors))

    @staticmethod
    def _message(errors: dict) -> str:
        return "Another record already has this value: " + ", ".join(errors) + "."


class Protected(exceptions.APIException):
    """A delete refused because other rows depend on this one (``on_delete=PROTECT``)."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "protected"

    def __init__(self, errors: dict[str, list[str]], what: str):
        self.errors = errors
        counts = ", ".join(f"{len(items)} {name}" for name, items in errors.items())
        super().__init__(f"This {what} cannot be deleted: {counts} depend on it.")


class WorkflowRefused(exceptions.APIException):
    """A status change the workflow refuses (``claims.exceptions.WorkflowError``):
    403 when the user's role may not take the step, 409 when nobody may."""

    def __init__(self, error: WorkflowError):
        forbidden = isinstance(error, TransitionForbidden)
        self.status_code = status.HTTP_403_FORBIDDEN if forbidden else status.HTTP_409_CONFLICT
        self.default_code = error.code
        self.errors = {error.field: [error.message]}
        super().__init__(error.message, code=error.code)


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "The resource has changed since you read it."

    def __init__(self, current_etag: str):
        self.errors = {
            "If-Match": [
                f"The resource has changed since you read it; its ETag is now {current_etag}. "
                "Read it again, reapply your change and retry."
            ]
        }
        super().__init__()


class RequestBodyTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "request_too_large"
    default_detail = "The request body is too large."

    def __init__(self, limit: int | None = None):
        limit_text = f" (at most {limit} bytes)" if limit else ""
        self.errors = {"body": [f"The request body is larger than this API accepts{limit_text}."]}
        super().__init__(f"The request body is too large{limit_text}.")


class ServiceUnavailable(exceptions.APIException):
    """The database is unreachable: try again shortly (``claimtrack.outage``)."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = outage.MESSAGE
    default_code = outage.CODE

    def __init__(self):
        self.errors = {}
        super().__init__()


# --------------------------------------------------------------------------- helpers


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error detail as ``{"dotted.path": [message, ...]}``."""
    if isinstance(detail, dict):
        result: dict[str, list[str]] = {}
        for key, value in detail.items():
            name = NON_FIELD if key in ("__all__", NON_FIELD) and not prefix else str(key)
            result.update(flatten(value, f"{prefix}.{name}" if prefix else name))
        return result
    if isinstance(detail, list | tuple):
        if all(not isinstance(item, dict | list | tuple) for item in detail):
            return {prefix or NON_FIELD: [str(item) for item in detail]} if detail else {}
        result = {}
        for index, item in enumerate(detail):
            if isinstance(item, dict | list | tuple):
                result.update(flatten(item, f"{prefix}.{index}" if prefix else str(index)))
            else:
                result.setdefault(prefix or NON_FIELD, []).append(str(item))
        return result
    return {prefix or NON_FIELD: [str(detail)]}


def django_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """A Django ``ValidationError`` as ``{field: [message, ...]}``."""
    if hasattr(error, "error_dict"):
        return {
            (NON_FIELD if field == "__all__" else field): messages
            for field, messages in error.message_dict.items()
        }
    return {NON_FIELD: list(error.messages)}


def _dependents(error: ProtectedError | RestrictedError) -> dict[str, list[str]]:
    """What blocks a delete, grouped by kind: ``{"statements": ["statement 12: …"]}``."""
    objects = getattr(error, "protected_objects", None) or error.restricted_objects
    grouped: dict[str, list[str]] = {}
    for obj in objects:
        name = str(obj._meta.verbose_name_plural)
        grouped.setdefault(name, []).append(f"{obj._meta.verbose_name} {obj.pk}: {obj}")
    return grouped


_KEY_DETAIL = re.compile(r"Key \((?P<columns>.+?)\)=")
_COLUMN = re.compile(r"\b([a-z_][a-z0-9_]*)\b")


def integrity_conflict(error: IntegrityError, model=None) -> exceptions.APIException:
    """Name the field behind a database integrity error.

    A unique violation (SQLSTATE 23505) that got past the pre-write check (two
    writers racing) is a 409 naming the constraint's fields; any other integrity
    error is the client's bad input (400), never a 500.
    """
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    diag = getattr(cause, "diag", None)
    constraint_name = getattr(diag, "constraint_name", None) or ""
    detail = getattr(diag, "message_detail", None) or ""
    fields: list[str] = []
    if model is not None:
        for constraint in model._meta.constraints:
            if constraint.name == constraint_name:
                fields = constraint_fields(constraint)
        if not fields:
            columns = {f.column: f.name for f in model._meta.concrete_fields}
            match = _KEY_DETAIL.search(detail)
            if match:
                fields = [columns[c] for c in _COLUMN.findall(match["columns"]) if c in columns]
    fields = list(dict.fromkeys(fields)) or [NON_FIELD]
    if sqlstate == "23505":
        return Conflict({field: ["Another record already has this value."] for field in fields})
    return exceptions.ValidationError(
        {field: ["The database refused this value."] for field in fields}
    )


def constraint_fields(constraint) -> list[str]:
    """The model fields a constraint reads, in order, without the primary key."""
    from django.db.models import F, Q

    def names(node):
        if isinstance(node, Q):
            for child in node.children:
                yield from names(child)
        elif isinstance(node, tuple) and len(node) == 2 and isinstance(node[0], str):
            yield node[0].split("__")[0]
            yield from names(node[1])
        elif isinstance(node, F):
            yield node.name.split("__")[0]
        elif hasattr(node, "get_source_expressions"):
            for expression in node.get_source_expressions():
                yield from names(expression)

    if isinstance(constraint, UniqueConstraint):
        found = list(constraint.fields) or [n for e in constraint.expressions for n in names(e)]
    else:
        found = list(names(getattr(constraint, "condition", None) or constraint.check))
    return [name for name in dict.fromkeys(found) if name not in ("pk", "id")]


# --------------------------------------------------------------------------- handler


def _translate(exc: Exception, context: dict) -> Exception:
    model = getattr(context.get("view"), "model", None)
    if outage.is_database_outage(exc):
        return ServiceUnavailable()
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(django_errors(exc))
    if isinstance(exc, WorkflowError):
        return WorkflowRefused(exc)
    if isinstance(exc, ProtectedError | RestrictedError):
        what = str(model._meta.verbose_name) if model is not None else "record"
        return Protected(_dependents(exc), what)
    if isinstance(exc, IntegrityError):
        return integrity_conflict(exc, model)
    if isinstance(exc, RequestDataTooBig):
        return RequestBodyTooLarge()
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    return exc


_ERRORS_FOR = {
    exceptions.UnsupportedMediaType: "Content-Type",
    exceptions.ParseError: "body",
    exceptions.NotAcceptable: "Accept",
}


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's handler (status, headers such as ``WWW-Authenticate`` and ``Retry-After``),
    with every body rewritten to ``{message, code, errors}``."""
    # Imported here: rest_framework.views loads the parser classes, which import this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    raised, exc = exc, _translate(exc, context)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        message = "Invalid input: " + ", ".join(errors) + "." if errors else "Invalid input."
        code = "invalid"
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        message = str(detail)
        code = getattr(exc, "default_code", "error")
        if isinstance(exc, exceptions.APIException):
            codes = exc.get_codes()
            code = codes if isinstance(codes, str) else code
        errors = getattr(exc, "errors", None)
        if errors is None:
            header = next((h for cls, h in _ERRORS_FOR.items() if isinstance(exc, cls)), None)
            errors = {header: [message]} if header else {}
    response.data = {"message": message, "code": code, "errors": errors}
    if isinstance(exc, ServiceUnavailable):
        response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
        if "request" in context:
            outage.outage_logged(context["request"], response, raised)
    return response
