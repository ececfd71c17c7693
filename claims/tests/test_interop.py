"""Importing ClaimReview into the database (``claims.interop``), and the export round trip."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import IntegrityError

from claims import interop, selectors
from claims.domain import claimreview
from claims.models import (
    Actor,
    ActorAlias,
    Claim,
    ClaimRelation,
    Evidence,
    PublicationStatus,
    Rating,
    Review,
    Source,
    Statement,
    StatementCandidate,
    Topic,
)
from claims.models.anchors import AnchorStatus
from claims.search import claim_search_refresh
from claims.tests import factories
from claims.tests.jsonld import lost_properties

pytestmark = pytest.mark.django_db

BASE = "https://claims.example.org"
MESSY_FEED = Path(settings.BASE_DIR) / "fixtures" / "claimreview" / "messy-feed.json"


def record(n: int = 1, **overrides) -> dict:
    values = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"https://factcheck.example.net/checks/{n}",
        "claimReviewed": f"Claim number {n} from another fact-checker",
        "author": {
            "@type": "Organization",
            "name": "Example Checks",
            "url": "https://factcheck.example.net/",
        },
        "datePublished": "2022-03-01",
        "headline": f"Claim {n} is false",
        "reviewRating": {"@type": "Rating", "alternateName": "False", "ratingValue": 1},
        "inLanguage": "en",
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": "Jane Speaker",
                "sameAs": "https://www.wikidata.org/wiki/Q4115189",
            },
            "datePublished": "2022-02-20",
            "appearance": [
                {
                    "@type": "CreativeWork",
                    "url": f"https://social.example.com/posts/{n}",
                    "headline": "A viral post",
                    "datePublished": "2022-02-21",
                }
            ],
        },
    }
    values.update(overrides)
    return values


def run(document, **options) -> interop.ImportReport:
    return interop.claimreview_import(document=document, **options)


def counts(report) -> dict:
    return {status: report.counts[status] for status in interop.STATUSES}


def export(base_url: str = BASE) -> list[dict]:
    return list(selectors.claimreview_export(base_url=base_url))


def empty_the_claims_tables() -> None:
    """Delete every editorial row (dependents first, PROTECT being what it is); the
    rating scales stay, as on a fresh install."""
    StatementCandidate.objects.all().delete()
    for model in (Statement, Evidence, ClaimRelation, Review):
        model.objects.all().delete()
    Claim.topics.through.objects.all().delete()
    for model in (Claim, Source, Topic, ActorAlias):
        model.objects.all().delete()
    Actor.objects.update(affiliation=None)
    Actor.objects.all().delete()


def normalised(items: list[dict]) -> dict[str, dict]:
    """Export items by URL, without what legitimately differs between two databases.

    ``dateModified`` is the date our own row last changed: re-imported verdicts are
    another fact-checker's to us, and we do not hold their modification date. The
    order of ``appearance`` is not meaningful (JSON-LD arrays are unordered sets).
    """
    result = {}
    for item in items:
        item = json.loads(json.dumps(item))
        item.pop("dateModified", None)
        claim = item["itemReviewed"]
        claim["appearance"] = sorted(claim.get("appearance", []), key=lambda a: a["url"])
        result[item["url"]] = item
    return result


# ---------------------------------------------------------------- round trip


def test_the_seed_corpus_survives_export_import_export():
    """Export the seed's verdicts, import them into empty tables, export again: the same
    markup, but for ``dateModified`` (see ``normalised``)."""
    call_command("load_seed_data", verbosity=0)
    first = export()
    assert len(first) == Review.objects.filter(status="published").count() == 8
    empty_the_claims_tables()

    report = run(first, publish=True)

    assert counts(report) == {"imported": 8, "updated": 0, "unchanged": 0, "refused": 0}
    # Another instance exports them: our URLs were theirs, and stay so.
    second = export(base_url="https://elsewhere.example.org")
    assert normalised(second) == normalised(first)
    # Our own source pages (sources without a URL) came back as URL-only sources.
    assert Source.objects.filter(url__startswith=BASE + "/sources/", url_only=True).exists()


def test_importing_the_same_feed_twice_changes_nothing_the_second_time(
    django_assert_max_num_queries,
):
    """The second run finds every record unchanged and writes nothing."""
    document = [record(n) for n in range(1, 6)]
    run(document)
    before = {r.pk: r.updated_at for r in Review.objects.all()}

    with django_assert_max_num_queries(10):
        report = run(document)

    assert counts(report) == {"imported": 0, "updated": 0, "unchanged": 5, "refused": 0}
    assert {r.pk: r.updated_at for r in Review.objects.all()} == before
    assert Statement.objects.count() == 5 and Claim.objects.count() == 5


def test_queries_do_not_grow_with_the_number_of_records(django_assert_max_num_queries):
    """One batch of 200 records costs a fixed number of queries (no query per record)."""
    document = [record(n) for n in range(1, 201)]
    with django_assert_max_num_queries(30):
        report = run(document, batch_size=500)
    assert report.counts["imported"] == 200
    assert Statement.objects.filter(anchor_status=AnchorStatus.UNANCHORED).count() == 200


def test_export_queries_are_bounded(django_assert_max_num_queries):
    """Exporting many verdicts costs a fixed number of queries per batch."""
    run([record(n) for n in range(1, 41)], publish=True)
    with django_assert_max_num_queries(4):
        items = list(selectors.claimreview_export(base_url=BASE, batch_size=100))
    assert len(items) == 40
    with django_assert_max_num_queries(10):
        assert len(list(selectors.claimreview_export(base_url=BASE, batch_size=10))) == 40


def test_exported_markup_is_json_ld_with_every_property_google_needs():
    """Each exported item expands with PyLD without losing a property, and carries every
    property Google's fact-check markup requires and recommends."""
    call_command("load_seed_data", verbosity=0)
    items = export()
    assert items
    for item in items:
        assert claimreview.markup_problems(item) == [], item["url"]
        assert not lost_properties(item), item["url"]


# ---------------------------------------------------------------- what a record becomes


def test_a_record_becomes_a_claim_a_statement_in_a_url_only_source_and_a_verdict():
    """The claim, the claimant's unanchored statement where it appeared, the fact-checker's
    verdict with its URL, own words and language: drafts, for an editor."""
    run([record(1, inLanguage="es", reviewRating={"alternateName": "Falso"})])

    claim = Claim.objects.get()
    assert claim.text == "Claim number 1 from another fact-checker"
    assert claim.status == PublicationStatus.DRAFT
    assert claim.first_seen == datetime.date(2022, 2, 20)
    statement = Statement.objects.select_related("actor", "source").get()
    assert statement.actor.name == "Jane Speaker" and statement.actor.kind == Actor.Kind.PERSON
    assert statement.actor.same_as == "https://www.wikidata.org/wiki/Q4115189"
    assert (statement.start, statement.end, statement.exact) == (None, None, "")
    assert statement.anchor_status == AnchorStatus.UNANCHORED
    source = statement.source
    assert (source.url, source.url_only, source.text) == (
        "https://social.example.com/posts/1",
        True,
        "",
    )
    assert (source.title, source.published_on) == ("A viral post", datetime.date(2022, 2, 21))
    review = Review.objects.select_related("reviewer", "rating").get()
    assert review.status == PublicationStatus.DRAFT
    assert review.reviewer.name == "Example Checks" and review.reviewer.kind == Actor.Kind.OUTLET
    assert review.reviewer.url == "https://factcheck.example.net/"
    assert (review.url, review.original_rating, review.rating.slug, review.language) == (
        "https://factcheck.example.net/checks/1",
        "Falso",
        "false",
        "es",
    )
    assert review.published_at == datetime.datetime(2022, 3, 1, tzinfo=datetime.UTC)
    assert review.headline == "Claim 1 is false"
    # Rows written in bulk still get what save() and the signals would give them.
    assert Claim.objects.filter(pk=claim.pk, search_vector__isnull=False).exists()


def test_an_imported_claims_search_document_is_what_the_search_refresh_computes():
    """The importer computes the documents of the claims it creates as it inserts them
    (``claims.bulk.copy_insert_claims``): the same as ``claim_search_refresh``, verdict
    words included, for new claims and for stored ones that got a new verdict."""
    run([record(1, reviewBody="Doctored <b>figures</b>"), record(2)], publish=True)
    stored = Claim.objects.get(text__startswith="Claim number 2")
    # A stored claim, checked again by another fact-checker: refreshed, not inserted.
    again = record(3, claimReviewed=stored.text.upper(), headline="Second opinion")
    run([record(4), again], publish=True)

    inserted = dict(Claim.objects.values_list("pk", "search_vector"))
    assert len(inserted) == 3 and all(inserted.values())
    Claim.objects.update(search_vector=None)
    claim_search_refresh(claim_ids=inserted)
    assert dict(Claim.objects.values_list("pk", "search_vector")) == inserted
    assert "doctor" in inserted[Claim.objects.get(text__startswith="Claim number 1").pk]
    assert "opinion" in inserted[stored.pk]


def test_parsing_in_a_second_process_gives_the_same_report(monkeypatch):
    """``parallel`` (the command's way) parses the next batches in a forked process:
    same outcomes, in the same order, as parsing here."""
    document = [record(n) for n in range(1, 8)]
    document[2] = record(3, url="not a url")
    document[5] = record(2)  # a duplicate review URL
    parallel = run(document, batch_size=2, parallel=True, dry_run=True)
    sequential = run(document, batch_size=2, dry_run=True)
    assert parallel.as_dict() == sequential.as_dict()
    assert counts(parallel) == {"imported": 5, "updated": 0, "unchanged": 0, "refused": 2}


def test_imports_are_drafts_unless_published_on_purpose():
    """By default nothing imported is public; with publish=True claim and verdict are."""
    run([record(1)])
    assert not Claim.objects.published().exists()
    assert export() == []

    run([record(2)], publish=True)
    claim = Claim.objects.get(text__startswith="Claim number 2")
    assert claim.is_published() and claim.published_at is not None
    assert Review.objects.get(claim=claim).status == PublicationStatus.PUBLISHED


def test_a_published_external_verdict_is_exported_as_the_fact_checkers():
    """Their URL, their name and their words, our rating's number; no dateModified of ours."""
    run(
        [record(1, reviewRating={"alternateName": "Pants on Fire!", "ratingValue": 0})],
        publish=True,
    )
    (item,) = export()
    assert item["url"] == "https://factcheck.example.net/checks/1"
    assert item["author"] == {
        "@type": "Organization",
        "name": "Example Checks",
        "url": "https://factcheck.example.net/",
    }
    assert item["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Pants on Fire!",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert "dateModified" not in item
    assert item["itemReviewed"]["appearance"][0]["url"] == "https://social.example.com/posts/1"


def test_a_rating_no_rating_of_ours_says_goes_on_a_scale_of_its_own():
    """ "Satire": the verdict gets "Not on our scale" and keeps the word; the export says it."""
    run([record(1, reviewRating={"alternateName": "Satire"})], publish=True)
    review = Review.objects.select_related("rating__scale").get()
    assert review.rating.slug == interop.UNMAPPED_RATING_SLUG
    assert not review.rating.scale.is_default
    assert review.original_rating == "Satire"
    (item,) = export()
    assert item["reviewRating"] == {"@type": "Rating", "alternateName": "Satire"}


def test_known_actors_are_reused_by_same_as_name_or_alias():
    """sameAs first, then the folded name or an alias (Actor.objects.named's rule)."""
    by_link = factories.ActorFactory(
        name="J. Speaker", same_as="https://www.wikidata.org/wiki/Q4115189"
    )
    alias = factories.ActorAliasFactory(name="Vova", actor=factories.ActorFactory(name="Vladimir"))
    checker = factories.ActorFactory(name="EXAMPLE  Checks", kind=Actor.Kind.OUTLET)
    run(
        [
            record(1),
            record(
                2,
                itemReviewed={
                    "@type": "Claim",
                    "author": {"@type": "Person", "name": "vova"},
                    "appearance": "https://social.example.com/posts/2",
                },
            ),
        ]
    )
    assert Statement.objects.get(claim__text__startswith="Claim number 1").actor == by_link
    assert Statement.objects.get(claim__text__startswith="Claim number 2").actor == alias.actor
    assert set(Review.objects.values_list("reviewer", flat=True)) == {checker.pk}
    assert Actor.objects.count() == 3


def test_a_claim_with_the_same_wording_is_reused_whatever_the_case():
    """Two fact-checkers on one claim: one claim, two verdicts (folded as PostgreSQL folds,
    accents included)."""
    existing = factories.ClaimFactory(text="Élections truquées en 2022", status="published")
    run(
        [
            record(1, claimReviewed="ÉLECTIONS TRUQUÉES EN 2022"),
            record(2, claimReviewed="élections truquées en 2022"),
        ]
    )
    assert Claim.objects.count() == 1
    assert existing.reviews.count() == 2
    existing.refresh_from_db()
    assert existing.status == "published"  # an existing claim keeps its status


def test_an_appearance_in_one_of_our_full_text_sources_is_left_to_an_editor():
    """A statement there needs its quote: none is made, and a warning says so."""
    factories.SourceFactory(url="https://social.example.com/posts/1")
    report = run([record(1)])
    assert report.counts["imported"] == 1
    (outcome,) = report.notable
    assert any("needs its quote" in w for w in outcome.warnings)
    assert not Statement.objects.exists()


def test_a_changed_record_updates_its_verdict():
    """Same URL, new rating and a new appearance: the verdict is updated, the statement added."""
    run([record(1)])
    changed = record(1, reviewRating={"alternateName": "Misleading"})
    changed["itemReviewed"]["appearance"].append({"url": "https://video.example.com/2"})
    report = run([changed])
    assert counts(report) == {"imported": 0, "updated": 1, "unchanged": 0, "refused": 0}
    review = Review.objects.get()
    assert (review.rating.slug, review.original_rating) == ("misleading", "Misleading")
    assert Statement.objects.count() == 2


def test_a_record_whose_claim_changed_is_refused():
    """The same verdict now about another wording: an editor decides; nothing changes."""
    run([record(1)])
    report = run([record(1, claimReviewed="Something else entirely")])
    assert report.refused_by_reason == {"claim changed": 1}
    assert Claim.objects.count() == 1


def test_publish_on_a_second_run_publishes_the_drafts():
    """Imported as drafts, imported again with publish: now published (an update)."""
    run([record(1)])
    report = run([record(1)], publish=True)
    assert report.counts["updated"] == 1
    assert Review.objects.get().status == PublicationStatus.PUBLISHED


def test_a_dry_run_reports_and_writes_nothing():
    """Exact counts, no rows."""
    report = run([record(1), record(2), {"nonsense": True}], dry_run=True)
    assert counts(report) == {"imported": 2, "updated": 0, "unchanged": 0, "refused": 1}
    assert report.dry_run
    assert not Review.objects.exists() and not Claim.objects.exists()
    assert not Rating.objects.filter(slug=interop.UNMAPPED_RATING_SLUG).exists()


def test_our_own_verdicts_are_not_imported_as_someone_elses(settings):
    """A record whose URL is one of our pages is refused."""
    settings.CLAIMTRACK_SITE_URL = BASE
    report = run([record(1, url=BASE + "/claims/some-claim/")])
    assert report.refused_by_reason == {"our own verdict": 1}


def test_a_record_the_database_refuses_is_reported_and_the_others_are_kept(monkeypatch):
    """The batch fails, its records are written one savepoint each: only the bad one is
    refused, with the database's reason."""
    original = interop.Importer.write

    def write(self, plan):
        if any(r["url"].endswith("/bad") for _, r, _ in plan.new_reviews):
            raise IntegrityError('duplicate key value violates unique constraint "x"')
        return original(self, plan)

    monkeypatch.setattr(interop.Importer, "write", write)
    report = run([record(1), record(2, url="https://factcheck.example.net/bad"), record(3)])
    assert counts(report) == {"imported": 2, "updated": 0, "unchanged": 0, "refused": 1}
    (refused,) = report.notable
    assert (refused.index, refused.reason) == (2, "refused by the database")
    assert "unique constraint" in refused.detail
    assert Review.objects.count() == 2 and Claim.objects.count() == 2


def test_the_messy_feed_outcome_of_every_record():
    """Each record of fixtures/claimreview/messy-feed.json is imported or refused as expected."""
    report = run(json.loads(MESSY_FEED.read_text(encoding="utf-8")))
    refused = {o.index: o.reason for o in report.notable if o.status == interop.REFUSED}
    assert refused == {
        7: "conflicting ratings",
        9: "no author",
        12: "ambiguous date",
        13: "bad date",
        14: "too long",
        15: "wrong type",
        16: "missing url",
        17: "duplicate",
        18: "not a ClaimReview",
        19: "invalid url",
    }
    assert counts(report) == {"imported": 12, "updated": 0, "unchanged": 0, "refused": 10}
    warned = {o.index for o in report.notable if o.warnings}
    assert warned == {8}

    def verdict(n: int) -> Review:
        url = f"https://factcheck.example.net/checks/{n}"
        return Review.objects.select_related("claim", "rating", "reviewer").get(url=url)

    assert verdict(1).rating.slug == "false" and verdict(1).original_rating == "Pants on Fire!"
    assert verdict(2).claim.text == "Vaccines contain microchips & trackers"
    assert verdict(2).headline == 'Vaccines "microchips" claim is false'
    assert (verdict(3).rating.slug, verdict(3).language) == ("false", "es")
    assert verdict(3).published_at == datetime.datetime(2022, 3, 1, 9, tzinfo=datetime.UTC)
    assert (verdict(4).rating.slug, verdict(4).original_rating) == ("mostly-true", "")
    assert verdict(5).rating.slug == interop.UNMAPPED_RATING_SLUG
    assert verdict(6).original_rating == "False / Falso"
    assert not verdict(8).claim.statements.exists()
    assert verdict(10).reviewer.name == "Example Checks"
    assert verdict(11).published_at.date() == datetime.date(2022, 3, 5)
    assert (verdict(20).language, verdict(20).rating.slug) == ("ru", "false")
    assert verdict(21).claim == verdict(1).claim  # same wording, other capitals
    assert verdict(21).reviewer.name == "Other Checks"
    assert verdict(22).claim.text == "Claim number 22 of the messy feed"

    again = run(json.loads(MESSY_FEED.read_text(encoding="utf-8")))
    assert counts(again) == {"imported": 0, "updated": 0, "unchanged": 12, "refused": 10}


def test_the_report_as_a_dict():
    """Counts, refusals by reason, and the refused records with their reasons."""
    report = run([record(1), {"@type": "ClaimReview", "claimReviewed": "x"}])
    data = report.as_dict()
    assert data["imported"] == 1 and data["refused"] == 1 and data["total"] == 2
    assert data["refused_by_reason"] == {"missing url": 1}
    assert data["records"] == [
        {
            "index": 2,
            "status": "refused",
            "url": "",
            "reason": "missing url",
            "detail": "the review has no url to find it by",
        }
    ]


def test_imported_claims_make_their_claimant_and_appearance_public_once_published():
    """COPY bypasses the signals; the import works out who and what is public itself."""
    run([record(1)])
    statement = Statement.objects.select_related("actor", "source").get()
    assert not selectors.public_actors().filter(pk=statement.actor_id).exists()
    run([record(2)], publish=True)
    published = Statement.objects.select_related("actor", "source").get(claim__status="published")
    assert selectors.public_actors().filter(pk=published.actor_id).exists()
    assert selectors.public_sources().filter(pk=published.source_id).exists()
