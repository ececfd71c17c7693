"""Caching of the public pages, invalidated by a site-wide content version.

Every public page may show rows of several models (a claim page shows actors,
sources, related claims and their verdicts), so tracking which page depends on
which row would be fragile. Instead every write to a ``claims`` model bumps one
*content version* (``claims.signals``) and the page cache keys start with it:
after any editorial change every page is rebuilt on its next request, and old
entries simply expire. Editorial writes are rare next to reads, so the lost
hits cost little.

The version lives in the ``default`` cache. With Django's LocMemCache (the
default) that is per process: run a shared backend (memcached, Redis, or the
database cache) when serving with several worker processes, or a worker would
keep serving its own pages until they expire.
"""

from __future__ import annotations

import functools
import hashlib
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_cache_control, patch_vary_headers

from claims import local_pages

CONTENT_VERSION_KEY = "claims:content-version"


def generation(key: str) -> str:
    """A token kept in the cache under ``key``, to start other keys with; a fresh one if
    the cache lost it (a cold start). Renewing it makes every key built on it stale."""
    token = cache.get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, timeout=None)
        token = cache.get(key)
    return token


def generation_renew(key: str) -> str:
    token = uuid.uuid4().hex
    cache.set(key, token, timeout=None)
    return token


def content_version() -> str:
    """The current content version (as this process read it within the last second when
    the cache is shared: ``claims.local_pages``)."""
    return local_pages.version.get(lambda: generation(CONTENT_VERSION_KEY))


def content_version_bump() -> None:
    """Make every cached public page stale."""
    local_pages.version.remember(generation_renew(CONTENT_VERSION_KEY))


def kept(key: str):
    """What is kept under ``key``: this worker's copy first (``claims.local_pages``), then
    the shared cache (copied here for the next request); None when neither has it."""
    value = local_pages.pages.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local_pages.pages.put(key, value, page_cache_seconds())
    return value


def keep(key: str, value) -> None:
    """Keep ``value`` in the shared cache and in this worker's copy.

    Sent to a shared cache with its next read, not in a round trip of its own, where the
    cache can (``claimtrack.cache``): meanwhile this worker serves its copy."""
    set_later = getattr(cache, "set_later", cache.set)
    set_later(key, value, page_cache_seconds())
    local_pages.pages.put(key, value, page_cache_seconds())


def kept_or_built(key: str, build):
    """What is kept under ``key``, else ``build()``'s value, then kept. Anything ``build``
    raises passes through and nothing is kept."""
    value = kept(key)
    if value is None:
        value = build()
        keep(key, value)
    return value


def under_content_version(name: str, build):
    """``build()``'s value, kept until the next write to the archive.

    For what many pages read and only a write changes (the list's filter options:
    two queries on every list page built).
    """
    return kept_or_built(f"claims:{name}:{content_version()}", build)


def page_cache_seconds() -> int:
    return getattr(settings, "CLAIMTRACK_PAGE_CACHE_SECONDS", 300)


def is_public_request(request) -> bool:
    """Anonymous GET/HEAD: the only requests whose response is the same for everyone."""
    user = getattr(request, "user", None)
    return request.method in ("GET", "HEAD") and not (user and user.is_authenticated)


#: Query parameters no page reads, added to links by social networks, ad platforms and
#: newsletters: a different value per click or per share, so a viral link would otherwise
#: miss the page cache on every visit. (Parameters starting with ``utm_`` too.)
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "ttclid",
        "igshid",
        "li_fat_id",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "ref_url",
    }
)


def is_tracking_parameter(name: str) -> bool:
    return name.lower() in TRACKING_PARAMETERS or name.lower().startswith("utm_")


def page_identity(request) -> str:
    """The path and the query parameters a page can depend on, in the order given."""
    query = [
        (name, value)
        for name, values in request.GET.lists()
        if not is_tracking_parameter(name)
        for value in values
    ]
    return request.path + ("?" + urlencode(query) if query else "")


def page_cache_key(request) -> str:
    path = hashlib.sha256(page_identity(request).encode("utf-8")).hexdigest()
    return f"claims:page:{content_version()}:{request.method}:{path}"


def mark_public(response) -> None:
    patch_cache_control(response, public=True, max_age=page_cache_seconds())
    # Staff get another response at the same URL (previews, no caching).
    patch_vary_headers(response, ["Cookie"])


def mark_private(response) -> None:
    patch_cache_control(response, private=True, no_store=True)


def public_cache_headers(view):
    """Cache-Control for a function view's public responses (no server-side cache)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if is_public_request(request) and response.status_code == 200:
            mark_public(response)
        else:
            mark_private(response)
        return response

    return wrapped


class PublicPageCacheMixin:
    """Serve anonymous GETs from the page cache; send Cache-Control on every response.

    Anonymous visitors get ``public, max-age=…`` and a cached copy; logged-in
    users (staff previewing drafts) get ``private, no-store`` and a fresh page.
    Only 200 responses are cached.
    """

    def dispatch(self, request, *args, **kwargs):
        if not is_public_request(request):
            response = super().dispatch(request, *args, **kwargs)
            mark_private(response)
            return response
        key = page_cache_key(request)
        cached = kept(key)
        if cached is not None:
            return cached
        response = super().dispatch(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        mark_public(response)
        if hasattr(response, "render") and callable(response.render):
            response.add_post_render_callback(lambda rendered: keep(key, rendered))
        else:
            keep(key, response)
        return response
