"""The claim page's one prepared query gives what the ORM gives, to each audience."""

from __future__ import annotations

import datetime

import psycopg
import pytest
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from claims import claim_page_rows, selectors
from claims.models import Actor, Claim, ClaimRelation, Correction, Evidence, Statement
from claims.models.anchors import AnchorStatus
from claims.tests.factories import (
    ActorFactory,
    ClaimFactory,
    ClaimRelationFactory,
    EvidenceFactory,
    ReviewFactory,
    SourceFactory,
    StatementFactory,
    TopicFactory,
    default_rating,
    statement_in,
)
from claimtrack.settings import base

pytestmark = pytest.mark.django_db

# Quotes, markup, backslashes, line breaks and characters outside ASCII: what JSON must carry.
AWKWARD = "He said \"<b>never</b>\" \\ 'twice'\nand « jamais » — 100 % 🙂. "


def values(instance) -> dict:
    """The instance's loaded column values (deferred ones left out)."""
    deferred = instance.get_deferred_fields()
    return {
        f.attname: getattr(instance, f.attname)
        for f in instance._meta.concrete_fields
        if f.attname not in deferred
    }


def rich_claim():
    """A published claim with every part, some of each hidden from the public."""
    claim = ClaimFactory(published=True, context=AWKWARD)
    claim.topics.add(TopicFactory(name="Energy"), TopicFactory(name="Borders"))
    long_text = ("Opening words of a long report. " * 20) + "THE QUOTE. " + AWKWARD * 20
    statement_in(SourceFactory(text=long_text), "THE QUOTE.", claim=claim, said_on=None)
    StatementFactory(claim=claim, stance=Statement.Stance.DENIES, actor=ActorFactory())
    Statement.objects.create(  # in a source known by its address only: no quote
        claim=claim,
        actor=ActorFactory(),
        source=SourceFactory(url="https://social.example.com/p/1", text="", url_only=True),
        anchor_status=AnchorStatus.UNANCHORED,
    )

    old = ReviewFactory(claim=claim, published=True, rating=default_rating("true"))
    Correction.objects.create(
        review=old,
        kind=Correction.Kind.CORRECTION,
        reason="A date was wrong. " + AWKWARD,
        previous_rating=default_rating("false"),
        previous_headline="Earlier headline",
        made_at=timezone.now() - datetime.timedelta(days=1),
    )
    current = ReviewFactory(claim=claim, published=True, rating=default_rating("false"))
    current.published_at = old.published_at + datetime.timedelta(hours=1)
    current.save()
    ReviewFactory(claim=claim, rating=default_rating("misleading"))  # a draft verdict
    external = ReviewFactory(
        claim=claim,
        published=True,
        reviewer=ActorFactory(kind="organisation"),
        url="https://factcheck.example.net/review",
    )
    external.published_at = old.published_at - datetime.timedelta(days=3)
    external.save()

    counter = ClaimFactory(published=True)
    ReviewFactory(claim=counter, published=True, rating=default_rating("true"))
    ReviewFactory(claim=counter, rating=default_rating("false"))  # draft: preview's current
    ClaimRelationFactory(from_claim=claim, to_claim=counter, note=AWKWARD)
    ClaimRelationFactory(
        from_claim=ClaimFactory(published=True), to_claim=claim, kind=ClaimRelation.Kind.SUPPORTS
    )
    ClaimRelationFactory(from_claim=claim, to_claim=ClaimFactory())  # draft end
    EvidenceFactory(claim=claim)
    EvidenceFactory(claim=claim, external=True, stance=Evidence.Stance.SUPPORTS)
    return claim


def orm_rows(claim, audience: selectors.Audience) -> dict:
    """The page's parts as the ORM reads them (the page's queries before one query)."""
    verdicts = list(
        audience.reviews()
        .filter(claim=claim)
        .order_by("-published_at", *(["-created_at"] if audience.preview else []), "-pk")
    )
    relations = []
    for relation in ClaimRelation.objects.filter(Q(from_claim=claim) | Q(to_claim=claim)):
        other = relation.other(claim)
        if audience.sees(other):
            verdict = audience.reviews().filter(claim=other).first()
            relations.append((relation, other, verdict))
    return {
        "verdicts": verdicts,
        "statements": list(claim.statements.select_related("actor", "source").order_by("pk")),
        "relations": relations,
        "evidence": list(claim.evidence.select_related("source")),
        "topics": list(claim.topics.order_by("name")),
    }


@pytest.mark.parametrize("preview", [False, True])
def test_the_one_query_reads_what_the_orm_reads(preview):
    claim = rich_claim()
    audience = selectors.Audience(preview=preview)
    expected = orm_rows(claim, audience)
    rows = claim_page_rows.fetch(slug=claim.slug, preview=preview, published_only=False)

    assert values(rows.claim) == values(Claim.objects.defer("search_vector").get(pk=claim.pk))
    assert [values(v) for v in rows.verdicts] == [values(v) for v in expected["verdicts"]]
    assert len(rows.verdicts) == (4 if preview else 3)
    for got, want in zip(rows.verdicts, expected["verdicts"], strict=True):
        assert values(got.rating) == values(want.rating)
        assert values(got.rating.scale) == values(want.rating.scale)
        assert (got.reviewer and values(got.reviewer)) == (want.reviewer and values(want.reviewer))
        assert [values(c) for c in got.correction_list] == [
            values(c) for c in want.corrections.order_by("made_at", "pk")
        ]
        for got_c, want_c in zip(got.correction_list, want.corrections.all(), strict=True):
            assert values(got_c.previous_rating) == values(want_c.previous_rating)
    scale = expected["verdicts"][0].rating.scale.ratings.exclude(value=None)
    assert rows.rating_bounds == (max(r.value for r in scale), min(r.value for r in scale))

    got_statements = sorted(rows.statements, key=lambda s: s.pk)
    assert [values(s) for s in got_statements] == [values(s) for s in expected["statements"]]
    for got, want in zip(got_statements, expected["statements"], strict=True):
        assert values(got.actor) == values(want.actor)
        for name in ("id", "slug", "title", "publisher", "url", "published_on"):
            assert getattr(got.source, name) == getattr(want.source, name)
        if want.start is None:
            assert (got.before, got.after) == ("", "")
            continue
        text = want.source.text
        before = text[max(0, want.start - claim_page_rows.CONTEXT_CHARS) : want.start]
        after = text[want.end : want.end + claim_page_rows.CONTEXT_CHARS]
        assert got.before.lstrip("…") in before and before.endswith(got.before.lstrip("…"))
        assert got.after.rstrip("…") in after and after.startswith(got.after.rstrip("…"))
    long_one = next(s for s in got_statements if s.exact == "THE QUOTE.")
    assert long_one.before.startswith("…") and long_one.after.endswith("…")
    assert AWKWARD.split("\n")[0] in long_one.after

    assert [(values(r.relation), values(r.other)["id"]) for r in rows.relations] == [
        (values(r), o.pk) for r, o, _ in expected["relations"]
    ]
    assert [r.verdict and values(r.verdict) for r in rows.relations] == [
        v and values(v) for _, _, v in expected["relations"]
    ]
    assert [values(e) for e in rows.evidence] == [values(e) for e in expected["evidence"]]
    assert [e.source and e.source.title for e in rows.evidence] == [
        e.source and e.source.title for e in expected["evidence"]
    ]
    assert [values(t) for t in rows.topics] == [values(t) for t in expected["topics"]]


def test_a_column_left_out_is_loaded_when_read_not_shown_empty():
    """The page leaves a source's text out; reading it anyway loads it (one query)."""
    claim = ClaimFactory(published=True)
    statement = StatementFactory(claim=claim)
    [got] = claim_page_rows.fetch(slug=claim.slug, preview=False, published_only=True).statements
    assert got.source.text == statement.source.text != ""


def test_the_public_page_of_an_unpublished_claim_does_not_exist():
    draft = ClaimFactory()
    with pytest.raises(type(draft).DoesNotExist):
        selectors.public_claim_page(slug=draft.slug)
    assert selectors.claim_page(claim=draft).claim == draft  # its owner's exports still read it


def test_the_public_claim_page_is_one_query_whatever_the_claim_holds(
    django_assert_num_queries,
):
    claim = rich_claim()
    for _ in range(10):
        StatementFactory(claim=claim)
    with django_assert_num_queries(1):
        page = selectors.public_claim_page(slug=claim.slug)
        # Everything the template and the ClaimReview markup read is loaded.
        selectors.claimreview_data(page=page, base_url="https://claims.example.org/")
        for s in page.statements:
            (s.actor.get_absolute_url(), s.source.get_absolute_url(), s.get_stance_display())
        for r in page.related:
            (r.claim.get_absolute_url(), r.verdict and r.verdict.rating.label)
    assert len(page.statements) == 13


def test_the_query_is_prepared_once_per_connection():
    """The page's statement is planned once per connection, not once per page."""
    claim = ClaimFactory(published=True)
    for _ in range(3):
        selectors.public_claim_page(slug=claim.slug)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["%claims_claimrelation rel%"],
        )
        assert cursor.fetchone()[0] == 1


def test_prepared_statements_can_be_turned_off_for_a_pooler(monkeypatch):
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "0")
    database = {"OPTIONS": {}}
    base.prepared_statements(database)
    assert "prepare_threshold" not in database["OPTIONS"]
    monkeypatch.setenv("DATABASE_PREPARED_STATEMENTS", "1")
    base.prepared_statements(database)
    assert database["OPTIONS"]["prepare_threshold"] == base.PREPARE_WHEN_ASKED


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_connection_the_server_dropped_is_replaced_not_used(monkeypatch):
    """After a database restart, a worker's kept connection is dead: the page's query must
    check it first, as Django's own cursors do (``CONN_HEALTH_CHECKS``), not fail on it."""
    claim = ClaimFactory(published=True)
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)  # kept for good
    monkeypatch.setitem(connection.settings_dict, "CONN_HEALTH_CHECKS", True)
    connection.close()
    connection.ensure_connection()
    dead = connection.connection.info.backend_pid
    login = {
        key: value
        for key, value in connection.get_connection_params().items()
        if key in ("dbname", "user", "password", "host", "port")
    }
    with psycopg.connect(**login, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [dead])
    connection.close_if_unusable_or_obsolete()  # what Django does as a request starts
    page = selectors.public_claim_page(slug=claim.slug)
    assert page.claim.pk == claim.pk
    assert connection.connection.info.backend_pid != dead


@pytest.mark.parametrize("more", [0, 1])
def test_the_words_after_a_quote_are_cut_only_when_the_text_goes_on(more):
    """Exactly CONTEXT_CHARS after the quote are all shown; one more and the page says "…"."""
    claim = ClaimFactory(published=True)
    tail = ("word " * claim_page_rows.CONTEXT_CHARS)[: claim_page_rows.CONTEXT_CHARS + more]
    statement_in(SourceFactory(text="Before. THE QUOTE." + tail), "THE QUOTE.", claim=claim)

    (got,) = claim_page_rows.fetch(slug=claim.slug, preview=False, published_only=True).statements

    if more:
        assert got.after == tail[: claim_page_rows.CONTEXT_CHARS].rstrip() + "…"
    else:
        assert got.after == tail
    assert got.before == "Before. "


def test_a_hydrated_row_is_one_the_orm_could_have_read(django_assert_num_queries):
    """Saved, it is an update of its row; a column the query left out loads when read."""
    claim = rich_claim()
    rows = claim_page_rows.fetch(slug=claim.slug, preview=False, published_only=True)
    statement = next(s for s in rows.statements if s.exact == "THE QUOTE.")
    assert (statement._state.adding, statement._state.db) == (False, "default")
    assert rows.claim.get_deferred_fields() == {"search_vector"}
    with django_assert_num_queries(1):
        assert rows.claim.search_vector  # read from the table on first use

    statements = Statement.objects.count()
    statement.cue = "said"
    statement.save(update_fields=["cue"])
    assert Statement.objects.count() == statements
    assert Statement.objects.get(pk=statement.pk).cue == "said"


def test_whoever_listens_to_a_models_creation_hears_of_its_hydrated_rows():
    from django.db.models.signals import post_init

    claim = rich_claim()
    heard = []

    def listener(sender, instance, **kwargs):
        heard.append(instance)

    post_init.connect(listener, sender=Actor)
    try:
        rows = claim_page_rows.fetch(slug=claim.slug, preview=False, published_only=True)
    finally:
        post_init.disconnect(listener, sender=Actor)
    actors = {s.actor.pk for s in rows.statements} | {
        v.reviewer.pk for v in rows.verdicts if v.reviewer
    }
    assert {a.pk for a in heard} == actors
