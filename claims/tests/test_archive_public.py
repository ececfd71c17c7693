"""An archived claim leaves every public page: claim page, search, sitemap, feed, home."""

import pytest

from claims import services
from claims.models import Claim
from claims.tests import factories

pytestmark = pytest.mark.django_db


def test_an_archived_claim_is_gone_from_public_pages_but_kept(client, publisher_user):
    """Archiving hides the claim and its verdict everywhere public; the row stays."""
    claim = factories.ClaimFactory(published=True, text="Archived wording about tanks")
    factories.StatementFactory(claim=claim)
    factories.ReviewFactory(claim=claim, published=True, headline="Verdict on tanks")
    pages = ["/", "/claims/?q=tanks", "/sitemap-claims.xml", "/feeds/verdicts.atom"]
    assert claim.slug in client.get("/sitemap-claims.xml").content.decode()
    services.editorial_delete(instance=claim, user=publisher_user)
    assert client.get(claim.get_absolute_url()).status_code == 404
    for url in pages:
        body = client.get(url).content.decode()
        assert claim.slug not in body and "Verdict on tanks" not in body, url
    assert Claim.objects.get(pk=claim.pk).status == "archived"
