"""manage.py export_claimreview: published verdicts out as ClaimReview JSON-LD."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from claims.models import Actor, Claim, Review, Source, Statement
from claims.tests import factories

pytestmark = pytest.mark.django_db

BASE = "https://claims.example.org"


def export(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("export_claimreview", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def published_verdict(**review) -> Review:
    claim = factories.ClaimFactory(published=True)
    factories.StatementFactory(claim=claim)
    return factories.ReviewFactory(claim=claim, published=True, **review)


def test_stdout_is_a_json_array_of_claimreview():
    """Every published verdict; the summary goes to stderr so stdout stays JSON."""
    verdict = published_verdict()
    factories.ReviewFactory(claim=factories.ClaimFactory(published=True))  # a draft verdict
    out, err = export(base_url=BASE)
    (item,) = json.loads(out)
    assert item["@type"] == "ClaimReview"
    assert item["url"] == f"{BASE}/claims/{verdict.claim.slug}/"
    assert "Exported 1 ClaimReview items to standard output." in err


def test_out_writes_a_file(tmp_path):
    """--out FILE: the same JSON in the file, nothing on stdout, no partial file left."""
    published_verdict()
    target = tmp_path / "claimreview.json"
    out, err = export(base_url=BASE, out=str(target))
    assert out == ""
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 1
    assert list(tmp_path.iterdir()) == [target]
    assert str(target) in err


def test_feed_wraps_the_items_in_a_data_feed(settings):
    """--feed: a schema.org DataFeed named after the site."""
    settings.CLAIMTRACK_SITE_NAME = "Desk"
    published_verdict()
    feed = json.loads(export(base_url=BASE, feed=True)[0])
    assert (feed["@type"], feed["name"], feed["url"]) == (
        "DataFeed",
        "Desk fact checks",
        BASE + "/",
    )
    assert len(feed["dataFeedElement"]) == 1


def test_since_keeps_what_changed_since():
    """--since DATE: verdicts whose markup changed since then (an untouched old one is left out)."""
    old, new = published_verdict(), published_verdict()
    long_ago = timezone.now() - datetime.timedelta(days=30)
    statement = old.claim.statements.get()
    Review.objects.filter(pk=old.pk).update(updated_at=long_ago)
    Claim.objects.filter(pk=old.claim_id).update(updated_at=long_ago)
    Statement.objects.filter(pk=statement.pk).update(updated_at=long_ago)
    Source.objects.filter(pk=statement.source_id).update(updated_at=long_ago)
    Actor.objects.filter(pk=statement.actor_id).update(updated_at=long_ago)
    since = (timezone.now() - datetime.timedelta(days=1)).date().isoformat()
    items = json.loads(export(base_url=BASE, since=since)[0])
    assert [i["url"] for i in items] == [f"{BASE}/claims/{new.claim.slug}/"]
    _, err = export(base_url=BASE, since="2999-01-01")
    assert "Nothing to export: no published verdict changed since then." in err


def test_base_url_comes_from_the_setting(settings):
    """Without --base-url, CLAIMTRACK_SITE_URL; without either, a clear error."""
    published_verdict()
    settings.CLAIMTRACK_SITE_URL = "https://desk.example.org/"
    assert json.loads(export()[0])[0]["url"].startswith("https://desk.example.org/claims/")
    settings.CLAIMTRACK_SITE_URL = ""
    with pytest.raises(CommandError, match="give --base-url"):
        export()


def test_bad_options_are_command_errors():
    """An unreadable --since or a zero batch size."""
    with pytest.raises(CommandError, match="not a date"):
        export(base_url=BASE, since="yesterday")
    with pytest.raises(CommandError, match="at least 1"):
        export(base_url=BASE, batch_size=0)


def test_publisher_url_setting_is_the_authors_url(settings):
    """CLAIMTRACK_PUBLISHER_URL names the fact-checking organisation's own site."""
    settings.CLAIMTRACK_PUBLISHER_URL = "https://newsroom.example.org/"
    published_verdict()
    (item,) = json.loads(export(base_url=BASE)[0])
    assert item["author"]["url"] == "https://newsroom.example.org/"
