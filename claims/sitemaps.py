"""sitemap.xml: every public page, from the same selectors the pages use."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.db.models.functions import Greatest

from claims import selectors
from claims.models import Claim, PublicationStatus


class ClaimSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        # A new or corrected verdict changes the page without touching the claim's row.
        return (
            Claim.objects.published()
            .annotate(
                changed_at=Greatest(
                    "updated_at",
                    Max(
                        "reviews__updated_at", filter=Q(reviews__status=PublicationStatus.PUBLISHED)
                    ),
                )
            )
            .order_by("pk")
        )

    def lastmod(self, claim):
        return claim.changed_at


class ActorSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return selectors.public_actors().order_by("pk")

    def lastmod(self, actor):
        return actor.updated_at


class SourceSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return selectors.public_sources().order_by("pk")

    def lastmod(self, source):
        return source.updated_at


class TopicSitemap(Sitemap):
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
