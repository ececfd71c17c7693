"""POST /api/v1/claimreview/import/: editors import ClaimReview; the answer is the report."""

import pytest

from claims.models import Claim, Review
from claims.tests.api.conftest import API, assert_error
from claims.tests.test_interop import record

pytestmark = pytest.mark.django_db

URL = f"{API}/claimreview/import/"


def test_an_editor_imports_a_feed_and_gets_the_report(editor):
    """A DataFeed in, counts and the refused records (with reasons) out."""
    feed = {"@type": "DataFeed", "dataFeedElement": [record(1), record(2), {"@type": "Thing"}]}
    response = editor.post(URL, feed, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["imported"], body["refused"], body["total"]) == (2, 1, 3)
    assert body["refused_by_reason"] == {"not a ClaimReview": 1}
    assert body["records"][0]["index"] == 3 and body["records"][0]["reason"]
    assert Review.objects.count() == 2
    assert not Claim.objects.published().exists()


def test_options_publish_and_dry_run(editor):
    """?dry_run=1 writes nothing; ?publish=1 publishes."""
    body = editor.post(URL + "?dry_run=1", [record(1)], format="json").json()
    assert body["dry_run"] and body["imported"] == 1 and not Review.objects.exists()
    editor.post(URL + "?publish=1", [record(1)], format="json")
    assert Claim.objects.published().count() == 1
    assert_error(editor.post(URL + "?publish=perhaps", [], format="json"), 400, "publish")


def test_importing_again_reports_unchanged(editor):
    """The same body twice: the second answer says unchanged."""
    editor.post(URL, record(1), format="json")
    assert editor.post(URL, record(1), format="json").json()["unchanged"] == 1


def test_only_editors_may_import(anon, reader):
    """Anonymous: 401; a reader without the permissions: 403; nothing written."""
    assert_error(anon.post(URL, record(1), format="json"), 401)
    assert_error(reader.post(URL, record(1), format="json"), 403)
    assert not Review.objects.exists()


def test_reading_is_not_allowed(editor):
    """Only POST: a GET is a 405 in the API's error shape."""
    assert_error(editor.get(URL), 405)


def test_the_endpoint_is_in_the_schema(anon):
    """The OpenAPI schema documents the import and its report."""
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    operation = schema["paths"][URL]["post"]
    assert "200" in operation["responses"] and "401" in operation["responses"]
