"""Anchoring quotes in a document's text, as W3C Web Annotation selectors.

A quote is stored as a *TextPositionSelector* (start and end offsets) together
with a *TextQuoteSelector* (the exact text plus a little prefix and suffix).
The offsets make highlighting cheap; the exact text and its context let us find
the quote again when the document's text is corrected, and refuse to guess when
we cannot.

Offsets count Unicode code points, which is what Python's ``str`` indexes.
Browsers count UTF-16 code units, so a client working in JavaScript must convert
around characters outside the Basic Multilingual Plane (emoji, some CJK).

This module is pure Python: no Django, no database, so it is tested and
benchmarked on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: How many characters of context are kept on each side of a quote.
CONTEXT_CHARS = 32

# Typographic variants an editor's paste often differs by: curly and straight
# quotes, the dash family, the ellipsis character and non-breaking spaces.
_EQUIVALENTS = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2015": "-",
    "\u2212": "-",
    "\u2026": "...",
}
_SPACE = re.compile(r"\s")


class AnchoringError(ValueError):
    """Base class: the quote could not be tied to one place in the text."""


class AnchorMismatch(AnchoringError):
    """The text at the given offsets is not the given quote."""

    def __init__(self, *, start: int, end: int, expected: str, found: str):
        self.start, self.end, self.expected, self.found = start, end, expected, found
        super().__init__(f"The source text at {start}-{end} reads {found!r}, not {expected!r}.")


class OffsetsOutOfRange(AnchoringError):
    def __init__(self, *, start: int, end: int, length: int):
        self.start, self.end, self.length = start, end, length
        super().__init__(
            f"Offsets {start}-{end} do not fit a text of {length} characters "
            "(start must be before end, both within the text)."
        )


class QuoteNotFound(AnchoringError):
    def __init__(self, quote: str):
        self.quote = quote
        super().__init__(f"The quote {quote!r} does not occur in the source text.")


class QuoteAmbiguous(AnchoringError):
    """The quote occurs more than once and the context given does not decide."""

    def __init__(self, quote: str, starts: list[int]):
        self.quote, self.starts = quote, starts
        where = ", ".join(str(s) for s in starts[:10])
        super().__init__(
            f"The quote occurs {len(starts)} times in the source text (at offsets {where}); "
            "give its start offset or a few words of the text just before or after it."
        )


@dataclass(frozen=True)
class Anchor:
    """Where a quote sits in a text: offsets plus the exact text and its context."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


def selector(text: str, start: int, end: int, *, context: int = CONTEXT_CHARS) -> Anchor:
    """The full selector for ``text[start:end]``, with its surrounding context."""
    if not (0 <= start < end <= len(text)):
        raise OffsetsOutOfRange(start=start, end=end, length=len(text))
    return Anchor(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def verify(text: str, *, start: int, end: int, exact: str) -> Anchor:
    """Check that ``exact`` is what the text says at ``start:end``, to the letter."""
    anchor = selector(text, start, end)
    if anchor.exact != exact:
        raise AnchorMismatch(start=start, end=end, expected=exact, found=anchor.exact)
    return anchor


def _normalised(text: str) -> tuple[str, list[int]]:
    """Text folded for matching, and for each folded character its original offset.

    Whitespace runs fold to one space and typographic variants to their ASCII
    form; the offset map lets a match in the folded text be reported in the
    original's offsets. The map has one extra entry for the end of the text.
    """
    out: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        if _SPACE.match(char):
            if previous_space:
                continue
            previous_space = True
            out.append(" ")
            origin.append(index)
            continue
        previous_space = False
        folded = _EQUIVALENTS.get(char, char)
        for piece in folded:
            out.append(piece)
            origin.append(index)
    origin.append(len(text))
    return "".join(out), origin


def _occurrences(haystack: str, needle: str) -> list[int]:
    starts, position = [], haystack.find(needle)
    while position != -1:
        starts.append(position)
        position = haystack.find(needle, position + 1)
    return starts


def locate(text: str, quote: str, *, prefix: str = "", suffix: str = "") -> Anchor:
    """Find ``quote`` in ``text`` and return its anchor.

    The match tolerates the typographic differences of a copy-paste (curly or
    straight quotes, dashes, runs of white space) but the anchor returned always
    holds the source's own characters. When the quote occurs more than once,
    ``prefix``/``suffix`` (text just before/after it) choose among the places;
    if they do not single one out, :class:`QuoteAmbiguous` is raised rather than
    picking one.
    """
    folded_quote, _ = _normalised(quote.strip())
    if not folded_quote.strip():
        raise QuoteNotFound(quote)
    folded_text, origin = _normalised(text)
    starts = _occurrences(folded_text, folded_quote)
    if not starts:
        raise QuoteNotFound(quote)
    candidates = [(origin[s], origin[s + len(folded_quote) - 1] + 1) for s in starts]
    spans = candidates
    if len(spans) > 1 and (prefix or suffix):
        spans = _filter_by_context(text, spans, prefix=prefix, suffix=suffix)
    if len(spans) != 1:
        # Offsets in the source's own characters (``starts`` index the folded text).
        raise QuoteAmbiguous(quote, [start for start, _ in spans or candidates])
    start, end = spans[0]
    return selector(text, start, end)


def _filter_by_context(
    text: str, spans: list[tuple[int, int]], *, prefix: str, suffix: str
) -> list[tuple[int, int]]:
    folded_prefix = _normalised(prefix)[0].strip()
    folded_suffix = _normalised(suffix)[0].strip()
    kept = []
    for start, end in spans:
        before = _normalised(text[max(0, start - len(prefix) - 8) : start])[0].strip()
        after = _normalised(text[end : end + len(suffix) + 8])[0].strip()
        if folded_prefix and not before.endswith(folded_prefix):
            continue
        if folded_suffix and not after.startswith(folded_suffix):
            continue
        kept.append((start, end))
    return kept


def reanchor(text: str, *, exact: str, prefix: str, suffix: str) -> Anchor:
    """Find a stored quote again after its text was corrected.

    Stricter than :func:`locate` on purpose: the exact characters must still be
    there, and among several occurrences only the one whose stored context
    still matches is accepted. Anything less certain raises, so that the caller
    marks the quote as lost for an editor instead of moving it to a look-alike
    passage.
    """
    starts = _occurrences(text, exact)
    if not starts:
        raise QuoteNotFound(exact)
    if len(starts) == 1:
        return selector(text, starts[0], starts[0] + len(exact))
    matching = [
        start
        for start in starts
        if text[:start].endswith(prefix) and text[start + len(exact) :].startswith(suffix)
    ]
    if len(matching) != 1:
        raise QuoteAmbiguous(exact, matching or starts)
    return selector(text, matching[0], matching[0] + len(exact))
