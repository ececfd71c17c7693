"""Page-number pagination over a deterministic order.

Every list is ordered with the primary key as the last tie-breaker
(``filters.StableOrderingFilter``), so a row appears on exactly one page as long
as the data does not change between requests.
"""

from __future__ import annotations

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100
