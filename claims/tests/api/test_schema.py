"""The OpenAPI schema: valid, served, documented offline, and true to the running API.

The last test is property-based: Schemathesis reads the live schema and sends
generated requests to every operation (reads anonymously, writes as an editor),
checking that no answer is a server error, that every status is documented and
that every body matches the schema. It runs with the seed corpus loaded, so
generated slugs and ids sometimes hit real rows.
"""

import re

import pytest
import schemathesis
import yaml
from django.core.management import call_command
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from claims.tests.api.conftest import API

# Generated examples per operation: enough to find the edge cases of each input,
# few enough that the whole run stays well under a minute and a half.
EXAMPLES_PER_OPERATION = 15
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
RESOURCES = [
    "claims",
    "actors",
    "sources",
    "topics",
    "statements",
    "relations",
    "evidence",
    "reviews",
    "ratings",
]


def test_schema_validates_without_warnings(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn` passes."""
    target = tmp_path / "schema.yaml"
    call_command("spectacular", validate=True, fail_on_warn=True, file=str(target))
    schema = yaml.safe_load(target.read_text())
    assert schema["openapi"].startswith("3.")


def test_schema_describes_every_endpoint(anon):
    """The served schema lists every resource, its detail route, and the ClaimReview feed."""
    response = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for resource in RESOURCES:
        assert f"{API}/{resource}/" in paths
        assert any(p.startswith(f"{API}/{resource}/{{") for p in paths), resource
    assert f"{API}/claimreview/" in paths


def test_schema_documents_errors_etags_and_code_points(anon):
    """Writes document 400/401/403/409/412/413/415 with the error body; offsets say code points."""
    schema = anon.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    patch = schema["paths"][f"{API}/statements/{{id}}/"]["patch"]
    for code in ("400", "401", "403", "404", "409", "412", "413", "415", "429"):
        content = patch["responses"][code]["content"]["application/json"]
        assert content["schema"]["$ref"].endswith("/Error")
    assert "ETag" in patch["responses"]["200"]["headers"]
    assert any(p["name"] == "If-Match" for p in patch["parameters"])
    retrieve = schema["paths"][f"{API}/claims/{{slug}}/"]["get"]
    assert "304" in retrieve["responses"]
    assert any(p["name"] == "If-None-Match" for p in retrieve["parameters"])
    start = schema["components"]["schemas"]["StatementWriteRequest"]["properties"]["start"]
    assert "Unicode code points" in start["description"]


def test_interactive_docs_load_no_asset_from_another_site(anon):
    """/api/docs/ (Swagger UI) references only this site's own files."""
    response = anon.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets, html
    assert all(not re.match(r"^(https?:)?//", asset) for asset in assets), assets
    assert not re.search(r"https?://", html), "an absolute URL in the docs page"
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in html


def _fuzz(operation, *, base_url: str, headers: dict) -> None:
    """Send EXAMPLES_PER_OPERATION generated requests to one operation; raise on a failure."""

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def check(case):
        case.call_and_validate(base_url=base_url, headers=headers, checks=CHECKS)

    check()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_conforms_to_its_schema(live_server, editor_token):
    """Generated requests to every operation: no 5xx, every status documented, every body valid."""
    call_command("load_seed_data", verbosity=0)
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/")
    editor = {"Authorization": f"Token {editor_token.key}"}
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        headers = {} if operation.method.upper() == "GET" else editor
        try:
            _fuzz(operation, base_url=live_server.url, headers=headers)
        except (Exception, BaseExceptionGroup) as error:  # report every operation's failure
            failures.append(f"{operation.method.upper()} {operation.path}:\n{error}")
    assert operations >= 40
    assert not failures, "\n\n".join(failures)
