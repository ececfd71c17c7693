"""sitemap.xml: every public page, from the same selectors the pages use.

``/sitemap.xml`` is an index of ``/sitemap-<section>.xml`` files of at most
:data:`LIMIT` pages each: a million claims do not fit one file (the protocol
allows 50,000 URLs), nor one response.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import DateTimeField, Max, OuterRef, Subquery
from django.db.models.functions import Greatest

from claims import selectors
from claims.models import Claim, PublicationStatus, Review

#: Pages per sitemap file.
LIMIT = 5_000


class BoundedSitemap(Sitemap):
    """A section of the index whose entry in ``/sitemap.xml`` carries no ``lastmod``.

    Django finds a section's latest ``lastmod`` by calling ``lastmod`` on every
    item, which at a million claims took 40 s; the protocol makes it optional,
    and each section file still gives every page's own.
    """

    limit = LIMIT

    def get_latest_lastmod(self):
        return None


class ClaimSitemap(BoundedSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # A new or corrected verdict changes the page without touching the claim's row.
        # A correlated subquery, not a join and GROUP BY: the index's count of pages
        # then counts claims alone (Django leaves unused annotations out of counts).
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
