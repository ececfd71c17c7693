"""Page-number pagination over a deterministic order, with a bounded count.

Every list is ordered with the primary key as the last tie-breaker
(``filters.StableOrderingFilter``), so a row appears on exactly one page as long
as the data does not change between requests.

``count`` is exact up to ``claims.paginators.COUNT_LIMIT`` rows; past it the
count stops there, ``count_capped`` is true and the pages end at that row: a
count that reads every row of a million-claim archive on every request would
cost more than the page itself. Narrow the list with filters instead. A search
ranked by relevance counts its candidates (``claims.search.RANK_CANDIDATES``, the
most recently seen matches): ``count_capped`` is true when it found that many.
"""

from __future__ import annotations

from rest_framework import pagination
from rest_framework.response import Response

from claims.paginators import CappedPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100
    django_paginator_class = CappedPaginator

    def get_paginated_response(self, data):
        paginator = self.page.paginator
        return Response(
            {
                "count": paginator.count,
                "count_capped": paginator.count_is_capped
                or getattr(self.request, "more_may_match", False),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count_capped"] = {
            "type": "boolean",
            "description": (
                "True when more rows match than `count`: counting stops there, and a "
                "search ranks only its most recently seen matches."
            ),
        }
        response["required"] = [*response["required"], "count_capped"]
        return response
