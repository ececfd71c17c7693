"""ETags and conditional requests: 304 for a current copy, 412 for a stale write."""

import threading

import pytest
import requests

from claims.api import serializers
from claims.models import Claim
from claims.tests.api.conftest import API, assert_error
from claims.tests.factories import ClaimFactory, StatementFactory

pytestmark = pytest.mark.django_db


def url(claim) -> str:
    return f"{API}/claims/{claim.slug}/"


def test_every_object_carries_an_etag_and_a_current_copy_gets_304(anon, published_claim):
    """If-None-Match with the current ETag (strong or weak form) answers 304 without a body."""
    response = anon.get(url(published_claim))
    etag = response["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    again = anon.get(url(published_claim), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    assert again["ETag"] == etag
    assert anon.get(url(published_claim), HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
    assert anon.get(url(published_claim), HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_a_change_to_a_nested_statement_changes_the_claims_etag(anon, published_claim):
    """The ETag covers the whole representation, not only the claim's own row."""
    before = anon.get(url(published_claim))["ETag"]
    StatementFactory(claim=published_claim)
    assert anon.get(url(published_claim))["ETag"] != before


def test_write_with_the_current_etag_succeeds_and_returns_the_new_one(editor, draft_claim):
    etag = editor.get(url(draft_claim))["ETag"]
    response = editor.patch(url(draft_claim), {"context": "New"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    assert editor.get(url(draft_claim))["ETag"] == response["ETag"]


def test_two_clients_cannot_lose_each_others_update(editor, editor_session, draft_claim):
    """Both read the ETag; the first PATCH wins; the second, stale, gets 412; the first stays."""
    first_etag = editor.get(url(draft_claim))["ETag"]
    second_etag = editor_session.get(url(draft_claim))["ETag"]
    assert first_etag == second_etag

    won = editor.patch(
        url(draft_claim),
        {"text": "First editor's wording"},
        format="json",
        HTTP_IF_MATCH=first_etag,
    )
    assert won.status_code == 200, won.content
    lost = editor_session.patch(
        url(draft_claim),
        {"text": "Second editor's wording"},
        format="json",
        HTTP_IF_MATCH=second_etag,
    )
    body = assert_error(lost, 412, "If-Match", code="precondition_failed")
    assert won["ETag"] in body["errors"]["If-Match"][0]
    draft_claim.refresh_from_db()
    assert draft_claim.text == "First editor's wording"


def test_stale_put_and_delete_change_nothing(editor, draft_claim):
    stale = editor.get(url(draft_claim))["ETag"]
    editor.patch(url(draft_claim), {"context": "Changed"}, format="json")
    body = editor.get(url(draft_claim)).json()
    body["text"] = "Overwritten"
    assert_error(editor.put(url(draft_claim), body, format="json", HTTP_IF_MATCH=stale), 412)
    assert_error(editor.delete(url(draft_claim), HTTP_IF_MATCH=stale), 412)
    draft_claim.refresh_from_db()
    assert draft_claim.text != "Overwritten"


def test_if_match_star_and_no_header_write_unconditionally(editor, draft_claim):
    assert (
        editor.patch(
            url(draft_claim), {"context": "a"}, format="json", HTTP_IF_MATCH="*"
        ).status_code
        == 200
    )
    assert editor.patch(url(draft_claim), {"context": "b"}, format="json").status_code == 200
    assert editor.delete(url(draft_claim), HTTP_IF_MATCH="*").status_code == 204


def test_etags_on_objects_without_updated_at(anon, default_scale):
    """Ratings have no timestamp: their ETag hashes the representation all the same."""
    rating = default_scale.ratings.first()
    response = anon.get(f"{API}/ratings/{rating.pk}/")
    assert (
        anon.get(f"{API}/ratings/{rating.pk}/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code
        == 304
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_writers_with_the_same_etag_are_serialised(
    live_server, editor_token, monkeypatch
):
    """Two PATCHes sent at once with the same ETag: the row lock makes the second see the
    first's change, so exactly one succeeds and the other gets 412."""
    claim = ClaimFactory(slug="contested", text="Original wording")
    headers = {"Authorization": f"Token {editor_token.key}"}
    address = f"{live_server.url}{url(claim)}"
    etag = requests.get(address, headers=headers, timeout=10).headers["ETag"]

    update = serializers.ClaimWriteSerializer.update

    def slow_update(self, instance, validated_data):
        # Hold the row lock long enough for the other request to arrive and wait on it.
        threading.Event().wait(0.5)
        return update(self, instance, validated_data)

    monkeypatch.setattr(serializers.ClaimWriteSerializer, "update", slow_update)
    results = {}
    start = threading.Barrier(2)

    def write(name):
        start.wait()
        results[name] = requests.patch(
            address,
            json={"text": f"{name} wording"},
            headers={**headers, "If-Match": etag},
            timeout=30,
        )

    threads = [threading.Thread(target=write, args=(name,)) for name in ("Alice", "Bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [200, 412], {k: (r.status_code, r.text) for k, r in results.items()}
    [winner] = [name for name, r in results.items() if r.status_code == 200]
    assert Claim.objects.get(pk=claim.pk).text == f"{winner} wording"
