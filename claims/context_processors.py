import functools

from django.conf import settings
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse

#: The layout's links (header, footer), by URL name in the ``claims`` namespace.
LAYOUT_LINKS = ("home", "claim_list", "verdicts_feed", "sitemap", "corrections")


@functools.lru_cache(maxsize=16)
def _layout_urls(script_prefix: str) -> dict[str, str]:
    urls = {name: reverse(f"claims:{name}") for name in LAYOUT_LINKS}
    # The stylesheet's hashed name, looked up in the static files' manifest once.
    urls["stylesheet"] = static("claims/site.css")
    return urls


def site(request):
    """The site's name and the layout's links (header, titles, footer).

    The links are reversed once per script prefix, not on every page: nine
    ``{% url %}`` tags were a tenth of a claim page's rendering (and the
    stylesheet's ``static()`` a fiftieth once the rest was Jinja2).
    """
    return {
        "site_name": getattr(settings, "CLAIMTRACK_SITE_NAME", "ClaimTrack"),
        "site_urls": _layout_urls(get_script_prefix()),
    }
