"""Atom feed of new and updated verdicts, for readers and fact-check aggregators."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from claims import selectors
from claims.caching import is_public_request, mark_public

FEED_SIZE = 30


class VerdictsFeed(Feed):
    feed_type = Atom1Feed
    link = "/claims/"
    subtitle = "New and updated verdicts on the claims we track."

    def title(self):
        return f"{getattr(settings, 'CLAIMTRACK_SITE_NAME', 'ClaimTrack')}: latest verdicts"

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        if is_public_request(request):
            mark_public(response)
        return response

    def items(self):
        # Newest change first, so a corrected verdict comes back to the top.
        return selectors.public_reviews().order_by("-updated_at", "-pk")[:FEED_SIZE]

    def item_title(self, review):
        return f"{review.rating.label}: {review.claim.text}"

    def item_description(self, review):
        return f"{review.headline}. {review.conclusion}"

    def item_link(self, review):
        return f"{review.claim.get_absolute_url()}#verdict-{review.pk}"

    def item_guid(self, review):
        return f"{review.claim.get_absolute_url()}#verdict-{review.pk}"

    def item_author_name(self, review):
        return review.author_name or None

    def item_pubdate(self, review):
        return review.published_at

    def item_updateddate(self, review):
        return review.updated_at

    def item_categories(self, review):
        return [review.rating.label]
