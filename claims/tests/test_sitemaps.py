"""Sitemap files are ranges of primary keys: no OFFSET, no count, stable numbers.

Files are narrowed to three keys each so that a handful of claims spans several.
"""

# Parses only our own responses in tests, so the stdlib parser is fine (S314).
import xml.etree.ElementTree as ET
from math import ceil

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim, PublicationStatus
from claims.sitemaps import BoundedSitemap
from claims.tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
WIDTH = 3
SECTION = "http://testserver/sitemap-claims.xml"


@pytest.fixture(autouse=True)
def narrow_files(monkeypatch):
    monkeypatch.setattr(BoundedSitemap, "limit", WIDTH)


@pytest.fixture
def claims():
    """Published claims with drafts between them: five keys in a row empty exactly one file."""
    published = [ClaimFactory(published=True) for _ in range(4)]
    drafts = [ClaimFactory() for _ in range(5)]
    published += [ClaimFactory(published=True) for _ in range(5)]
    drafts += [ClaimFactory()]
    return published, drafts


def locations(response) -> list[str]:
    assert response.status_code == 200
    return [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]  # noqa: S314


def page_of(claim) -> int:
    return ceil(claim.pk / WIDTH)


def test_index_lists_every_file_up_to_the_last_published_claim(
    client, claims, django_assert_max_num_queries
):
    published, _ = claims
    with django_assert_max_num_queries(6):  # one per section, whatever the archive's size
        index = locations(client.get("/sitemap.xml"))
    files = [url for url in index if url.startswith(SECTION)]
    pages = range(1, page_of(published[-1]) + 1)
    assert files == [SECTION if page == 1 else f"{SECTION}?p={page}" for page in pages]


def test_files_hold_every_published_claim_once_and_no_draft(client, claims):
    published, drafts = claims
    files = [url for url in locations(client.get("/sitemap.xml")) if url.startswith(SECTION)]
    listed = []
    for url in files:
        urls = locations(client.get(url.removeprefix("http://testserver")))
        assert len(urls) <= WIDTH
        listed += [url.removeprefix("http://testserver") for url in urls]
    assert sorted(listed) == sorted(claim.get_absolute_url() for claim in published)
    assert not {claim.get_absolute_url() for claim in drafts} & set(listed)


def test_a_file_between_the_drafts_is_an_empty_urlset(client, claims):
    published, _ = claims
    pages = {page_of(claim) for claim in published}
    [empty] = set(range(min(pages), max(pages))) - pages
    assert locations(client.get(f"/sitemap-claims.xml?p={empty}")) == []


def test_a_file_keeps_its_claims_when_an_earlier_one_is_unpublished(client, claims):
    published, _ = claims
    last = published[-1]
    before = locations(client.get(f"/sitemap-claims.xml?p={page_of(last)}"))
    Claim.objects.filter(pk=published[0].pk).update(status=PublicationStatus.DRAFT)
    assert locations(client.get(f"/sitemap-claims.xml?p={page_of(last)}")) == before


@pytest.mark.parametrize("page", ["next", "0", "-1", "abc", "1.5"])
def test_pages_past_the_last_or_not_numbers_are_not_found(client, claims, page):
    published, _ = claims
    if page == "next":
        page = page_of(published[-1]) + 1
    assert client.get(f"/sitemap-claims.xml?p={page}").status_code == 404


def test_a_section_with_nothing_public_has_one_empty_file(client):
    ClaimFactory()
    assert [u for u in locations(client.get("/sitemap.xml")) if u.startswith(SECTION)] == [SECTION]
    assert locations(client.get("/sitemap-claims.xml")) == []
    assert client.get("/sitemap-claims.xml?p=2").status_code == 404


def test_no_query_pays_an_offset_or_a_count(client, claims):
    published, _ = claims
    with CaptureQueriesContext(connection) as index:
        client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as deep:
        urls = locations(client.get(f"/sitemap-claims.xml?p={page_of(published[-1])}"))
    assert f"http://testserver{published[-1].get_absolute_url()}" in urls
    for query in [*index.captured_queries, *deep.captured_queries]:
        assert "OFFSET" not in query["sql"].upper(), query["sql"]
        assert "COUNT(" not in query["sql"].upper(), query["sql"]
