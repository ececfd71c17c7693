"""Importing documents as sources: check (duplicate?) then do (add)."""

import datetime

import pytest

from claims import ingestion
from claims.models import Source
from claims.tests import factories

ARTICLE = (
    "The White House said late Sunday that President Joe Biden has agreed to meet with Russian "
    "President Vladimir Putin in the coming days under the condition that Russia refrains from "
    "launching an invasion of Ukraine. “We are ready,” an official said."
)


@pytest.mark.django_db
def test_pasted_text_is_added_with_the_metadata_given():
    """Pasted text becomes a source with the editor's title, publisher, URL and date."""
    result = ingestion.source_import_text(
        text=ARTICLE,
        title="Biden agrees to meet Putin",
        publisher="HNGN",
        url="https://hngn.example/biden",
        published_on=datetime.date(2022, 2, 21),
    )

    assert result.status == ingestion.ADDED
    source = Source.objects.get()
    assert (source.title, source.publisher, source.date_precision) == (
        "Biden agrees to meet Putin",
        "HNGN",
        "exact",
    )
    assert source.slug == "biden-agrees-to-meet-putin"


@pytest.mark.django_db
def test_a_text_differing_only_in_quotes_and_spacing_is_a_duplicate():
    """Straight quotes and re-wrapped lines do not make a second source."""
    first = ingestion.source_import_text(text=ARTICLE, title="One")
    copy = ARTICLE.replace("“", '"').replace("”", '"').replace(" that ", "\nthat ")

    second = ingestion.source_import_text(text=copy, title="Two")

    assert second.status == ingestion.DUPLICATE
    assert second.source == first.source
    assert Source.objects.count() == 1


@pytest.mark.django_db
def test_a_different_text_is_not_a_duplicate():
    """One changed word is another article."""
    ingestion.source_import_text(text=ARTICLE, title="One")

    result = ingestion.source_import_text(text=ARTICLE.replace("Sunday", "Monday"), title="Two")

    assert result.status == ingestion.ADDED
    assert Source.objects.count() == 2


@pytest.mark.django_db
def test_titles_get_unique_slugs():
    """Two articles with one title get distinct slugs."""
    factories.SourceFactory(title="Biden agrees", slug="biden-agrees")

    result = ingestion.source_import_text(text=ARTICLE, title="Biden agrees")

    assert result.source.slug == "biden-agrees-2"


@pytest.mark.django_db
def test_too_short_text_is_refused_with_the_reason():
    """A refusal is a result with its reason, not an exception."""
    result = ingestion.source_import_text(text="Too short.")

    assert result.status == ingestion.REFUSED
    assert "too short" in result.reason
