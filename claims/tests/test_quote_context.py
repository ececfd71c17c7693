"""Statements keep the source's words around their quote, kept by PostgreSQL (migration
0019), and claim pages show them from there.

Whatever writes the statement or its source's text (the ORM, re-anchoring after a
correction, a queryset update, a bulk load that inserts a source after its statements),
the stored slice must be what slicing the source's text now gives, or a page would show
words the source no longer has.
"""

from __future__ import annotations

import pytest
from django.db import connection

from claims import claim_page_rows, selectors, services
from claims.models import Source, Statement
from claims.models.anchors import AnchorStatus
from claims.tests.factories import ActorFactory, ClaimFactory, SourceFactory, statement_in

pytestmark = pytest.mark.django_db

CHARS = claim_page_rows.CONTEXT_CHARS
# Characters of two, three and four bytes before the quote: PostgreSQL slices by
# characters, as Python does, not by bytes.
LEAD = "Déclaration — « vérité » 🙂 " * 12
QUOTE = "the troops are withdrawing"


def stored(statement: Statement) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT quote_context FROM claims_statement WHERE id = %s", [statement.pk])
        return cursor.fetchone()[0]


def sliced(statement: Statement) -> str:
    """What the page shows around the quote, sliced from the source's text as it is now:
    CONTEXT_CHARS before, the quote, CONTEXT_CHARS after and one more character."""
    statement.refresh_from_db()
    text = Source.objects.get(pk=statement.source_id).text
    return text[max(statement.start - CHARS, 0) : statement.end + CHARS + 1]


def long_source(**kwargs) -> Source:
    return SourceFactory(text=f"{LEAD}They said {QUOTE}, and then. " + "Later. " * 40, **kwargs)


def test_a_new_statement_keeps_the_words_around_its_quote():
    statement = statement_in(long_source(), QUOTE)
    assert stored(statement) == sliced(statement)
    assert QUOTE in stored(statement) and "🙂" in stored(statement)
    short = statement_in(SourceFactory(text=f"Yes: {QUOTE}."), QUOTE)  # near the start
    assert stored(short) == f"Yes: {QUOTE}."


def test_a_statement_moved_to_another_source_or_place_takes_the_new_words():
    statement = statement_in(long_source(), QUOTE)
    other = SourceFactory(text=f"Elsewhere, much shorter: {QUOTE}!")
    statement.source, statement.start, statement.end = other, 25, 25 + len(QUOTE)
    statement.save()
    assert stored(statement) == sliced(statement) == f"Elsewhere, much shorter: {QUOTE}!"


def test_an_edit_that_leaves_the_quote_in_place_does_not_slice_the_source_again():
    """Django's save() sets every column: the trigger must look at what changed (migration
    0020), or every note or stance edited slices the whole text again. A kept slice that
    differs from the text's shows whether it was recomputed."""
    statement = statement_in(long_source(), QUOTE)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_statement SET quote_context = 'marker' WHERE id = %s", [statement.pk]
        )
    statement.note = "Said twice that day."
    statement.save()
    assert stored(statement) == "marker"

    statement.exact = "the troops"  # the quote shortened: its words are taken again
    statement.end = statement.start + len(statement.exact)
    statement.save()
    assert stored(statement) == sliced(statement)


def test_a_corrected_source_text_gives_its_quotes_the_new_words():
    """Re-anchored after a correction, or the text changed by a queryset update that no
    application code sees: the stored words follow."""
    source = long_source()
    statement = statement_in(source, QUOTE)
    start = statement.start
    services.source_update_text(source=source, text=f"A new first line. {source.text}")
    assert stored(statement) == sliced(statement)
    assert statement.start == start + len("A new first line. ")  # it moved with the text

    unchanged_offsets = source.text.replace("and then", "and THEN")
    Source.objects.filter(pk=source.pk).update(text=unchanged_offsets)
    assert stored(statement) == sliced(statement)
    assert "and THEN" in stored(statement)


def test_an_unanchored_statement_keeps_nothing():
    statement = Statement.objects.create(
        claim=ClaimFactory(),
        actor=ActorFactory(),
        source=SourceFactory(url="https://social.example.com/p/9", text="", url_only=True),
        anchor_status=AnchorStatus.UNANCHORED,
    )
    assert stored(statement) is None


def test_a_source_loaded_after_its_statements_gives_them_their_words():
    """A bulk load writes statements before their source, the foreign keys deferred until
    commit (as the ClaimReview import and the synthetic archive may)."""
    source = long_source()
    statement = statement_in(source, QUOTE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('claims_source', 'id'))")
        (later,) = cursor.fetchone()
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(
            "UPDATE claims_statement SET source_id = %s WHERE id = %s", [later, statement.pk]
        )
    assert stored(statement) is None  # its source is not there yet
    SourceFactory(id=later, text=source.text)
    assert stored(statement) == sliced(statement)


def test_the_claim_page_shows_the_kept_words():
    """The page reads the kept slice, not the source's text (what makes it fast), so the
    triggers above are what keep it right; where no slice is kept it slices the text."""
    claim = ClaimFactory(published=True)
    statement = statement_in(long_source(), QUOTE, claim=claim)
    (shown,) = selectors.public_claim_page(slug=claim.slug).statements
    assert shown.before.endswith("They said ") and shown.after.startswith(", and then.")

    with connection.cursor() as cursor:
        kept = stored(statement).replace("They said", "They told")  # as long
        cursor.execute(
            "UPDATE claims_statement SET quote_context = %s WHERE id = %s", [kept, statement.pk]
        )
    (shown,) = selectors.public_claim_page(slug=claim.slug).statements
    assert shown.before.endswith("They told ")

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE claims_statement SET quote_context = NULL WHERE id = %s", [statement.pk]
        )
    (shown,) = selectors.public_claim_page(slug=claim.slug).statements
    assert shown.before.endswith("They said ") and shown.after.startswith(", and then.")
