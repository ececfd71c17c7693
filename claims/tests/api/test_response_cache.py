"""Anonymous API reads come from the cache (claims/api/response_cache.py); editors'
reads never do; a write is seen by the next anonymous read."""

import pytest

from claims.models import Claim
from claims.tests.api.conftest import API
from claims.tests.factories import ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def test_an_anonymous_repeat_costs_no_query_and_keeps_its_etag(
    anon, published_claim, django_assert_num_queries
):
    url = f"{API}/claims/{published_claim.slug}/"
    first = anon.get(url)
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = anon.get(url)
        not_modified = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.json() == first.json() and again["ETag"] == first["ETag"]
    assert not_modified.status_code == 304


def test_editors_read_fresh_and_see_drafts(anon, editor, published_claim):
    draft = ReviewFactory(claim=published_claim, headline="A draft verdict")
    url = f"{API}/claims/{published_claim.slug}/"
    assert "A draft verdict" not in anon.get(url).content.decode()
    assert "A draft verdict" in editor.get(url).content.decode()
    assert draft.status != "published"


def test_a_write_is_seen_by_the_next_anonymous_read(anon, editor, published_claim):
    url = f"{API}/claims/{published_claim.slug}/"
    before = anon.get(url)
    changed = editor.patch(
        url, {"context": "Said at a rally."}, format="json", HTTP_IF_MATCH=before["ETag"]
    )
    assert changed.status_code == 200, changed.content
    assert anon.get(url).json()["context"] == "Said at a rally."


def test_lists_are_kept_per_query_and_per_host(anon, django_assert_num_queries):
    for _ in range(3):
        ClaimFactory(published=True)
    one = anon.get(f"{API}/claims/", {"page_size": 1})
    two = anon.get(f"{API}/claims/", {"page_size": 2})
    assert len(one.json()["results"]) == 1 and len(two.json()["results"]) == 2
    with django_assert_num_queries(0):
        shared = anon.get(f"{API}/claims/", {"page_size": 1, "utm_source": "newsletter"})
    assert shared.json() == one.json()
    # Pagination links are absolute: another host name gets its own.
    other = anon.get(f"{API}/claims/", {"page_size": 1}, HTTP_HOST="localhost")
    assert other.json()["next"].startswith("http://localhost/")
    assert one.json()["next"].startswith("http://testserver/")


def test_errors_are_not_kept(anon, published_claim):
    url = f"{API}/claims/no-such-claim/"
    assert anon.get(url).status_code == 404
    # Renamed without the signals, so the content version stays: only a kept 404 would show.
    Claim.objects.filter(pk=published_claim.pk).update(slug="no-such-claim")
    assert anon.get(url).status_code == 200
