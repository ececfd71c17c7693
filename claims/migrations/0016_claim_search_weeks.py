"""A second full-text index: each claim's words, spelled with the week it was last seen.

The search looks for its most recently seen matches in windows of recent claims
(``claims.search.ranking_candidate_ids``). Asked of the claims' one GIN index, a
window is the reader's words intersected with the window's days
(``claims.search_dates``): PostgreSQL then decodes the word's whole list of
claims, which grows with the archive. "support" is in 42,000 claims of a
million, and decoding them was 7.6 ms of an 11 ms query whose window held 1,764
matches.

This index holds each claim's lexemes prefixed with the claim's week
(``2817 support``; weeks counted from Monday 1970-01-05) and the bare week
(``2817``). A window of weeks is then one small list per week and word, whose
length is the matches in the window, whatever the archive's size
(``claims.search_weeks``). It is an expression index, not a column: the table
does not grow, and whatever writes a claim's search document or its
``last_seen`` (the admin, the API, the bulk loaders' COPY) keeps it current.
Core PostgreSQL only.

Built concurrently, so that a deployed archive stays writable meanwhile: about
two and a half minutes for a million claims (docs/DEPLOYMENT.md). The SQL is
written out here, so that this migration keeps meaning what it meant.
"""

from django.db import migrations

FUNCTION = """
CREATE FUNCTION claims_search_weeks(doc tsvector, day date) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN day IS NULL THEN ''::tsvector ELSE array_to_tsvector(
    ARRAY(SELECT week || ' ' || lexeme FROM unnest(tsvector_to_array(doc)) AS lexeme
          WHERE left(lexeme, 5) <> 'seen ') || week)
  END
  FROM (SELECT floor((day - DATE '1970-01-05') / 7.0)::int::text AS week) AS weeks
$$;
"""

INDEX = """
CREATE INDEX CONCURRENTLY claim_search_weeks
ON claims_claim USING gin (claims_search_weeks(search_vector, last_seen));
"""


class Migration(migrations.Migration):
    # CREATE INDEX CONCURRENTLY cannot run inside a transaction.
    atomic = False

    dependencies = [("claims", "0015_statement_claim_last_seen")]

    operations = [
        migrations.RunSQL(FUNCTION, "DROP FUNCTION claims_search_weeks(tsvector, date);"),
        migrations.RunSQL(INDEX, "DROP INDEX CONCURRENTLY claim_search_weeks;"),
        # The planner's estimates for the index's lexemes come from the statistics
        # ANALYZE gathers for an expression index.
        migrations.RunSQL("ANALYZE claims_claim;", migrations.RunSQL.noop),
    ]
