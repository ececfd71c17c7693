"""manage.py evaluate_extraction on the seed corpus: a regression guard on quality.

The floors are the figures measured when the extractor and matcher were written
(docs/EXTRACTION.md), rounded down: a change that makes extraction or matching
worse on the development set fails here, one that improves it passes.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command

FLOORS = {
    ("completed", "speaker", "precision"): 0.95,
    ("completed", "speaker", "recall"): 0.90,
    ("completed", "span", "precision"): 0.98,
    ("completed", "span", "recall"): 0.95,
    ("completed", "stance", "precision"): 0.88,
    ("completed", "stance", "recall"): 0.83,
    ("statements", "speaker", "recall"): 0.92,
    ("statements", "span", "recall"): 0.97,
}


@pytest.fixture
def seeds(db):
    call_command("load_seed_data", verbosity=0)


def evaluate(*args) -> dict:
    out = StringIO()
    call_command("evaluate_extraction", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.django_db
def test_quality_on_the_seeds_stays_at_or_above_the_measured_floors(seeds):
    """Speaker, span and stance precision/recall, and matching recall@1/@5, do not fall
    below what was measured (one evaluation run: it takes a few seconds)."""
    result = evaluate()

    assert len(result["sources"]) == 5
    assert result["warnings"] == []
    for (gold, metric, measure), floor in FLOORS.items():
        value = result["attribution"][gold][metric][measure]
        assert value >= floor, f"{gold} {metric} {measure}: {value} < {floor}"
    matching = result["matching"]
    assert matching["queries"] == 58
    assert matching["recall@5"] >= 0.9
    assert matching["recall@1"] >= 0.6


@pytest.mark.django_db
def test_text_report_names_every_figure(seeds):
    """The plain report prints both gold sets, matching and the time taken."""
    out = StringIO()
    call_command("evaluate_extraction", stdout=out)
    report = out.getvalue()

    assert "Attribution vs curated statements" in report
    assert "Attribution vs completed gold" in report
    assert "recall@5" in report
    assert "Extraction time" in report


@pytest.mark.django_db
def test_nothing_to_do_without_curated_statements():
    """Without statements there is no gold set; the command says so."""
    out = StringIO()
    call_command("evaluate_extraction", stdout=out)

    assert "Nothing to do" in out.getvalue()
