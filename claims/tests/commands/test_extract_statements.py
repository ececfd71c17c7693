"""manage.py extract_statements: candidates proposed and stored, or printed as JSON."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from claims.models import StatementCandidate
from claims.tests import factories

TEXT = (
    "Russian Foreign Minister Sergei Lavrov dismissed the US allegation as “total "
    "misinformation”. “We are waiting for a written answer from Washington,” he said.\n"
    "CLICK HERE TO READ MORE FROM THE EXAMPLE"
)


@pytest.fixture
def lavrov_source(db):
    lavrov = factories.ActorFactory(name="Sergey Lavrov", slug="sergey-lavrov")
    factories.ActorAliasFactory(actor=lavrov, name="Sergei Lavrov")
    return factories.SourceFactory(slug="lavrov-article", text=TEXT)


def run(*args, **kwargs):
    out = StringIO()
    call_command("extract_statements", *args, stdout=out, stderr=StringIO(), **kwargs)
    return out.getvalue()


@pytest.mark.django_db
def test_json_output_lists_candidates_with_speaker_offsets_and_stance(lavrov_source):
    """--json prints each candidate: speaker resolved through aliases, offsets, stance."""
    data = json.loads(run("--source", "lavrov-article", "--json"))

    assert [d["source"] for d in data] == ["lavrov-article"]
    candidates = data[0]["candidates"]
    assert [(c["speaker"]["name"], c["stance"]) for c in candidates] == [
        ("Sergey Lavrov", "denies"),
        ("Sergey Lavrov", "asserts"),
    ]
    for c in candidates:
        assert TEXT[c["start"] : c["end"]] == c["exact"]
    assert candidates[1]["speaker"]["resolved_by"] == "pronoun"
    assert data[0]["boilerplate"][0]["reason"] == "call to action"


@pytest.mark.django_db
def test_candidates_are_stored_for_review_and_not_published(lavrov_source):
    """Extraction stores pending candidates and creates no statement."""
    output = run("--source", "lavrov-article")

    assert "2 new" in output
    assert StatementCandidate.objects.filter(source=lavrov_source, status="pending").count() == 2
    assert lavrov_source.statements.count() == 0


@pytest.mark.django_db
def test_running_twice_keeps_candidates(lavrov_source):
    """A second run refreshes the same candidates instead of adding new ones."""
    run()
    output = run()

    assert "0 new, 2 refreshed" in output
    assert StatementCandidate.objects.count() == 2


@pytest.mark.django_db
def test_dry_run_stores_nothing(lavrov_source):
    """--dry-run extracts and reports without writing."""
    run(dry_run=True)

    assert StatementCandidate.objects.count() == 0


@pytest.mark.django_db
def test_unknown_source_is_an_error():
    """A slug that names no source stops the command."""
    with pytest.raises(CommandError, match="No source"):
        run("--source", "nope")


@pytest.mark.django_db
def test_nothing_to_do_without_sources():
    """With no sources the command says so and stops."""
    assert "Nothing to do" in run()
