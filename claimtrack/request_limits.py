"""Request bodies: too large is a 413, too slow a 408, the same on every path.

``RequestLimitsMiddleware`` runs before anything reads the body:

* a ``Content-Length`` over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` is refused with 413
  before a byte of the body is read (Django would otherwise check it only when
  something reads ``request.POST``, and DRF's parser only for JSON);
* any other body is read here, whole (it is within the limit), so that a client
  trickling it in meets the read deadline of ``claimtrack.slow_clients`` in one
  known place and gets a 408, rather than wherever a view, the CSRF check or a
  DRF parser first touches ``request.body`` and turns the error into a 500.

No ``Connection: close`` header (a hop-by-hop header a WSGI app may not set):
gunicorn's sync worker closes every connection after its response anyway, and
``slow_clients.close_after_response`` tells its gthread worker to.

``bad_request`` (the site's ``handler400``) catches the refusals Django still
makes later, when it parses a form: too many fields or files
(``DATA_UPLOAD_MAX_NUMBER_FIELDS``/``_FILES``) are 413 too, not Django's 400.

The limit counts the whole body, file uploads included: the project accepts
small documents only (``POST /api/v1/documents/`` and the admin's import form),
and one number is easier to reason about than Django's two.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import (
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import UnreadablePostError
from django.views.defaults import bad_request as default_bad_request

from claimtrack.error_responses import error_response
from claimtrack.slow_clients import ClientTooSlow, close_after_response

logger = logging.getLogger(__name__)

TOO_LARGE = (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)


def content_length(request) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def too_large_response(request, limit: int | None = None):
    limit_text = f" (at most {limit} bytes)" if limit else ""
    return error_response(
        request,
        status=413,
        message=f"The request body is too large{limit_text}.",
        code="request_too_large",
        errors={"body": [f"The request body is larger than this site accepts{limit_text}."]},
        template="413.html",
    )


def too_slow_response(request):
    return error_response(
        request,
        status=408,
        message="The request took too long to arrive.",
        code="request_timeout",
        errors={"body": ["The request body did not arrive in time."]},
        template="408.html",
    )


class RequestLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        length = content_length(request)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and length > limit:
            close_after_response(request)
            return too_large_response(request, limit)
        if length:
            try:
                request.body  # noqa: B018 - read now, under the read deadline
            except (ClientTooSlow, UnreadablePostError) as error:
                logger.info(
                    "request body not received: %s %s: %s", request.method, request.path, error
                )
                return too_slow_response(request)
        return self.get_response(request)


def bad_request(request, exception, template_name="400.html"):
    """``handler400``: a form with too many fields or files is too large, not malformed."""
    if isinstance(exception, TOO_LARGE):
        return too_large_response(request)
    return default_bad_request(request, exception, template_name=template_name)
