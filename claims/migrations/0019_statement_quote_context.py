"""Each statement carries the source's words around its quote, kept by PostgreSQL, for
claim pages.

A claim page shows every statement's quote with up to 160 characters of the source on
each side (``claims.claim_page_rows``). Sliced from the source's text as the page is
built, each ``substr()`` decompressed the text and walked it character by character
from its start up to the quote: the bench's claims (7.6 statements each, quoted from
sources of 11,000 characters on average, most quotes half-way in) spent 0.56-0.69 ms of
their page's query on it at a million claims, against 0.13-0.14 ms for the rest of the
statements' part. Stored with the statement, the slice is read like any other column.

The copy is kept by triggers, not by the application, for the reasons of migration
0015: statements and source texts are written by many paths (the admin, the API,
re-anchoring after a correction, the ClaimReview import's and the synthetic archive's
COPY, a queryset update). A statement that is inserted, or whose source or offsets
change, takes its slice of its source's text; a source whose text changes, or that is
inserted after its statements (a bulk load, its foreign keys deferred), gives each of
its statements its slice. Django's model does not know the column, so no save writes a
stale value into it, and the editorial history does not record it. The page falls back
to slicing the text where the column is empty, so a missing copy costs time, never
words. Core PostgreSQL only (PL/pgSQL).

The slice is ``claims.claim_page_rows``'s: ``CONTEXT_CHARS`` (160) before the quote,
the quote, 160 after it and one more character, which tells the page whether the text
goes on. A test holds the two to the same answer.

The SQL is written out here, so that this migration keeps meaning what it meant.
"""

from django.db import migrations

# The slice of ``text`` for a quote at [start, end): as claims.claim_page_rows computes it.
SLICE = (
    "substr({text}, greatest({s}.start - 159, 1),"
    ' least({s}.start, 160) + ({s}."end" - {s}.start) + 161)'
)

ADD = f"""
ALTER TABLE claims_statement ADD COLUMN quote_context text;

UPDATE claims_statement s SET quote_context = {SLICE.format(text="o.text", s="s")}
FROM claims_source o WHERE o.id = s.source_id AND s.start IS NOT NULL;

CREATE FUNCTION claims_statement_take_quote_context() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    -- No source yet (a bulk load, its foreign keys deferred): NULL until the source's
    -- insert gives it. Unanchored (no offsets): nothing to show.
    SELECT {SLICE.format(text="o.text", s="NEW")} INTO NEW.quote_context
    FROM claims_source o WHERE o.id = NEW.source_id AND NEW.start IS NOT NULL;
    RETURN NEW;
END
$$;

CREATE TRIGGER statement_take_quote_context
BEFORE INSERT OR UPDATE OF source_id, start, "end" ON claims_statement
FOR EACH ROW EXECUTE FUNCTION claims_statement_take_quote_context();

CREATE FUNCTION claims_source_give_quote_context() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_statement s SET quote_context = {SLICE.format(text="NEW.text", s="s")}
    WHERE s.source_id = NEW.id AND s.start IS NOT NULL;
    RETURN NULL;
END
$$;

CREATE TRIGGER source_give_quote_context_inserted
AFTER INSERT ON claims_source
FOR EACH ROW EXECUTE FUNCTION claims_source_give_quote_context();

CREATE TRIGGER source_give_quote_context_updated
AFTER UPDATE OF text ON claims_source
FOR EACH ROW WHEN (OLD.text IS DISTINCT FROM NEW.text)
EXECUTE FUNCTION claims_source_give_quote_context();
"""  # noqa: S608

REMOVE = """
DROP TRIGGER source_give_quote_context_updated ON claims_source;
DROP TRIGGER source_give_quote_context_inserted ON claims_source;
DROP FUNCTION claims_source_give_quote_context();
DROP TRIGGER statement_take_quote_context ON claims_statement;
DROP FUNCTION claims_statement_take_quote_context();
ALTER TABLE claims_statement DROP COLUMN quote_context;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0018_statement_denial_claim")]

    operations = [migrations.RunSQL(ADD, REMOVE)]
