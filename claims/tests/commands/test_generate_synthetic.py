"""manage.py generate_synthetic: a synthetic archive the site treats like real data."""

import datetime
from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client

from claims import selectors, services
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Evidence,
    Rating,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.search import claim_search_refresh
from claims.synthetic import SLUG_PREFIX

pytestmark = pytest.mark.django_db


def generate(claims=300, **options) -> str:
    out = StringIO()
    call_command("generate_synthetic", claims=claims, stdout=out, **options)
    return out.getvalue()


def synthetic_claims():
    return Claim.objects.filter(slug__startswith=SLUG_PREFIX)


def snapshot() -> dict:
    """What a load wrote, in a form two loads can be compared by."""
    claims = synthetic_claims().order_by("slug")
    return {
        "claims": list(claims.values_list("slug", "text", "status", "first_seen", "last_seen")),
        "statements": sorted(
            Statement.objects.filter(claim__in=claims).values_list(
                "claim__slug", "actor__slug", "source__slug", "start", "end", "exact"
            )
        ),
        "sources": sorted(
            Source.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", "text_hash")
        ),
        "verdicts": sorted(
            Review.objects.filter(claim__in=claims).values_list(
                "claim__slug", "rating__slug", "status", "headline"
            )
        ),
    }


def test_rows_scale_with_the_number_of_claims():
    output = generate(claims=300)

    claims = synthetic_claims()
    assert claims.count() == 300
    assert Statement.objects.filter(claim__in=claims).count() == 900  # 3 per claim by default
    assert Actor.objects.filter(slug__startswith=SLUG_PREFIX).count() >= 12
    assert set(Actor.objects.values_list("kind", flat=True)) == set(Actor.Kind.values)
    assert ActorAlias.objects.filter(actor__slug__startswith=SLUG_PREFIX).exists()
    assert Topic.objects.filter(slug__startswith=SLUG_PREFIX).exists()
    assert Source.objects.filter(slug__startswith=SLUG_PREFIX).count() > 30
    assert Evidence.objects.filter(claim__in=claims).count() > 200
    relations = ClaimRelation.objects.filter(from_claim__in=claims)
    assert relations.filter(kind=ClaimRelation.Kind.CONTRADICTS).exists()
    assert relations.exclude(kind=ClaimRelation.Kind.CONTRADICTS).exists()
    assert Evidence.objects.filter(claim__in=claims, stance=Evidence.Stance.REFUTES).exists()
    assert Evidence.objects.filter(claim__in=claims, stance=Evidence.Stance.SUPPORTS).exists()
    assert "claims_statement" in output and "900" in output

    statuses = Counter(claims.values_list("status", flat=True))
    assert statuses["published"] > 200
    assert statuses["draft"] > 0
    # Verdicts are on the scale the migration installs.
    default_scale = set(Rating.objects.filter(scale__is_default=True).values_list("pk", flat=True))
    verdict_ratings = set(Review.objects.filter(claim__in=claims).values_list("rating", flat=True))
    assert verdict_ratings and verdict_ratings <= default_scale

    # Twice the claims, about twice everything that hangs from them.
    generate(claims=600, statements_per_claim=2, reset=True)
    assert synthetic_claims().count() == 600
    assert Statement.objects.filter(claim__in=synthetic_claims()).count() == 1200


def test_every_statement_is_anchored_in_its_source_text():
    generate(claims=300)

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT count(*) FROM claims_statement st
               JOIN claims_source so ON so.id = st.source_id
               WHERE substr(so.text, st.start + 1, st."end" - st.start) <> st.exact
                  OR st.anchor_status <> 'anchored'"""
        )
        assert cursor.fetchone() == (0,)
    # The models' own validation agrees: what the admin would accept, constraints included.
    for statement in Statement.objects.filter(claim__in=synthetic_claims()).order_by("?")[:25]:
        statement.full_clean()
        text = statement.source.text
        assert text[statement.start : statement.end] == statement.exact
        assert text[: statement.start].endswith(statement.prefix)
        assert text[statement.end :].startswith(statement.suffix)
    for model in (Claim, Source, Actor, Review):
        for row in model.objects.filter(pk__in=model.objects.order_by("-pk")[:10]):
            row.full_clean()


def test_derived_columns_are_what_the_services_would_compute():
    generate(claims=300)
    claims = synthetic_claims()
    ids = list(claims.values_list("pk", flat=True))
    seen = set(claims.values_list("pk", "first_seen", "last_seen"))

    services.claim_refresh_dates(claims=claims)
    assert set(claims.values_list("pk", "first_seen", "last_seen")) == seen

    # The search document: same lexemes with the same weights as claims.search computes
    # (positions may differ: the quotes are joined in an unspecified order there).
    lexemes = (
        "SELECT c.id, array_agg(l.lexeme || ':' || array_to_string(l.weights, '') "
        "ORDER BY l.lexeme) FROM claims_claim c, unnest(c.search_vector) l "
        "WHERE c.id = ANY(%s) GROUP BY c.id"
    )
    with connection.cursor() as cursor:
        cursor.execute(lexemes, [ids])
        loaded = dict(cursor.fetchall())
        claim_search_refresh(claim_ids=ids)
        cursor.execute(lexemes, [ids])
        assert dict(cursor.fetchall()) == loaded
    assert len(loaded) == 300


def test_statements_are_written_once_with_their_claims_last_day():
    """Each statement's copy of its claim's last day (migration 0015) is in the COPY: had
    the loader left it out, the claims' trigger would rewrite every statement (three
    million at a million claims) when their claims arrive."""
    generate(claims=300)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'claims_statement'"
        )
        assert cursor.fetchone()[0] == 0
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE s.claim_last_seen = c.last_seen) "
            "FROM claims_statement s JOIN claims_claim c ON c.id = s.claim_id "
            "WHERE c.slug LIKE %s",
            [f"{SLUG_PREFIX}%"],
        )
        statements, copied = cursor.fetchone()
    assert statements > 300 and copied == statements


DAY = datetime.timedelta(days=1)


def test_the_last_day_is_no_busier_than_the_days_before_it():
    """Repeats after the archive's last day do not pile onto it: a search's window of
    recent claims would otherwise measure one artificial day of tens of thousands.
    Somewhat busier it may be, as a real archive's today is: the claims seen today have
    not yet been seen again later, as many of an older day's have."""
    generate(claims=3000)
    per_day = Counter(
        synthetic_claims().exclude(last_seen=None).values_list("last_seen", flat=True)
    )
    last = max(per_day)
    before = [count for day, count in per_day.items() if last - day <= DAY * 60 and day < last]
    assert len(before) > 20
    assert per_day[last] <= 2 * max(before), (per_day[last], before)


def test_claims_are_numbered_in_the_order_first_seen():
    """As a newsroom's table grows, in time: a search's window of recent claims then
    reads the table's last pages, not a page of its own for each match."""
    generate(claims=2000)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT corr(id, first_seen - DATE '2014-01-01'), corr(id, last_seen - DATE "
            "'2014-01-01') FROM claims_claim WHERE slug LIKE %s",
            [f"{SLUG_PREFIX}%"],
        )
        by_first_day, by_last_day = cursor.fetchone()
    assert by_first_day > 0.95, by_first_day
    assert by_last_day > 0.9, by_last_day  # claims seen again later are the exception


def test_a_few_actors_and_sources_carry_most_statements():
    generate(claims=1000)
    statements = Statement.objects.filter(claim__in=synthetic_claims())
    total = statements.count()

    per_actor = sorted(Counter(statements.values_list("actor", flat=True)).values(), reverse=True)
    n_actors = Actor.objects.filter(slug__startswith=SLUG_PREFIX).count()
    assert sum(per_actor[: n_actors // 10]) > 0.4 * total

    per_source = sorted(Counter(statements.values_list("source", flat=True)).values(), reverse=True)
    assert sum(per_source[: len(per_source) // 10]) > 0.4 * total
    assert per_source[0] > 10 * per_source[len(per_source) // 2]  # the median source


def test_published_claims_are_searchable_and_public():
    generate(claims=300)
    claim = synthetic_claims().filter(status="published").order_by("pk").first()
    draft = synthetic_claims().exclude(status="published").order_by("pk").first()

    found = selectors.claim_search(q=f'"{claim.text}"')
    assert claim in found
    assert draft not in selectors.claim_search(q=f'"{draft.text}"')
    # A very common word matches a large share of the archive, as in a real one.
    assert selectors.claim_search(q="government").count() > 20

    client = Client()
    page = client.get(claim.get_absolute_url())
    assert page.status_code == 200
    assert claim.text in page.content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404

    # Who is public was worked out for the bulk rows too (claims.publicity).
    speaker = claim.statements.first().actor
    assert selectors.public_actors().filter(pk=speaker.pk).exists()
    assert client.get(speaker.get_absolute_url()).status_code == 200
    assert client.get(claim.statements.first().source.get_absolute_url()).status_code == 200


def test_same_seed_same_archive_other_seed_another():
    generate(claims=200, seed=7)
    first = snapshot()
    generate(claims=200, seed=7, reset=True)
    assert snapshot() == first
    generate(claims=200, seed=8, reset=True)
    assert snapshot()["claims"] != first["claims"]


def test_loads_next_to_the_seed_corpus_and_leaves_it_alone():
    call_command("load_seed_data", verbosity=0)
    curated = {
        "claims": set(Claim.objects.values_list("pk", "slug", "text", "search_vector")),
        "sources": set(Source.objects.values_list("pk", "url", "text")),
    }

    generate(claims=200)
    generate(claims=200, reset=True)

    assert synthetic_claims().count() == 200
    assert Claim.objects.count() == 200 + len(curated["claims"])
    assert curated["claims"] <= set(
        Claim.objects.values_list("pk", "slug", "text", "search_vector")
    )
    assert curated["sources"] <= set(Source.objects.values_list("pk", "url", "text"))
    # A row created afterwards gets a fresh key from the sequences the load moved on.
    topic = Topic.objects.create(name="Made after the load", slug="made-after-the-load")
    assert topic.pk > Topic.objects.exclude(pk=topic.pk).order_by("-pk").first().pk


def test_refuses_to_load_twice_without_reset():
    generate(claims=50)
    with pytest.raises(CommandError, match="--reset"):
        generate(claims=50)
    assert synthetic_claims().count() == 50


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_load_outside_a_transaction_is_vacuumed_as_autovacuum_would():
    """Index-only scans of a table never vacuumed read the table too: the command leaves
    the archive vacuumed and analyzed, so what is measured on it is the site."""
    generate(claims=50)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables "
            "WHERE relname IN ('claims_claim', 'claims_statement') AND last_vacuum IS NOT NULL"
        )
        assert {name for (name,) in cursor.fetchall()} == {"claims_claim", "claims_statement"}


def test_inside_a_transaction_the_command_says_it_did_not_vacuum():
    assert "Not vacuumed (inside a transaction)" in generate(claims=20)
