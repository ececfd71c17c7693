"""/api/v1/ratings/: the rating scales, read-only reference data."""

import pytest

from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import RatingFactory, default_rating

pytestmark = pytest.mark.django_db

RATINGS = f"{API}/ratings/"


def test_everyone_reads_the_default_scale(anon, default_scale):
    body = anon.get(RATINGS, {"default": "true"}).json()
    assert [r["slug"] for r in body["results"]][:2] == ["false", "mostly-false"]
    assert body["results"][0]["scale"] == {
        "slug": "claimtrack",
        "name": default_scale.name,
        "version": 1,
        "is_default": True,
    }


def test_detail_by_id(anon):
    rating = default_rating("unproven")
    body = anon.get(f"{RATINGS}{rating.pk}/").json()
    assert (body["label"], body["value"]) == ("Unproven", None)


def test_filter_by_scale(anon):
    other = RatingFactory()
    body = anon.get(RATINGS, {"scale": other.scale.slug}).json()
    assert [r["id"] for r in body["results"]] == [other.pk]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_ratings_cannot_be_written_here(editor, method):
    """Scales change by a new version in the admin: 405 here, for every write."""
    url = RATINGS if method == "post" else f"{RATINGS}{default_rating().pk}/"
    assert_error(getattr(editor, method)(url, {}, format="json"), 405, code="method_not_allowed")


def test_list_query_count(anon, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        assert anon.get(RATINGS).status_code == 200
