"""Cut a text into runs so that quoted passages can be highlighted.

Quotes may overlap (one sentence can carry two claims), so the text is split at
every quote boundary and each run knows which quotes cover it. Rendering, and
escaping, is the template's job; this module only computes the runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    text: str
    start: int
    keys: tuple[Hashable, ...]  # the quotes covering this run, in the order given


def runs(text: str, spans: Iterable[tuple[int, int, Hashable]]) -> list[Run]:
    """Split ``text`` at the boundaries of ``(start, end, key)`` spans.

    Spans outside the text are clipped; empty ones are ignored.
    """
    spans = [
        (max(0, s), min(len(text), e), key) for s, e, key in spans if min(len(text), e) > max(0, s)
    ]
    cuts = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    result = []
    for left, right in itertools.pairwise(cuts):
        covering = tuple(key for s, e, key in spans if s <= left and right <= e)
        result.append(Run(text=text[left:right], start=left, keys=covering))
    return result
