"""manage.py import_claimreview: a file or standard input in, a summary of every record out."""

import io
import json
import sys

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.models import Claim, Review, Statement
from claims.tests.test_interop import MESSY_FEED, record
from claims.tests.test_statement_claim_seen import stale_copies

pytestmark = pytest.mark.django_db


def import_claimreview(*args, **options) -> str:
    out = io.StringIO()
    call_command("import_claimreview", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.fixture
def feed_file(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text(json.dumps([record(1), record(2)]), encoding="utf-8")
    return path


def test_a_file_is_imported_and_summed_up(feed_file):
    """The summary counts imported, updated, unchanged and refused records."""
    output = import_claimreview(str(feed_file))
    assert "2 imported, 0 updated, 0 unchanged, 0 refused (of 2 records)." in output
    assert Review.objects.count() == 2
    assert not Claim.objects.published().exists()  # drafts for an editor


def test_a_second_run_reports_every_record_unchanged(feed_file):
    """Safe to run again."""
    import_claimreview(str(feed_file))
    assert "0 imported, 0 updated, 2 unchanged, 0 refused" in import_claimreview(str(feed_file))


def test_publish_publishes(feed_file):
    """--publish: the imported claims and verdicts are public at once."""
    import_claimreview(str(feed_file), publish=True)
    assert Claim.objects.published().count() == 2
    # Statements are copied before their claims: the claims pass their dates on (0015).
    assert Statement.objects.count() >= 2 and stale_copies() == []


def test_standard_input_with_a_dash(monkeypatch):
    """- reads the feed from standard input."""
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps(record(1))))
    assert "1 imported" in import_claimreview("-")
    assert Review.objects.get().url == "https://factcheck.example.net/checks/1"


def test_refused_records_are_listed_with_their_reasons():
    """Each refused record by number and URL, then the refusals by reason."""
    output = import_claimreview(str(MESSY_FEED))
    assert "12 imported, 0 updated, 0 unchanged, 10 refused (of 22 records)." in output
    assert (
        "record 7 https://factcheck.example.net/checks/7: refused, conflicting ratings:" in output
    )
    assert "Refused: ambiguous date 1, bad date 1, conflicting ratings 1, duplicate 1," in output
    assert "1 record(s) with warnings (-v 2 lists them)." in output
    verbose = import_claimreview(str(MESSY_FEED), verbosity=2)
    assert "record 8: unchanged; the claim's author is not given" in verbose


def test_dry_run_writes_nothing(feed_file):
    """--dry-run says what would happen, and does not do it."""
    output = import_claimreview(str(feed_file), dry_run=True)
    assert output.startswith("[dry run, nothing written] 2 imported")
    assert not Review.objects.exists()


def test_json_report(feed_file):
    """--json prints the report for scripts."""
    report = json.loads(import_claimreview(str(feed_file), json=True))
    assert (report["imported"], report["refused"], report["records"]) == (2, 0, [])


def test_nothing_to_do(tmp_path):
    """An empty list: says so and writes nothing."""
    path = tmp_path / "empty.json"
    path.write_text("[]", encoding="utf-8")
    assert (
        import_claimreview(str(path))
        == "Nothing to do: no ClaimReview record in " + str(path) + ".\n"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "is not JSON: Expecting property name"),
        (b"\xff\xfe[]", "is not UTF-8 text"),
    ],
)
def test_unreadable_files_are_a_command_error(tmp_path, content, message):
    """Not JSON, not UTF-8, not there: a clear error and nothing written."""
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        import_claimreview(str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        import_claimreview(str(path) + ".missing")


def test_a_byte_order_mark_is_accepted(tmp_path):
    """Files saved by Windows tools start with a BOM."""
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(record(1)).encode())
    assert "1 imported" in import_claimreview(str(path))


def test_the_command_is_documented():
    """The help says what it reads and that imports are drafts."""
    from claims.management.commands.import_claimreview import Command

    assert "drafts" in Command.help and "standard input" in Command.help
    assert settings.BASE_DIR  # the messy feed ships with the project
