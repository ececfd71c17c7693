"""A feed's ClaimReview records parsed batch by batch, in a second process when asked.

Parsing (``claims.domain.claimreview_import.parse``: HTML clean-up, URLs,
dates, parties) is pure Python and was a fifth of a large import's time,
spent while the database waited; writing a batch is mostly the database's
time, spent while Python waited. With ``parallel``, a second process parses
the next batches while this one writes the current one: on two cores the
parsing then costs the import next to nothing.

The second process is *forked*, so it starts with the records already in its
memory and only the parsed results travel back (pickled). Where fork is not
available (Windows, macOS's default), or for a feed of one batch, parsing
simply happens here, batch by batch; either way the batches come in file
order and hold the same results.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from claims.domain import claimreview_import as cri

#: Batches parsed ahead of the one being written: enough to keep the worker busy,
#: few enough that a large feed is not held twice in memory.
LOOKAHEAD = 4


@dataclass(frozen=True)
class Refusal:
    """A record the parser refused (``RecordRefused`` does not pickle: its
    arguments are not its ``args``)."""

    index: int
    url: str
    reason: str
    detail: str


def parse_range(records: Sequence, start: int, stop: int, limits: Mapping[str, int]) -> list:
    """``ParsedReview`` or :class:`Refusal` for records ``start``..``stop - 1`` (0-based)."""
    results = []
    for position in range(start, stop):
        item = records[position]
        try:
            results.append(cri.parse(item, index=position + 1, limits=limits))
        except cri.RecordRefused as refused:
            url = item.get("url", "") if isinstance(item, dict) else ""
            results.append(Refusal(position + 1, url, refused.reason, refused.detail))
    return results


_records: Sequence = ()  # the feed, set before the worker is forked, which inherits it


def _parse_in_worker(start: int, stop: int, limits: Mapping[str, int]) -> list:
    return parse_range(_records, start, stop, limits)


def parsed_batches(
    records: Sequence, *, batch_size: int, limits: Mapping[str, int], parallel: bool = False
) -> Iterator[list]:
    """Each batch of ``records`` parsed (see :func:`parse_range`), in order.

    ``parallel`` is for one import at a time in a process of its own (the
    command): the worker finds the feed in a module global.
    """
    global _records
    bounds = [
        (start, min(start + batch_size, len(records)))
        for start in range(0, len(records), batch_size)
    ]
    if not parallel or len(bounds) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        for start, stop in bounds:
            yield parse_range(records, start, stop, limits)
        return
    _records = records
    try:
        with multiprocessing.get_context("fork").Pool(1) as pool:
            pending: deque = deque()
            queued = iter(bounds)
            for start, stop in queued:
                pending.append(pool.apply_async(_parse_in_worker, (start, stop, limits)))
                if len(pending) > LOOKAHEAD:
                    break
            while pending:
                batch = pending.popleft().get()
                for start, stop in queued:
                    pending.append(pool.apply_async(_parse_in_worker, (start, stop, limits)))
                    break
                yield batch
    finally:
        _records = ()
