"""Scoring extraction and matching: overlap, precision, recall, recall@k; no database."""

from claims.domain.evaluation import Item, attribution_scores, matching_scores, overlaps


def item(start, end, speaker="actor:1", stance="asserts", doc="1"):
    return Item(doc, start, end, speaker, stance)


def test_spans_overlap_when_they_share_half_of_the_shorter():
    """A quote cut differently still counts; a neighbouring clause does not."""
    assert overlaps(item(0, 100), item(10, 40))
    assert overlaps(item(0, 10), item(5, 30))
    assert not overlaps(item(0, 10), item(8, 30))
    assert not overlaps(item(0, 10), item(0, 10, doc="2"))


def test_precision_and_recall_of_span_speaker_and_stance():
    """A wrong speaker costs the speaker score, a wrong stance only the stance score."""
    gold = [item(0, 10), item(20, 30, "actor:2"), item(40, 50, stance="denies")]
    proposed = [item(0, 10), item(20, 30, "actor:3"), item(40, 50), item(60, 70)]

    scores = attribution_scores(proposed, gold)

    assert (scores["span"].precision, scores["span"].recall) == (0.75, 1.0)
    assert (scores["speaker"].precision, scores["speaker"].recall) == (0.5, 0.667)
    assert (scores["stance"].precision, scores["stance"].recall) == (0.25, 0.333)


def test_recall_at_k_and_mrr():
    """Rank 1 counts for @1 and @5; rank 3 only for @5; a miss for neither."""
    scores = matching_scores([(1, [1, 2]), (2, [5, 6, 2]), (3, [4])])

    assert (scores.recall_at_1, scores.recall_at_5) == (0.333, 0.667)
    assert scores.mrr == round((1 + 1 / 3) / 3, 3)
