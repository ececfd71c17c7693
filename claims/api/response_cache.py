"""Anonymous API reads served from the cache, like the public pages.

Every anonymous client gets the same representation of the published archive
(editors get theirs, drafts included, always fresh), so the public's reads are
cached as the pages are (``claims.caching``): under the content version, which
every write to the archive renews, in the shared cache and in each worker's
own copy (``claims.local_pages``). Without it a claim's detail cost 20-60 ms of
queries and serializers per request, a page of the list 100 ms at a million
claims: a client polling the API, or a verdict going viral, would have been a
load the site could not carry.

What is kept is the serialized representation, not the rendered bytes, so
content negotiation (JSON or the browsable API), throttling and conditional
requests (ETag, 304) still happen per request. The key holds the scheme and
host (pagination links are absolute) and the query parameters a response can
depend on (``claims.caching.page_identity``: tracking parameters left out).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from claims.caching import content_version, is_public_request, kept_or_built, page_identity

T = TypeVar("T")


def api_cache_key(request) -> str:
    identity = f"{request.scheme}://{request.get_host()}{page_identity(request)}"
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()
    return f"claims:api:{content_version()}:{digest}"


def anonymous_read(request, build: Callable[[], T]) -> T:
    """``build()``'s result, kept for the next anonymous GET or HEAD of the same URL.

    Anything ``build`` raises (a 404, a 400 for a bad filter) passes through and
    is not kept.
    """
    if not is_public_request(request):
        return build()
    return kept_or_built(api_cache_key(request), build)
