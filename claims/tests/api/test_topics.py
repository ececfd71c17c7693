"""/api/v1/topics/."""

import pytest

from claims.models import Topic
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOPICS = f"{API}/topics/"


def test_the_public_sees_topics_with_a_published_claim(anon, editor):
    public, hidden = TopicFactory(), TopicFactory()
    ClaimFactory(published=True).topics.add(public)
    ClaimFactory(status="draft").topics.add(hidden)
    assert [t["slug"] for t in anon.get(TOPICS).json()["results"]] == [public.slug]
    assert_error(anon.get(f"{TOPICS}{hidden.slug}/"), 404)
    assert editor.get(f"{TOPICS}{hidden.slug}/").status_code == 200


def test_create_update_delete(editor):
    response = editor.post(TOPICS, {"slug": "donbas", "name": "Donbas"}, format="json")
    assert response.status_code == 201, response.content
    response = editor.patch(f"{TOPICS}donbas/", {"description": "The war's east."}, format="json")
    assert response.json()["description"] == "The war's east."
    assert editor.delete(f"{TOPICS}donbas/").status_code == 204
    assert not Topic.objects.exists()


def test_a_name_taken_in_another_case_is_a_conflict(editor):
    TopicFactory(name="Donbas")
    response = editor.post(TOPICS, {"slug": "donbas-2", "name": "DONBAS"}, format="json")
    assert_error(response, 409, "name", code="conflict")


def test_blank_name_is_a_400(editor):
    assert_error(editor.post(TOPICS, {"slug": "x", "name": ""}, format="json"), 400, "name")


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ClaimFactory(published=True).topics.add(TopicFactory())
    with django_assert_max_num_queries(2):
        assert anon.get(TOPICS).status_code == 200
