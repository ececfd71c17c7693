"""Pagination whose cost does not grow with the archive.

A paginator needs the number of rows to number its pages. Over a million claims
``COUNT(*)`` reads every matching row (hundreds of milliseconds for a common
search word), on every page view. Nobody pages through ten thousand results, so
counting stops at :data:`COUNT_LIMIT`: below it the count is exact, above it the
pages say "10,000+" and end there, and readers narrow the search instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from django.core.paginator import Paginator
from django.utils.functional import cached_property

#: Rows counted at most; past it the count shows as "10,000+" and the last page is the 500th.
COUNT_LIMIT = 10_000


class CappedPaginator(Paginator):
    """A Django paginator that counts at most ``count_limit`` rows."""

    count_limit = COUNT_LIMIT

    @cached_property
    def matches(self) -> int:
        """Matching rows, up to ``count_limit + 1`` (one more tells that there are more)."""
        rows = self.object_list
        if hasattr(rows, "count_up_to"):
            return rows.count_up_to(self.count_limit + 1)
        if hasattr(rows, "values"):
            # No ordering and only the key: ranking or sorting rows to count them is waste.
            return rows.order_by().values("pk")[: self.count_limit + 1].count()
        return len(rows)

    @cached_property
    def count(self) -> int:
        return min(self.matches, self.count_limit)

    @property
    def count_is_capped(self) -> bool:
        """Whether more rows match than the count says ("10,000+")."""
        return self.matches > self.count_limit or getattr(self.object_list, "more", False)


class UncountedPage:
    """One page of rows, with a next page if one more row exists: no count at all.

    For lists whose length is not worth its cost: an actor quoted in a hundred
    thousand claims pays for twenty-one rows, not for counting the rest. Page
    numbers past :data:`COUNT_LIMIT` rows are refused like any other bad page.
    """

    def __init__(self, queryset, *, number: int | str | None, per_page: int):
        try:
            self.number = max(1, int(number or 1))
        except (TypeError, ValueError):
            self.number = 1
        self.number = min(self.number, COUNT_LIMIT // per_page)
        start = (self.number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        self.object_list = rows[:per_page]
        self._has_next = len(rows) > per_page

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


class RowsByKey(Sequence):
    """Rows whose order is already known as a list of keys, fetched a slice at a time.

    A ranked search knows its answer's order before it fetches a row
    (``search.ranked_ids``): a page then costs a query for its twenty keys, not
    a query over every candidate sorted again. Reads like the queryset it stands
    for to a paginator, a ``ListView`` and a template: ``len``/``count`` (the
    number of keys: no ``COUNT``), slices, iteration. ``fetch`` takes a list of
    keys and returns their rows in that order, leaving out a key whose row it no
    longer finds (a claim unpublished since it was ranked).
    """

    ordered = True  # Django's paginator warns about unordered lists

    def __init__(self, keys: list, fetch: Callable[[list], list], *, more: bool = False):
        self.keys = list(keys)
        self.fetch = fetch
        #: More rows match than these keys (a search ranks only its most recent matches).
        self.more = more

    def __len__(self) -> int:
        return len(self.keys)

    def count(self) -> int:
        return len(self.keys)

    def __getitem__(self, index):
        if isinstance(index, slice):
            keys = self.keys[index]
            return self.fetch(keys) if keys else []
        [row] = self[index : index + 1 or None] or [None]
        if row is None:
            raise IndexError(index)
        return row

    def __iter__(self) -> Iterator:
        return iter(self[:])


class RowsByQuery(Sequence):
    """A queryset's rows in its order, read as its keys a slice at a time, then ``fetch``'s
    rows for those keys (see :class:`RowsByKey`).

    For a list whose order a query decides (most recent, A to Z): the page costs
    the query for its twenty keys, then one for their rows however ``fetch``
    builds them. Counted by :class:`CappedPaginator` as the queryset would be.
    """

    ordered = True

    def __init__(self, queryset, fetch: Callable[[list], list]):
        self.queryset = queryset
        self.fetch = fetch

    def count_up_to(self, limit: int) -> int:
        """The matching rows, counted up to ``limit``."""
        return self.queryset.order_by().values("pk")[:limit].count()

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            keys = list(self.queryset.values_list("pk", flat=True)[index])
            return self.fetch(keys) if keys else []
        if index < 0:
            raise IndexError("Negative indexing is not supported.")
        [row] = self[index : index + 1] or [None]
        if row is None:
            raise IndexError(index)
        return row

    def __iter__(self) -> Iterator:
        return iter(self[:])


class RowsBySlice:
    """Rows read a slice at a time: ``keys(offset, limit)`` gives the keys of a slice in
    order, then ``fetch`` their rows (see :class:`RowsByKey`). Neither counted nor
    indexed: for an :class:`UncountedPage` over keys that a query of its own reads
    (``selectors.actor_claims``)."""

    def __init__(self, keys: Callable[[int, int], list], fetch: Callable[[list], list]):
        self.keys = keys
        self.fetch = fetch

    def __getitem__(self, index: slice) -> list:
        start, stop = index.start or 0, index.stop
        if index.step not in (None, 1) or stop is None or start < 0 or stop < start:
            raise ValueError("Only a forward slice with an end is supported.")
        keys = self.keys(start, stop - start)
        return self.fetch(keys) if keys else []
