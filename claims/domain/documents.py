"""From a pasted text, a file or a saved web page to a document ready to be a source.

HTML is reduced to the article's text by trafilatura (main-content extraction:
navigation, footers, share buttons and comments go), which also reads the
title, publisher (site name), date and canonical URL from the page's metadata.
Markdown loses its markup; plain text is kept as it is. Either way the text is
what quotes will be anchored in, so nothing here rewrites characters inside a
paragraph: only line structure and surrounding white space change.

Lines inside the article that are not prose (inserted headlines, "CLICK HERE
…") are *kept* in the text, so offsets stay true to the document, and flagged
by ``claims.domain.attribution.boilerplate`` when statements are extracted.

No Django here; trafilatura never fetches anything in this module (we only
hand it HTML we already have), so imports work offline.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

#: Extensions we read, and what they are.
KINDS = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
         ".html": "html", ".htm": "html"}  # fmt: skip
#: A document shorter than this (in characters, after extraction) is refused:
#: no article is that short, and an empty page extraction usually is.
MIN_TEXT_CHARS = 200
#: Larger files are refused before parsing (a saved page with inline images can be big).
MAX_BYTES = 5 * 1024 * 1024

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "«": '"',
        "»": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "′": "'",
        "″": '"',
        "\u00a0": " ",
    }
)


class DocumentRefused(ValueError):
    """The file cannot become a source; ``reason`` says why, for the editor."""

    def __init__(self, reason: str):
        self.reason = reason
        super().__init__(reason)


@dataclass(frozen=True)
class Document:
    title: str
    text: str
    publisher: str = ""
    url: str = ""
    published_on: datetime.date | None = None
    language: str = "en"
    origin: str = ""  # the file name or "pasted text", for reports

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.text)


def duplicate_form(text: str) -> str:
    """The text as duplicates are compared: white space folded (as
    ``Source.text_hash`` does) and curly/straight quotes folded too, so a copy
    pasted through an editor that "smartens" quotes is still the same article."""
    return " ".join(unicodedata.normalize("NFC", text).translate(_QUOTES).split())


def fingerprint(text: str) -> str:
    return hashlib.sha256(duplicate_form(text).encode("utf-8")).hexdigest()


def normalise_url(url: str) -> str:
    """A URL as duplicates are compared: scheme and host in lower case, no
    fragment, no trailing slash, http and https alike."""
    url = url.strip()
    m = re.match(r"(?i)^(https?)://([^/?#]+)([^#]*)", url)
    if not m:
        return url
    path = m.group(3).rstrip("/")
    return f"https://{m.group(2).lower()}{path}"


def clean_text(text: str) -> str:
    """Line endings unified, trailing spaces and runs of blank lines removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _title_from_text(text: str, fallback: str) -> str:
    first = text.strip().split("\n", 1)[0].strip()
    if first and len(first) <= 200 and not re.search(r"[.!?]$", first):
        return first
    return fallback


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise DocumentRefused(
                "not text: the file is binary or in an unknown encoding"
            ) from None
        return str(best)


def _date(value: str | None) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return None


def from_html(html: str, *, url: str = "", origin: str = "") -> Document:
    """The article inside a web page, with its metadata when the page has it."""
    import trafilatura

    result = trafilatura.bare_extraction(
        html,
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    text = clean_text(result.text if result is not None and result.text else "")
    if len(text) < MIN_TEXT_CHARS:
        raise DocumentRefused(
            f"no article text found in the page ({len(text)} characters after extraction)"
        )
    title = (result.title or "").strip() or _title_from_text(text, PurePath(origin).stem)
    return Document(
        title=title[:300],
        text=text,
        publisher=(result.sitename or "").strip()[:200],
        url=url or (result.url or ""),
        published_on=_date(result.date),
        language=(result.language or "en")[:16],
        origin=origin,
    )


_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def from_markdown(markdown: str, *, origin: str = "") -> Document:
    """Markdown without its markup; a YAML-style front matter (title, publisher,
    url, date) and a first ``# heading`` give the metadata."""
    meta: dict[str, str] = {}
    m = _FRONT_MATTER.match(markdown.replace("\r\n", "\n"))
    if m:
        for line in m.group(1).split("\n"):
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip().strip("\"'")
        markdown = markdown.replace("\r\n", "\n")[m.end() :]
    lines = []
    title = meta.get("title", "")
    for line in markdown.split("\n"):
        heading = re.match(r"^#{1,6}\s+(.*?)\s*#*$", line)
        if heading:
            if not title:
                title = heading.group(1)
                continue
            line = heading.group(1)
        line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)  # images
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)  # links keep their words
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<!\w)([*_])(?!\s)(.+?)(?<!\s)\1(?!\w)", r"\2", line)
        line = re.sub(r"`([^`]*)`", r"\1", line)
        line = re.sub(r"^\s{0,3}(?:>\s?|[-*+]\s+|\d+\.\s+)", "", line)
        if re.fullmatch(r"\s*(?:[-*_]\s*){3,}", line):
            line = ""
        lines.append(line)
    text = clean_text("\n".join(lines))
    return _checked(
        Document(
            title=(title or _title_from_text(text, PurePath(origin).stem))[:300],
            text=text,
            publisher=meta.get("publisher", "")[:200],
            url=meta.get("url", ""),
            published_on=_date(meta.get("date")),
            origin=origin,
        )
    )


def from_text(text: str, *, origin: str = "", title: str = "") -> Document:
    text = clean_text(text)
    return _checked(
        Document(
            title=(title or _title_from_text(text, PurePath(origin).stem or "Pasted text"))[:300],
            text=text,
            origin=origin or "pasted text",
        )
    )


def _checked(document: Document) -> Document:
    if len(document.text) < MIN_TEXT_CHARS:
        raise DocumentRefused(
            f"too short to be an article ({len(document.text)} characters; "
            f"at least {MIN_TEXT_CHARS} expected)"
        )
    return document


def from_file(name: str, data: bytes, *, url: str = "") -> Document:
    """Read ``data`` as the kind its extension says; refuse anything else."""
    suffix = PurePath(name).suffix.lower()
    kind = KINDS.get(suffix)
    if kind is None:
        known = ", ".join(sorted({".txt", ".md", ".html"}))
        raise DocumentRefused(f"unsupported file type {suffix or '(none)'}; expected {known}")
    if len(data) > MAX_BYTES:
        raise DocumentRefused(f"too large ({len(data)} bytes; at most {MAX_BYTES})")
    if b"\x00" in data[:4096]:
        raise DocumentRefused("not text: the file is binary")
    content = _decode(data)
    if kind == "html":
        return from_html(content, url=url, origin=name)
    if kind == "markdown":
        return from_markdown(content, origin=name)
    return from_text(content, origin=name)
