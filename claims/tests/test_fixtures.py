"""The curated seed corpus, fixtures/seed.json, as ``load_seed_data`` installs it.

``loaddata`` writes rows raw, bypassing ``save()`` and ``clean()``, so nothing
but these tests stands between a hand-curated fixture and a database whose
quotes do not match their sources or whose derived columns are stale. Every
check recomputes what it compares against with the project's own code.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.models import Q

from claims import services
from claims.claim_page_rows import CONTEXT_CHARS
from claims.domain.anchoring import verify
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Evidence,
    PublicationStatus,
    Review,
    Source,
    Statement,
    Topic,
)
from claims.models.actors import normalise_name
from claims.models.anchors import AnchorStatus
from claims.models.sources import text_fingerprint
from claims.tests.test_statement_claim_seen import stale_copies

# The issue names these three; the rest of the corpus may grow around them.
GENOCIDE = "There is an ongoing genocide in Donbas"
WITHDRAWAL = "Russian troops are withdrawing from Ukraine's borders"
FALSE_FLAG = "Russia is plotting a false-flag operation as a pretext to invade Ukraine"
NAMED_CLAIMS = [GENOCIDE, WITHDRAWAL, FALSE_FLAG]

CURATED_MODELS = [
    Source,
    Actor,
    ActorAlias,
    Topic,
    Claim,
    ClaimRelation,
    Statement,
    Evidence,
    Review,
]


def seed_dir() -> Path:
    """The shared seed articles, beside the repository (``../shared/seeds``)."""
    return Path(settings.BASE_DIR).parent / "shared" / "seeds"


@pytest.fixture
def seeded(db):
    call_command("load_seed_data", verbosity=0)


def named_claim(text: str) -> Claim:
    return Claim.objects.get(text__iexact=text)


def test_load_seed_data_loads_the_corpus(db):
    """load_seed_data installs sources, actors, claims, statements, evidence and reviews."""
    call_command("load_seed_data", verbosity=0)

    for model in CURATED_MODELS:
        assert model.objects.exists(), f"the seed corpus has no {model.__name__} rows"
    # Each statement's copy of its claim's last day (migration 0015), whatever order
    # loaddata inserted claims and statements in.
    assert stale_copies() == []


def test_loading_twice_changes_nothing(seeded):
    """Loading the seed corpus again leaves the same rows, field for field."""

    def snapshot():
        return {
            model.__name__: sorted(model.objects.values_list("pk", flat=True))
            for model in CURATED_MODELS
        } | {"dates": sorted(Claim.objects.values_list("pk", "first_seen", "last_seen"))}

    before = snapshot()
    call_command("load_seed_data", verbosity=0)

    assert snapshot() == before


def test_every_curated_row_passes_full_clean(seeded):
    """Every loaded row validates as if an editor had saved it through the admin."""
    failures = []
    for model in CURATED_MODELS:
        for row in model.objects.all():
            try:
                row.full_clean()
            except Exception as error:  # collect them all for one report
                failures.append(f"{model.__name__} {row.pk}: {error}")

    assert not failures, "\n".join(failures)


def test_every_quote_matches_its_source_text(seeded):
    """Each statement's and evidence quote is its source's text at its offsets, with its context."""
    quoted = [
        *Statement.objects.select_related("source"),
        *Evidence.objects.filter(start__isnull=False).select_related("source"),
    ]
    assert quoted
    for item in quoted:
        anchor = verify(item.source.text, start=item.start, end=item.end, exact=item.exact)
        label = f"{type(item).__name__} {item.pk}"
        assert item.end == item.start + len(item.exact), label
        assert (item.prefix, item.suffix) == (anchor.prefix, anchor.suffix), label
        assert item.anchor_status == AnchorStatus.ANCHORED, label


def test_every_seed_quote_keeps_the_words_the_claim_page_shows(seeded):
    """``loaddata`` writes raw rows, in the fixture's order: the triggers of migration 0019
    still give every anchored statement its slice of its source (the claim page's words)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, quote_context FROM claims_statement")
        kept = dict(cursor.fetchall())
    statements = Statement.objects.select_related("source")
    assert statements
    for statement in statements:
        text, start, end = statement.source.text, statement.start, statement.end
        shown = (
            None if start is None else text[max(start - CONTEXT_CHARS, 0) : end + CONTEXT_CHARS + 1]
        )
        assert kept[statement.pk] == shown, statement.pk


def test_seed_sources_are_the_shared_articles_verbatim(seeded):
    """Each file in ../shared/seeds is one source whose text is the file's, to the character."""
    folder = seed_dir()
    if not folder.is_dir():
        pytest.fail(f"The seed articles are missing: expected them in {folder}.")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 5, f"expected the five seed articles in {folder}, found {len(files)}"

    texts = list(Source.objects.values_list("text", flat=True))
    for path in files:
        content = path.read_text(encoding="utf-8")
        assert texts.count(content) == 1, f"{path.name} is not exactly one source's text"
    assert Source.objects.count() == len(files)


def test_corpus_has_at_least_twelve_published_claims(seeded):
    """The corpus tracks at least twelve claims, all published with a publication time."""
    assert Claim.objects.count() >= 12
    assert not Claim.objects.exclude(status=PublicationStatus.PUBLISHED).exists()
    assert not Claim.objects.filter(published_at__isnull=True).exists()


@pytest.mark.parametrize("text", NAMED_CLAIMS)
def test_named_claim_has_a_published_verdict_and_statements(seeded, text):
    """Each claim the newsroom named has statements and a published review by the desk."""
    claim = named_claim(text)

    assert claim.statements.exists()
    review = claim.reviews.get(status=PublicationStatus.PUBLISHED)
    assert review.published_at is not None
    assert review.headline and review.explanation
    assert len(review.conclusion) <= 600


@pytest.mark.parametrize("text", NAMED_CLAIMS)
def test_named_claim_is_grounded_in_more_than_one_source(seeded, text):
    """Each named claim's statements and quoted evidence come from more than one seed source."""
    claim = named_claim(text)
    sources = set(claim.statements.values_list("source", flat=True)) | set(
        claim.evidence.filter(source__isnull=False).values_list("source", flat=True)
    )

    assert len(sources) > 1


@pytest.mark.parametrize("text", [WITHDRAWAL, FALSE_FLAG])
def test_contested_claim_is_stated_in_more_than_one_source(seeded, text):
    """The withdrawal and false-flag claims are each stated in more than one article."""
    claim = named_claim(text)

    assert claim.statements.values("source").distinct().count() > 1


@pytest.mark.parametrize("text", [WITHDRAWAL, FALSE_FLAG])
def test_contested_claim_records_its_denial(seeded, text):
    """The withdrawal and false-flag claims each have a denial or a contradicting claim."""
    claim = named_claim(text)
    denied = claim.statements.filter(stance=Statement.Stance.DENIES).exists()
    contradicted = ClaimRelation.objects.filter(
        Q(from_claim=claim) | Q(to_claim=claim), kind=ClaimRelation.Kind.CONTRADICTS
    ).exists()

    assert denied or contradicted


def test_derived_columns_match_what_the_code_computes(db):
    """Hashes and folded names stored in the fixture are what save() would have written."""
    call_command("loaddata", "seed", verbosity=0)

    for source in Source.objects.all():
        assert source.text_hash == text_fingerprint(source.text), source.slug
    for actor in Actor.objects.all():
        assert actor.name_normalised == normalise_name(actor.name), actor.slug
    for alias in ActorAlias.objects.all():
        assert alias.normalised == normalise_name(alias.name), alias.name


def test_seen_dates_in_the_fixture_match_the_statements(db):
    """Each claim's first_seen/last_seen, as shipped, is what claim_refresh_dates derives."""
    call_command("loaddata", "seed", verbosity=0)
    shipped = dict(Claim.objects.values_list("pk", "first_seen"))
    shipped_last = dict(Claim.objects.values_list("pk", "last_seen"))

    services.claim_refresh_dates(claims=Claim.objects.all())

    assert dict(Claim.objects.values_list("pk", "first_seen")) == shipped
    assert dict(Claim.objects.values_list("pk", "last_seen")) == shipped_last
    assert not Claim.objects.filter(Q(first_seen__isnull=True) | Q(last_seen__isnull=True)).exists()


def test_lavrov_spellings_resolve_to_one_actor(seeded):
    """ "Sergei Lavrov" and "Sergey Lavrov" find the same actor through its aliases."""
    sergei = Actor.objects.named("Sergei Lavrov").get()
    sergey = Actor.objects.named("Sergey Lavrov").get()

    assert sergei == sergey
