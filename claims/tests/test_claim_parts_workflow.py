"""A claim's parts (statements, evidence, relations) follow the claim's workflow:
a contributor works on those of draft claims only, in the admin and the API alike."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Statement
from claims.tests import factories
from claims.tests.test_admin import statement_form

API = "/api/v1"


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.mark.django_db
def test_contributor_adds_a_statement_to_a_draft_but_not_to_a_published_claim(
    contributor_user,
):
    """The admin accepts the draft's statement and refuses the published claim's."""
    source = factories.SourceFactory(text="He said the troops are leaving. Nobody saw it.")
    actor = factories.ActorFactory()
    draft, published = factories.ClaimFactory(), factories.ClaimFactory(published=True)
    client = admin_client(contributor_user)

    refused = client.post(
        "/admin/claims/statement/add/",
        statement_form(published, actor, source, exact="the troops are leaving"),
    )
    accepted = client.post(
        "/admin/claims/statement/add/",
        statement_form(draft, actor, source, exact="the troops are leaving"),
    )

    assert refused.status_code == 200
    assert "belongs to a claim in review or published" in refused.content.decode()
    assert accepted.status_code == 302
    assert list(Statement.objects.values_list("claim", flat=True)) == [draft.pk]


@pytest.mark.django_db
def test_a_published_claims_statement_is_read_only_for_a_contributor(contributor_user):
    """Its change page shows no save button, and a forged POST changes nothing."""
    statement = factories.StatementFactory(claim=factories.ClaimFactory(published=True))
    client = admin_client(contributor_user)
    url = f"/admin/claims/statement/{statement.pk}/change/"

    page = client.get(url)
    forged = client.post(url, {"cue": "hinted"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert forged.status_code == 403
    statement.refresh_from_db()
    assert statement.cue == "said"


@pytest.mark.django_db
def test_editor_may_change_a_published_claims_statement(role_editor_user):
    """Editors (claims.submit_claim) work on published claims' parts."""
    statement = factories.StatementFactory(claim=factories.ClaimFactory(published=True))

    response = api_client(role_editor_user).patch(
        f"{API}/statements/{statement.pk}/", {"cue": "insisted"}, format="json"
    )

    assert response.status_code == 200, response.json()
    statement.refresh_from_db()
    assert statement.cue == "insisted"


@pytest.mark.django_db
def test_api_refuses_a_contributor_changing_or_deleting_a_published_claims_parts(
    contributor_user,
):
    """PATCH and DELETE on a published claim's statement and evidence are 403s."""
    statement = factories.StatementFactory(claim=factories.ClaimFactory(published=True))
    evidence = factories.EvidenceFactory(claim=statement.claim)
    client = api_client(contributor_user)

    patched = client.patch(f"{API}/statements/{statement.pk}/", {"cue": "x"}, format="json")
    deleted = client.delete(f"{API}/evidence/{evidence.pk}/")

    assert patched.status_code == 403, patched.json()
    assert patched.json()["code"] == "transition_forbidden"
    assert deleted.status_code == 403, deleted.json()
    statement.refresh_from_db()
    assert statement.cue == "said"
    assert type(evidence).objects.filter(pk=evidence.pk).exists()


@pytest.mark.django_db
def test_api_refuses_a_contributor_relating_a_draft_to_a_published_claim(contributor_user):
    """A relation shows on both claims' pages: a published end makes it the editors'."""
    draft, published = factories.ClaimFactory(), factories.ClaimFactory(published=True)
    client = api_client(contributor_user)

    response = client.post(
        f"{API}/relations/",
        {"from_claim": draft.slug, "kind": "contradicts", "to_claim": published.slug},
        format="json",
    )

    assert response.status_code == 403, response.json()
