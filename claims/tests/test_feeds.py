"""Discovery: the Atom feed of verdicts, sitemap.xml and robots.txt."""

# Parses only our own responses in tests, so the stdlib parser is fine (S314).
import xml.etree.ElementTree as ET

import pytest

from claims.tests.factories import (
    ClaimFactory,
    EvidenceFactory,
    ReviewFactory,
    StatementFactory,
    TopicFactory,
    default_rating,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_feed_lists_published_verdicts_of_published_claims(client):
    """New and updated published verdicts, newest change first; drafts never."""
    claim = ClaimFactory(text="Feed claim", published=True)
    ReviewFactory(claim=claim, published=True, rating=default_rating("false"), headline="Out")
    ReviewFactory(claim=claim, headline="Draft verdict")
    ReviewFactory(claim=ClaimFactory(text="Draft claim"), published=True, headline="Hidden")
    response = client.get("/feeds/verdicts.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)  # noqa: S314
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["False: Feed claim"]
    [entry] = entries
    assert (
        entry.find(f"{ATOM}link").get("href").startswith(f"http://testserver/claims/{claim.slug}/")
    )
    assert entry.find(f"{ATOM}updated") is not None
    assert b"Draft verdict" not in response.content and b"Hidden" not in response.content


def test_sitemap_lists_public_pages_only(client):
    """Published claims and the actors, sources and topics they make public."""
    claim = ClaimFactory(published=True)
    statement = StatementFactory(claim=claim)
    topic = TopicFactory()
    claim.topics.add(topic)
    evidence = EvidenceFactory(claim=claim)
    draft = ClaimFactory()
    draft_statement = StatementFactory(claim=draft)
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    index = ET.fromstring(response.content)  # noqa: S314
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert sections and all("/sitemap-" in url for url in sections)
    locations = set()
    for url in sections:
        section = client.get(url.removeprefix("http://testserver"))
        assert section.status_code == 200
        tree = ET.fromstring(section.content)  # noqa: S314
        locations |= {loc.text for loc in tree.iter(f"{SITEMAP}loc")}
    expected = {
        claim.get_absolute_url(),
        statement.actor.get_absolute_url(),
        statement.source.get_absolute_url(),
        evidence.source.get_absolute_url(),
        topic.get_absolute_url(),
    }
    assert {loc.removeprefix("http://testserver") for loc in locations} == expected
    assert not any(draft.slug in loc for loc in locations)
    assert not any(draft_statement.source.slug in loc for loc in locations)


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body
