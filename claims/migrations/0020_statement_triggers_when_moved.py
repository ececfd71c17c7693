"""A statement's copies of other rows are taken again only when what they copy changes.

Migrations 0015 and 0019 gave each statement its claim's ``last_seen`` and its source's
words around the quote, each taken by a trigger on ``UPDATE OF`` the columns it
depends on. Django's ``save()`` sets every column, so both fired on every save: an
editor's change of a statement's note or stance read the claim again and sliced the
source's text again (0.25 ms warm for a quote 58,000 characters into its source, 2 ms
for one deep in a long transcript), for the same values. Now the update triggers fire
only when the claim, or the source or the offsets, differ from the row's. Inserts keep
the triggers they had; the functions are 0015's and 0019's.

The SQL is written out here, so that this migration keeps meaning what it meant.
"""

from django.db import migrations

SPLIT = """
DROP TRIGGER statement_take_claim_last_seen ON claims_statement;
DROP TRIGGER statement_take_quote_context ON claims_statement;

CREATE TRIGGER statement_take_claim_last_seen_inserted
BEFORE INSERT ON claims_statement
FOR EACH ROW EXECUTE FUNCTION claims_statement_take_claim_last_seen();

CREATE TRIGGER statement_take_claim_last_seen_moved
BEFORE UPDATE ON claims_statement
FOR EACH ROW WHEN (OLD.claim_id IS DISTINCT FROM NEW.claim_id)
EXECUTE FUNCTION claims_statement_take_claim_last_seen();

CREATE TRIGGER statement_take_quote_context_inserted
BEFORE INSERT ON claims_statement
FOR EACH ROW EXECUTE FUNCTION claims_statement_take_quote_context();

CREATE TRIGGER statement_take_quote_context_moved
BEFORE UPDATE ON claims_statement
FOR EACH ROW WHEN (
    OLD.source_id IS DISTINCT FROM NEW.source_id
    OR OLD.start IS DISTINCT FROM NEW.start
    OR OLD."end" IS DISTINCT FROM NEW."end"
)
EXECUTE FUNCTION claims_statement_take_quote_context();
"""

JOIN = """
DROP TRIGGER statement_take_quote_context_moved ON claims_statement;
DROP TRIGGER statement_take_quote_context_inserted ON claims_statement;
DROP TRIGGER statement_take_claim_last_seen_moved ON claims_statement;
DROP TRIGGER statement_take_claim_last_seen_inserted ON claims_statement;

CREATE TRIGGER statement_take_claim_last_seen
BEFORE INSERT OR UPDATE OF claim_id ON claims_statement
FOR EACH ROW EXECUTE FUNCTION claims_statement_take_claim_last_seen();

CREATE TRIGGER statement_take_quote_context
BEFORE INSERT OR UPDATE OF source_id, start, "end" ON claims_statement
FOR EACH ROW EXECUTE FUNCTION claims_statement_take_quote_context();
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0019_statement_quote_context")]

    operations = [migrations.RunSQL(SPLIT, JOIN)]
