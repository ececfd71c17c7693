"""Each statement carries its claim's ``last_seen``, kept by PostgreSQL, for actors' pages.

An actor's page lists the published claims they voiced, most recently seen first
(``selectors.actor_claims``). With the date on the claim only, PostgreSQL either
walks every claim by date probing each for the actor's statements, or reads all
of the actor's statements and their claims to sort them: for an actor quoted a
few thousand times, 5 ms on average at a million claims and up to 48 ms,
growing with the archive. Copied onto the statement, with an index on
``(actor_id, claim_last_seen DESC NULLS LAST, claim_id)``, a page is the walk of
that index for its twenty claims, whatever the actor's or the archive's size.

The copy is kept by triggers, not by the application, because statements and
claims' dates are written by many paths (the admin, the API, extraction, the
ClaimReview import's COPY, the synthetic archive's): a new or moved statement
takes its claim's date; a claim whose ``last_seen`` is set or changes passes it
to its statements (the bulk loaders insert a claim after its statements, their
foreign keys deferred). Django's model does not know the column, so no
save writes a stale value into it, and the editorial history does not record it.
Core PostgreSQL only (PL/pgSQL).

The SQL is written out here, so that this migration keeps meaning what it meant.
"""

from django.db import migrations

ADD = """
ALTER TABLE claims_statement ADD COLUMN claim_last_seen date;

UPDATE claims_statement s SET claim_last_seen = c.last_seen
FROM claims_claim c WHERE c.id = s.claim_id AND c.last_seen IS NOT NULL;

CREATE INDEX statement_actor_claim_seen
ON claims_statement (actor_id, claim_last_seen DESC NULLS LAST, claim_id);

CREATE FUNCTION claims_statement_take_claim_last_seen() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    seen date;
BEGIN
    SELECT c.last_seen INTO seen FROM claims_claim c WHERE c.id = NEW.claim_id;
    -- A claim not there yet (a bulk load, its foreign keys deferred) passes its date on
    -- when it is inserted; until then the loader's own value, if it gave one, stands.
    IF FOUND THEN
        NEW.claim_last_seen := seen;
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER statement_take_claim_last_seen
BEFORE INSERT OR UPDATE OF claim_id ON claims_statement
FOR EACH ROW EXECUTE FUNCTION claims_statement_take_claim_last_seen();

CREATE FUNCTION claims_claim_give_last_seen() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    UPDATE claims_statement SET claim_last_seen = NEW.last_seen
    WHERE claim_id = NEW.id AND claim_last_seen IS DISTINCT FROM NEW.last_seen;
    RETURN NULL;
END
$$;

CREATE TRIGGER claim_give_last_seen_inserted
AFTER INSERT ON claims_claim
FOR EACH ROW WHEN (NEW.last_seen IS NOT NULL)
EXECUTE FUNCTION claims_claim_give_last_seen();

CREATE TRIGGER claim_give_last_seen_updated
AFTER UPDATE OF last_seen ON claims_claim
FOR EACH ROW WHEN (OLD.last_seen IS DISTINCT FROM NEW.last_seen)
EXECUTE FUNCTION claims_claim_give_last_seen();
"""

REMOVE = """
DROP TRIGGER claim_give_last_seen_updated ON claims_claim;
DROP TRIGGER claim_give_last_seen_inserted ON claims_claim;
DROP FUNCTION claims_claim_give_last_seen();
DROP TRIGGER statement_take_claim_last_seen ON claims_statement;
DROP FUNCTION claims_statement_take_claim_last_seen();
ALTER TABLE claims_statement DROP COLUMN claim_last_seen;
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0014_search_vector_seen_day")]

    operations = [migrations.RunSQL(ADD, REMOVE)]
