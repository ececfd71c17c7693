"""Adding documents as sources: the admin, the API and ``import_documents`` call these.

Check, then do (the STYLE's point 7): :func:`source_import_check` says whether a
document is new, a duplicate (and of which source), and
:func:`source_import` writes it only when it is new. Importing the same
folder twice therefore adds nothing the second time.

Duplicates are the same URL (compared by ``documents.normalise_url``) or the
same text once white space *and* quotes are folded. ``Source.text_hash`` folds
white space only and cannot be changed here, so the quote-folded comparison
reads the texts of the sources of about the same length (one indexed-free
query bounded by length; cheap at a newsroom's scale) and compares
fingerprints in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models.functions import Length
from django.utils.text import slugify

from claims.domain import documents
from claims.domain.documents import Document, DocumentRefused
from claims.models import Source

ADDED = "added"
DUPLICATE = "duplicate"
REFUSED = "refused"

#: Texts whose lengths differ by more than this share cannot be the same after folding.
LENGTH_TOLERANCE = 0.05


@dataclass(frozen=True)
class ImportResult:
    status: str  # ADDED, DUPLICATE or REFUSED
    origin: str
    source: Source | None = None
    reason: str = ""

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "origin": self.origin,
            "source": self.source.slug if self.source else None,
            "reason": self.reason,
        }


def source_duplicate_of(*, document: Document) -> tuple[Source | None, str]:
    """The existing source ``document`` duplicates, and why; ``(None, "")`` if none."""
    if document.url:
        wanted = documents.normalise_url(document.url)
        variants = {document.url, wanted, wanted + "/", wanted.replace("https://", "http://", 1)}
        for source in Source.objects.filter(url__in=variants).only("pk", "slug", "title", "url"):
            return source, f"same URL as “{source.title}”"
        # Stored URLs may be written differently (a trailing slash, upper-case host).
        host = wanted.split("/", 3)[2] if wanted.startswith("https://") else ""
        if host:
            for source in Source.objects.filter(url__icontains=host).only("pk", "title", "url"):
                if documents.normalise_url(source.url) == wanted:
                    return source, f"same URL as “{source.title}”"
    length = len(document.text)
    fingerprint = document.fingerprint
    nearby = (
        Source.objects.annotate(length=Length("text"))
        .filter(
            length__gte=int(length * (1 - LENGTH_TOLERANCE)),
            length__lte=int(length * (1 + LENGTH_TOLERANCE)) + 1,
        )
        .only("pk", "slug", "title", "text")
    )
    for source in nearby:
        if documents.fingerprint(source.text) == fingerprint:
            return source, f"same text as “{source.title}”"
    return None, ""


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180].strip("-") or "source"
    slug, n = base, 2
    while Source.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def source_import_check(*, document: Document) -> ImportResult | None:
    """Why ``document`` must not be imported, as a result; None when it may be."""
    duplicate, why = source_duplicate_of(document=document)
    if duplicate is not None:
        return ImportResult(DUPLICATE, document.origin, duplicate, why)
    return None


@transaction.atomic
def source_import(
    *, document: Document, kind: str = Source.Kind.ARTICLE, dry_run: bool = False
) -> ImportResult:
    """Add ``document`` as a source unless it duplicates one; report what happened.

    A document without a date gets precision "unknown" (the model requires a
    date otherwise). With ``dry_run`` nothing is written and an added result
    carries no source.
    """
    refused = source_import_check(document=document)
    if refused is not None:
        return refused
    source = Source(
        title=document.title or "Untitled document",
        slug=_unique_slug(document.title or document.origin),
        publisher=document.publisher,
        url=document.url,
        published_on=document.published_on,
        date_precision=(
            Source.DatePrecision.EXACT if document.published_on else Source.DatePrecision.UNKNOWN
        ),
        language=document.language or "en",
        kind=kind,
        text=document.text,
    )
    source.full_clean()
    if dry_run:
        return ImportResult(ADDED, document.origin, None, "dry run: not saved")
    source.save()
    return ImportResult(ADDED, document.origin, source)


def source_import_file(
    *, name: str, data: bytes, url: str = "", dry_run: bool = False
) -> ImportResult:
    """Read a ``.txt``, ``.md`` or ``.html`` file and import it; refusals are results."""
    try:
        document = documents.from_file(name, data, url=url)
    except DocumentRefused as refusal:
        return ImportResult(REFUSED, name, None, refusal.reason)
    return _import_or_refuse(document, dry_run=dry_run)


def source_import_text(
    *,
    text: str,
    title: str = "",
    publisher: str = "",
    url: str = "",
    published_on: datetime.date | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import pasted text, with whatever metadata the editor typed."""
    try:
        document = documents.from_text(text, title=title)
    except DocumentRefused as refusal:
        return ImportResult(REFUSED, "pasted text", None, refusal.reason)
    document = Document(
        title=document.title,
        text=document.text,
        publisher=publisher,
        url=url,
        published_on=published_on,
        origin=title or "pasted text",
    )
    return _import_or_refuse(document, dry_run=dry_run)


def _import_or_refuse(document: Document, *, dry_run: bool) -> ImportResult:
    from django.core.exceptions import ValidationError

    try:
        return source_import(document=document, dry_run=dry_run)
    except ValidationError as error:
        reasons = "; ".join(
            f"{field}: {' '.join(messages)}"
            for field, messages in getattr(error, "message_dict", {"": error.messages}).items()
        )
        return ImportResult(REFUSED, document.origin, None, reasons)
