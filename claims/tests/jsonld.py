"""JSON-LD expansion for the tests, with schema.org's context served from disk.

PyLD would fetch ``https://schema.org`` over the network; :func:`expand` gives it
a document loader that serves ``fixtures/claimreview/schemaorg-context.jsonld``
for schema.org's addresses and refuses every other one, so the tests never
reach the network. :func:`lost_properties` says which properties of a compact
document the expansion dropped (a term the context does not define).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from django.conf import settings
from pyld import jsonld

CONTEXT_FILE = Path(settings.BASE_DIR) / "fixtures" / "claimreview" / "schemaorg-context.jsonld"
SCHEMA = "http://schema.org/"
SCHEMA_ADDRESSES = {
    "https://schema.org",
    "https://schema.org/",
    "http://schema.org",
    "http://schema.org/",
    "https://schema.org/docs/jsonldcontext.jsonld",
}


def local_loader(url: str, options=None) -> dict:
    if url not in SCHEMA_ADDRESSES:
        raise jsonld.JsonLdError(
            f"The tests load no document from the network ({url}).",
            "jsonld.LoadDocumentError",
            code="loading document failed",
        )
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": json.loads(CONTEXT_FILE.read_text(encoding="utf-8")),
    }


def expand(document: dict | list) -> list:
    return jsonld.expand(document, {"documentLoader": local_loader})


def _compact_properties(node, counts: Counter) -> None:
    if isinstance(node, list):
        for item in node:
            _compact_properties(item, counts)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("@"):
                continue
            counts[key] += len(value) if isinstance(value, list) else 1
            _compact_properties(value, counts)


def _expanded_properties(node, counts: Counter) -> None:
    if isinstance(node, list):
        for item in node:
            _expanded_properties(item, counts)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key.startswith("@"):
                continue
            counts[key.removeprefix(SCHEMA)] += len(value)
            _expanded_properties(value, counts)


def lost_properties(document: dict | list) -> Counter:
    """Occurrences of each property that the expansion did not keep (empty when none)."""
    compact, expanded = Counter(), Counter()
    _compact_properties(document, compact)
    _expanded_properties(expand(document), expanded)
    return compact - expanded
