"""/api/v1/reviews/: verdicts, public once both they and their claim are published."""

import pytest

from claims.models import Review
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ActorFactory, ClaimFactory, ReviewFactory, default_rating

pytestmark = pytest.mark.django_db

REVIEWS = f"{API}/reviews/"


def verdict(**fields) -> dict:
    return {
        "claim": "c",
        "rating": default_rating("false").pk,
        "headline": "No evidence of genocide",
        "conclusion": "Monitors found none.",
        "explanation": "The reasoning, at length.",
        "author_name": "Fact desk",
        **fields,
    }


def test_the_public_sees_published_verdicts_of_published_claims(anon, editor):
    public = ReviewFactory(claim=ClaimFactory(published=True), published=True)
    draft = ReviewFactory(claim=ClaimFactory(published=True))
    of_draft_claim = ReviewFactory(claim=ClaimFactory(status="draft"), published=True)
    assert [r["id"] for r in anon.get(REVIEWS).json()["results"]] == [public.pk]
    for hidden in (draft, of_draft_claim):
        assert_error(anon.get(f"{REVIEWS}{hidden.pk}/"), 404)
        assert editor.get(f"{REVIEWS}{hidden.pk}/").status_code == 200


def test_create_records_the_author(editor, editor_user):
    ClaimFactory(slug="c")
    response = editor.post(REVIEWS, verdict(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["rating"]["slug"] == "false"
    assert Review.objects.get().author == editor_user


def test_publishing_stamps_the_date(editor):
    ClaimFactory(slug="c")
    response = editor.post(REVIEWS, verdict(status="published"), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["published_at"] is not None


def test_unknown_rating_and_status_are_400s(editor):
    ClaimFactory(slug="c")
    response = editor.post(REVIEWS, verdict(rating=999999, status="final"), format="json")
    assert_error(response, 400, "rating", "status")


def test_a_conclusion_too_long_is_a_400(editor):
    ClaimFactory(slug="c")
    assert_error(
        editor.post(REVIEWS, verdict(conclusion="x" * 601), format="json"), 400, "conclusion"
    )


def test_put_accepts_back_the_rating_object_it_read(editor):
    review = ReviewFactory(claim=ClaimFactory(slug="c"))
    body = editor.get(f"{REVIEWS}{review.pk}/").json()
    body["headline"] = "Changed"
    response = editor.put(f"{REVIEWS}{review.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["headline"] == "Changed"


def test_filter_by_rating_and_status(editor):
    false = ReviewFactory(rating=default_rating("false"), published=True)
    ReviewFactory(rating=default_rating("true"))
    assert [r["id"] for r in editor.get(REVIEWS, {"rating": "false"}).json()["results"]] == [
        false.pk
    ]
    assert [r["id"] for r in editor.get(REVIEWS, {"status": "published"}).json()["results"]] == [
        false.pk
    ]


@pytest.mark.parametrize("rows", [2, 15])
def test_list_query_count_is_bounded(anon, rows, django_assert_max_num_queries):
    for _ in range(rows):
        ReviewFactory(claim=ClaimFactory(published=True), published=True)
    with django_assert_max_num_queries(2):
        assert anon.get(REVIEWS).status_code == 200


def test_another_fact_checkers_verdict_needs_its_reviewer_and_url(editor):
    """An external verdict names the fact-checker and its page; ours have neither."""
    ClaimFactory(slug="c")
    ActorFactory(slug="politifact", kind="organisation")
    response = editor.post(
        REVIEWS,
        verdict(reviewer="politifact", url="", conclusion="", explanation=""),
        format="json",
    )
    assert_error(response, 400, "reviewer", "url")
    response = editor.post(
        REVIEWS,
        verdict(
            reviewer="politifact",
            url="https://www.politifact.example/factchecks/1",
            original_rating="Pants on Fire!",
            conclusion="",
            explanation="",
        ),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["reviewer"] == "politifact"
    assert editor.get(REVIEWS, {"external": "true"}).json()["count"] == 1
    assert editor.get(REVIEWS, {"external": "false"}).json()["count"] == 0


def test_our_own_verdict_needs_its_reasoning(editor):
    """The desk's own verdict needs a conclusion and an explanation (the model's clean())."""
    ClaimFactory(slug="c")
    response = editor.post(REVIEWS, verdict(conclusion="", explanation=""), format="json")
    assert_error(response, 400, "conclusion", "explanation")
