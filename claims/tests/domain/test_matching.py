"""Claim matching scores: pure re-ranking of candidate claims, no database."""

from claims.domain.matching import Candidate, query_terms, score, stem, tsquery, words

CLAIMS = [
    Candidate(1, "There is an ongoing genocide in Donbas"),
    Candidate(2, "Russian troops are withdrawing from Ukraine's borders"),
    Candidate(3, "Russia has no plans to invade Ukraine"),
    Candidate(4, "Kyiv is not observing the Minsk agreements"),
]


def test_the_claim_a_quote_repeats_ranks_first():
    """A paraphrase of a claim's wording ranks that claim above the others."""
    ranked = score(
        "Putin claimed that there was an ongoing “genocide” in the Donbas region", CLAIMS
    )

    assert ranked[0].id == 1
    assert ranked[0].score > ranked[1].score
    assert ranked[0].via == "wording"


def test_spelling_variants_and_inflections_meet():
    """ "Donbass"/"Donbas", "Kiev"/"Kyiv", "withdraw"/"withdrawing" count as the same words."""
    assert score("Kiev is not observing the Minsk agreement", CLAIMS)[0].id == 4
    assert set(words("Donbass withdrawing")) == set(words("Donbas withdraw"))


def test_a_claims_earlier_quotes_are_matched_too():
    """A quote close to one already recorded for a claim finds that claim."""
    claims = [
        Candidate(1, "Putin has decided to invade Ukraine"),
        Candidate(2, "Russia has massed troops", quotes=["units were returning to their bases"]),
    ]
    ranked = score("some units are returning to their bases after drills", claims)

    assert ranked[0].id == 2
    assert ranked[0].via == "quote"


def test_scores_are_between_zero_and_one_and_sorted():
    """Scores are comparable numbers in [0, 1], best first; ``limit`` cuts the list."""
    ranked = score("Russia plans to invade Ukraine", CLAIMS, limit=3)

    assert len(ranked) == 3
    assert all(0 <= r.score <= 1 for r in ranked)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_unrelated_text_scores_zero():
    """Nothing in common, nothing scored."""
    assert score("weather forecast sunny", [Candidate(1, "Kyiv is not observing")])[0].score == 0


def test_query_terms_are_safe_for_to_tsquery():
    """Operators, quotes and punctuation never reach ``to_tsquery``; stop words are dropped."""
    terms = query_terms("Russia's 'plans' & (invasion) | !genocide: the <-> of")

    assert terms == ["russia", "plans", "invasion", "genocide"]
    assert tsquery("Russia & invasion") == "russia | invasion"
    assert tsquery("the of and") == ""


def test_stemming_is_light_but_joins_common_forms():
    """ "invasion", "invading" and "invade" share a stem; so do "troops" and "troop"."""
    assert stem("invasion") == stem("invading") == stem("invade")
    assert stem("troops") == stem("troop")
