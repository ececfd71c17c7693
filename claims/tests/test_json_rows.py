"""Rows PostgreSQL builds as JSON arrive as the same Python values, parsed by orjson."""

import json

import orjson
import pytest
from django.db import connection

from claims.models import Claim
from claims.tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

AWKWARD = 'Said "no" to <b>NATO</b> & the \\ backslash — Київ, 😀, tab\\there'


def test_json_from_postgresql_is_parsed_as_the_standard_library_would():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT json_build_object('text', %s::text, 'big', 9223372036854775807::bigint,"
            " 'n', 1.5, 'none', NULL, 'list', json_build_array(1, 'two', true)),"
            " json_build_object('text', %s::text)::text",
            [AWKWARD, AWKWARD],
        )
        parsed, text = cursor.fetchone()
    assert parsed == json.loads(text) | {
        "big": 9223372036854775807,
        "n": 1.5,
        "none": None,
        "list": [1, "two", True],
    }
    assert parsed["text"] == AWKWARD
    loader = connection.connection.adapters.get_loader(
        connection.connection.adapters.types["json"].oid, 0
    )
    assert loader.__name__ == "OrjsonLoader"
    assert loader(0).load(b'{"a": [1]}') == orjson.loads(b'{"a": [1]}')


def test_jsonb_is_still_django_s_to_decode():
    """Django's JSONField reads jsonb as text and decodes it itself: unchanged."""
    claim = ClaimFactory(text=AWKWARD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_jsonb(c.text) FROM claims_claim c WHERE c.id = %s", [claim.pk])
        (raw,) = cursor.fetchone()
    assert raw == json.dumps(AWKWARD, ensure_ascii=False)
    assert Claim.objects.get(pk=claim.pk).text == AWKWARD
