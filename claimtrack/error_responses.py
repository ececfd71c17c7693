"""Error answers made outside a view: JSON in the API's shape, or a standalone HTML page.

The database outage (``claimtrack.outage``) and the request limits
(``claimtrack.request_limits``) answer before or instead of a view, sometimes
with the database gone, so these responses touch neither the database nor the
session: the page templates extend ``error_base.html``, which needs no request
context. API clients get the body ``claims.api.exceptions`` gives every API
error, ``{message, code, errors}``.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

from claims.context_processors import site

API_PREFIX = "/api/"


def wants_json(request) -> bool:
    """API paths answer JSON; everything else is a page for a person."""
    return request.path.startswith(API_PREFIX)


def error_response(
    request,
    *,
    status: int,
    message: str,
    code: str,
    template: str,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    if wants_json(request):
        response = JsonResponse(
            {"message": message, "code": code, "errors": errors or {}}, status=status
        )
    else:
        context = {
            "message": message,
            "path": request.get_full_path(),
            **site(request),  # the layout's name and links, as on every page
        }
        response = HttpResponse(render_to_string(template, context), status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    # An error must never be cached as the page (claims.caching caches public pages).
    response["Cache-Control"] = "no-store"
    return response
