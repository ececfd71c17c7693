"""The OpenAPI schema (drf-spectacular), told the API's conventions once.

drf-spectacular reads serializers, filters and pagination on its own; what it
cannot see is written here for every operation alike, so the schema says what
the API really does:

* the request body is the resource's write serializer, the response its read
  serializer (the detail one for single objects);
* every operation lists the error statuses it can answer, each with the one
  error body (``serializers.ErrorSerializer``) and an example;
* reads take ``If-None-Match`` and answer 304; writes take ``If-Match`` and
  answer 412; single objects carry an ``ETag`` header;
* reads need no credentials (the empty security requirement), writes do.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse
from rest_framework.permissions import SAFE_METHODS

from claims.api.serializers import ErrorSerializer

ETAG_HELP = (
    "The object's current ETag: send it back in If-Match to write only if nobody changed the "
    "object meanwhile, or in If-None-Match to get a 304 when your copy is current."
)


def _error(code: str, message: str, errors: dict | None = None) -> dict:
    return {"message": message, "code": code, "errors": errors or {}}


ERRORS = {
    "400": (
        "Invalid input. `errors` names each body field (dotted paths for nested rows) or "
        "query parameter at fault.",
        _error(
            "invalid",
            "Invalid input: exact.",
            {"exact": ["The source text at 10-22 reads 'said nothing', not 'said it all'."]},
        ),
    ),
    "401": (
        "No credentials, or invalid ones. Send `Authorization: Token <key>` or log in.",
        _error("not_authenticated", "Authentication credentials were not provided."),
    ),
    "403": (
        "Authenticated, but without the model permission this write needs (or a session "
        "request without its CSRF token).",
        _error("permission_denied", "You do not have permission to perform this action."),
    ),
    "404": (
        "No such object, or not published (the public sees published data only); on a list, "
        "a page past the last one.",
        _error("not_found", "No Claim matches the given query."),
    ),
    "409": (
        "A unique value (slug, source URL, claim wording, relation pair...) is taken, or a "
        "delete is refused because other rows depend on this one: `errors` names them.",
        _error(
            "conflict",
            "Another record already has this value: slug.",
            {"slug": ["Another claim already has this slug."]},
        ),
    ),
    "412": (
        "`If-Match` does not match the current ETag: the object changed since it was read. "
        "Nothing was written.",
        _error(
            "precondition_failed",
            "The resource has changed since you read it.",
            {"If-Match": ['The resource has changed since you read it; its ETag is now "3f2a…".']},
        ),
    ),
    "413": (
        "The body is larger than the server accepts (DATA_UPLOAD_MAX_MEMORY_SIZE).",
        _error(
            "request_too_large",
            "The request body is too large (at most 5242880 bytes).",
            {"body": ["The request body is larger than this API accepts (at most 5242880 bytes)."]},
        ),
    ),
    "415": (
        "The body is not `application/json`.",
        _error(
            "unsupported_media_type",
            'Unsupported media type "text/plain" in request.',
            {"Content-Type": ['Unsupported media type "text/plain" in request.']},
        ),
    ),
    "429": (
        "Too many requests from this client; `Retry-After` says when to try again.",
        _error("throttled", "Request was throttled. Expected available in 12 seconds."),
    ),
}


class AutoSchema(openapi.AutoSchema):
    def _resource(self) -> bool:
        return hasattr(self.view, "write_serializer_class")

    def _is_list(self) -> bool:
        return getattr(self.view, "action", None) == "list"

    def _is_single_read(self) -> bool:
        return self._resource() and self.method == "GET" and not self._is_list()

    # ---------------------------------------------------------------- bodies

    def get_request_serializer(self):
        if self._resource() and self.method in ("POST", "PUT", "PATCH"):
            return self.view.get_serializer_class()
        return super().get_request_serializer()

    def get_response_serializers(self):
        if not self._resource():
            return super().get_response_serializers()
        view = self.view
        if self.method == "DELETE":
            return {"204": OpenApiResponse(description="Deleted.")}
        if self._is_list():
            return view.read_serializer_class
        return view.detail_serializer_class or view.read_serializer_class

    def _error_codes(self) -> list[str]:
        codes = ["401", "429"]
        if self.method in SAFE_METHODS:
            codes += ["400", "404"] if self._is_list() else ["404"]
            return sorted(codes)
        codes.append("403")
        if self.method in ("POST", "PUT", "PATCH"):
            codes += ["400", "409", "413", "415"]
        if self.method in ("PUT", "PATCH", "DELETE"):
            codes += ["404", "412"]
        if self.method == "POST" and getattr(self.view, "detail", False):
            codes.append("404")  # an action on one row (a verdict's approve/correct)
        if self.method == "DELETE":
            codes.append("409")
        return sorted(set(codes))

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self._is_single_read():
            responses["304"] = {
                "description": "Not modified: If-None-Match holds the current ETag.",
                "headers": self._etag_header(),
            }
        for code in self._error_codes():
            description, example = ERRORS[code]
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(
                        ErrorSerializer,
                        description=description,
                        examples=[
                            OpenApiExample(
                                f"Error {code}",
                                value=example,
                                response_only=True,
                                status_codes=[code],
                            )
                        ],
                    ),
                    code,
                    direction=direction,
                ),
            )
        return dict(sorted(responses.items()))

    # ---------------------------------------------------------------- headers

    @staticmethod
    def _etag_header() -> dict:
        return {"ETag": {"schema": {"type": "string"}, "description": ETAG_HELP}}

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if not self._resource():
            return parameters
        if self._is_single_read():
            parameters.append(
                OpenApiParameter(
                    "If-None-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="An ETag you hold: the answer is 304 (no body) while it is "
                    "still current.",
                )
            )
        if self.method in ("PUT", "PATCH", "DELETE"):
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description="The ETag you read: the write happens only if the object "
                    "still has it, else 412 and nothing changes. Optional.",
                )
            )
        if self.method in ("GET", "POST", "PUT", "PATCH") and not self._is_list():
            parameters.append(
                OpenApiParameter(
                    "ETag",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description=ETAG_HELP,
                    response=["200", "201"],
                )
            )
        return parameters

    # ---------------------------------------------------------------- security

    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths:
            auths.append({})  # reading needs no credentials
        return auths
