"""sitemap.xml: every public page, from the same selectors the pages use.

``/sitemap.xml`` is an index of ``/sitemap-<section>.xml`` files of at most
:data:`LIMIT` pages each: a million claims do not fit one file (the protocol
allows 50,000 URLs), nor one response.

A file is a range of primary keys, not a slice of a count: ``?p=N`` holds the
section's public rows with ``(N-1)*LIMIT < pk <= N*LIMIT``. Django's own
paginator reads ``OFFSET (N-1)*LIMIT LIMIT LIMIT``, so PostgreSQL walked and
dropped every row before the page (1-2 s for ``?p=60`` at a million claims),
and the index counted every published claim to number the files. Here any
file is one range scan of the primary key's index, and the last number comes
from the highest public key (one probe of that index, no count).

Fixed-width ranges rather than keyset pages of exactly LIMIT rows (each page
starting after the previous one's last key): those boundaries move whenever
a claim before them is published or unpublished, and finding page N's start
means walking the pages before it or storing the boundaries somewhere. A
range is found by arithmetic, and a file always covers the same rows, so a
crawler holding an older index still reads each file right. The price: a
file holds fewer than LIMIT URLs where keys are drafts, archived or deleted
(about 14 % of claims), and is empty where LIMIT consecutive keys hold
nothing public.

The index lists files 1 to the last, as Django's does: one query per
section (its highest public key), so the index stays a handful of queries at
a million claims. A file in the middle whose LIMIT keys hold nothing public
answers with an empty ``urlset``, which the protocol allows; past the last
file, and for a ``p`` that is not a number, a section answers 404 as before.
"""

from math import ceil

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils.functional import cached_property

from claims import selectors
from claims.models import Claim, PublicationStatus, Review

#: Pages per sitemap file: the width of a file's range of primary keys.
LIMIT = 5_000


class KeyRangePaginator(Paginator):
    """Page ``n`` of a queryset: its rows with ``(n-1)*per_page < pk <= n*per_page``.

    Reuses Django's ``validate_number`` so that the sitemap view turns a page
    that is not a number, below 1 or past the last into the same 404 as before.
    Needs an integer primary key from 1 up (Django's auto fields).
    """

    def __init__(self, object_list, per_page):
        super().__init__(object_list, per_page)
        self._keys = object_list.order_by("pk").values_list("pk", flat=True)

    @cached_property
    def num_pages(self) -> int:
        """Up to the page of the highest key; 1 when there are no rows (an empty first page)."""
        last = self._keys.reverse().first()
        return max(1, ceil((last or 0) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        above = (number - 1) * self.per_page
        rows = self.object_list.filter(pk__gt=above, pk__lte=above + self.per_page)
        return self._get_page(rows, number, self)


class BoundedSitemap(Sitemap):
    """A section of the index, in files of primary-key ranges, whose entry carries no ``lastmod``.

    Django finds a section's latest ``lastmod`` by calling ``lastmod`` on every
    item, which at a million claims took 40 s; the protocol makes it optional,
    and each section file still gives every page's own. No ``i18n`` here: its
    (item, language) pairs are a list, with no key to range over.
    """

    limit = LIMIT

    @property
    def paginator(self):
        return KeyRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        return None


class ClaimSitemap(BoundedSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # A new or corrected verdict changes the page without touching the claim's row.
        # A correlated subquery, not a join and GROUP BY: one row per claim, and
        # the paginator's probe of the last key selects the key alone.
        verdict_changed = Subquery(
            Review.objects.filter(claim=OuterRef("pk"), status=PublicationStatus.PUBLISHED)
            .order_by()
            .values("claim")
            .annotate(latest=Max("updated_at"))
            .values("latest"),
            output_field=DateTimeField(),
        )
        return (
            Claim.objects.published()
            .defer("search_vector")
            .annotate(changed_at=Greatest("updated_at", verdict_changed))
            .order_by("pk")
        )

    def lastmod(self, claim):
        return claim.changed_at


class ActorSitemap(BoundedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return selectors.public_actors().order_by("pk")

    def lastmod(self, actor):
        return actor.updated_at


class SourceSitemap(BoundedSitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return selectors.public_sources().defer("text").order_by("pk")

    def lastmod(self, source):
        return source.updated_at


class TopicSitemap(BoundedSitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return selectors.public_topics().order_by("pk")

    def lastmod(self, topic):
        return topic.updated_at


SITEMAPS = {
    "claims": ClaimSitemap,
    "actors": ActorSitemap,
    "sources": SourceSitemap,
    "topics": TopicSitemap,
}
