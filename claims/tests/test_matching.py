"""claim_match_candidates: full-text recall with OR semantics, then re-ranking."""

import pytest

from claims.matching import claim_match_candidates
from claims.tests import factories


@pytest.fixture
def claims(db):
    return {
        "genocide": factories.ClaimFactory(text="There is an ongoing genocide in Donbas"),
        "withdrawal": factories.ClaimFactory(
            text="Russian troops are withdrawing from Ukraine's borders"
        ),
        "minsk": factories.ClaimFactory(text="Kyiv is not observing the Minsk agreements"),
    }


@pytest.mark.django_db
def test_best_matching_claim_comes_first_with_a_score(claims):
    """A paraphrase finds its claim first; every match carries a score in [0, 1]."""
    matches = claim_match_candidates(
        text="Putin claimed that there was an ongoing genocide in the Donbas region"
    )

    assert matches[0].claim == claims["genocide"]
    assert all(0 < m.score <= 1 for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


@pytest.mark.django_db
def test_recall_uses_any_word_not_all_words(claims):
    """OR semantics: a text sharing only some words with a claim still finds it."""
    matches = claim_match_candidates(text="soldiers pulled back from the borders, officials said")

    assert claims["withdrawal"] in [m.claim for m in matches]


@pytest.mark.django_db
def test_drafts_are_matched_too(claims):
    """Editors match against every claim, published or not."""
    assert claims["minsk"].status == "draft"
    assert (
        claim_match_candidates(text="Kyiv ignores the Minsk agreements")[0].claim == claims["minsk"]
    )


@pytest.mark.django_db
def test_statements_of_excluded_sources_do_not_help(claims):
    """With its source excluded, a quote cannot find its claim through itself."""
    statement = factories.StatementFactory(
        claim=claims["minsk"], exact="The separatists shelled a kindergarten on Thursday."
    )
    query = "separatists shelled a kindergarten"

    assert claim_match_candidates(text=query)[0].claim == claims["minsk"]
    excluded = claim_match_candidates(text=query, exclude_sources=[statement.source_id])
    assert claims["minsk"] not in [m.claim for m in excluded]


@pytest.mark.django_db
def test_limit_and_empty_queries(claims):
    """``limit`` caps the list; a text of stop words and symbols matches nothing."""
    assert len(claim_match_candidates(text="Russia Ukraine Donbas Minsk troops", limit=2)) <= 2
    assert claim_match_candidates(text="the & of | !") == []


@pytest.mark.django_db
def test_query_count_is_fixed(claims, django_assert_num_queries):
    """Two queries (recall, then quotes) whatever the number of claims."""
    with django_assert_num_queries(2):
        claim_match_candidates(text="ongoing genocide in Donbas")
