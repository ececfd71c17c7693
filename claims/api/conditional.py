"""ETags and conditional requests (RFC 9110 §13): 304 on reads, 412 on stale writes.

An object's ETag is a hash of its JSON representation, not of its
``updated_at``: a claim's representation nests its statements, evidence,
relations and verdicts, which change without touching the claim's row, and a
client holding the claim must learn of those changes too. Ratings have no
``updated_at`` at all. The representation depends on who reads it (the public
does not see draft verdicts), so responses vary on the credentials.
"""

from __future__ import annotations

import hashlib
import json

from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags

from claims.api.exceptions import PreconditionFailed


def etag_for(data) -> str:
    """A strong ETag (quoted) for a serializer's output."""
    payload = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return '"' + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:40] + '"'


def _opaque(tag: str) -> str:
    return tag[2:] if tag.startswith("W/") else tag


def none_match(request, etag: str) -> bool:
    """True when ``If-None-Match`` lists ``etag`` (weak comparison) or is ``*``."""
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    tags = parse_etags(header)
    return tags == ["*"] or _opaque(etag) in {_opaque(tag) for tag in tags}


def check_if_match(request, etag: str) -> None:
    """Raise 412 unless ``If-Match`` is absent, ``*``, or lists ``etag`` (strong comparison).

    Call it inside the write's transaction, after locking the row and reading
    it again (``select_for_update``): two writers holding the same ETag are then
    serialised, and the second sees the first's change and fails here.
    """
    header = request.headers.get("If-Match")
    if header is None:
        return
    tags = parse_etags(header)
    if tags == ["*"] or etag in tags:
        return
    raise PreconditionFailed(current_etag=etag)


def add_etag(response, etag: str):
    response["ETag"] = etag
    # The representation differs between the public and editors.
    patch_vary_headers(response, ["Authorization", "Cookie"])
    return response
