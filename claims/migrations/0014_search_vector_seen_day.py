"""Each claim's search document also holds the day it was last seen (``claims.search_dates``).

The day's lexemes are appended to the documents already there, not recomputed
with the rest of them: they are current otherwise, and appending is one pass
over the table (about 4 minutes for a million claims). The SQL is written out
here, not imported, so that this migration keeps meaning what it meant if the
lexemes' spelling changes.
"""

from django.db import migrations

ADD = """
UPDATE claims_claim
SET search_vector = search_vector || (
    SELECT array_to_tsvector(array_agg('seen ' || left(k, n)))
    FROM to_char(last_seen, 'YYYYMMDD') AS k, generate_series(1, 8) AS n
)
WHERE last_seen IS NOT NULL AND search_vector IS NOT NULL
"""

REMOVE = """
UPDATE claims_claim
SET search_vector = ts_delete(search_vector, (
    SELECT array_agg('seen ' || left(k, n))
    FROM to_char(last_seen, 'YYYYMMDD') AS k, generate_series(1, 8) AS n
))
WHERE last_seen IS NOT NULL AND search_vector IS NOT NULL
"""


class Migration(migrations.Migration):
    dependencies = [("claims", "0013_publicity")]

    operations = [migrations.RunSQL(ADD, REMOVE)]
