"""Bulk writes in PostgreSQL's own terms, for imports of many thousands of rows.

``claims.interop`` writes a batch of ClaimReview records with a handful of
round trips whatever its size; these are the pieces it does that with:

* :func:`allocate_pks` draws the primary keys of every new row of a batch
  from the tables' sequences in one query, so that rows can point at each
  other before any is inserted;
* :func:`taken_slugs` tells which candidate slugs are taken, for several
  tables in one query;
* :func:`copy_insert` streams rows with ``COPY`` instead of ``INSERT``;
* :func:`copy_insert_claims` inserts claims with their search document
  computed in the same statement, rather than an ``UPDATE`` of every new row
  afterwards.

Values are passed as arrays (``= ANY(%s)``) rather than one placeholder each:
the query text stays the same whatever the batch size, and the planner sees
one parameter, not five hundred literals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import connection
from django.utils import timezone

#: A temporary table shaped like ``claims_claim``, the stage of :func:`copy_insert_claims`.
CLAIM_STAGE = "claims_claim_import_stage"


class NewRow:
    """A row to create: its column values (by attribute name), the key it was planned
    under, the text its slug is made from, and its primary key once allocated."""

    __slots__ = ("key", "pk", "slug_source", "values")

    def __init__(self, key: str, slug_source: str, **values):
        self.key = key
        self.slug_source = slug_source
        self.values = values
        self.pk: int | None = None


def _sequences(models) -> dict[type, str]:
    """Each model's primary-key sequence, by name, looked up once per connection."""
    known = connection.__dict__.setdefault("_claims_bulk_sequences", {})
    missing = [model for model in models if model not in known]
    if missing:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT " + ", ".join(["pg_get_serial_sequence(%s, %s)"] * len(missing)),
                [value for m in missing for value in (m._meta.db_table, m._meta.pk.column)],
            )
            known.update(zip(missing, cursor.fetchone(), strict=True))
    return known


def allocate_pks(rows_by_model: Mapping[type, Sequence[NewRow]]) -> None:
    """Set the ``pk`` of every row from its table's sequence: one query for all tables
    (and one per connection to learn the sequences' names)."""
    wanted = {model: rows for model, rows in rows_by_model.items() if rows}
    if not wanted:
        return
    sequences = _sequences(wanted)
    order = list(wanted.values())
    sql = " UNION ALL ".join(
        f"SELECT {n}, nextval(%s::regclass) FROM generate_series(1, %s)"  # noqa: S608
        for n in range(len(order))
    )
    params = [value for model, rows in wanted.items() for value in (sequences[model], len(rows))]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    position = [0] * len(order)
    for which, pk in fetched:
        order[which][position[which]].pk = pk
        position[which] += 1


def taken_slugs(candidates_by_model: Mapping[type, set[str]]) -> dict[type, set[str]]:
    """Which of the candidate slugs each model's table already holds: one query."""
    models = [model for model, slugs in candidates_by_model.items() if slugs]
    taken: dict[type, set[str]] = {model: set() for model in candidates_by_model}
    if not models:
        return taken
    quote = connection.ops.quote_name
    # Identifiers only (quoted table names from the models' metadata); values go as data.
    sql = " UNION ALL ".join(
        f"SELECT {n}, slug FROM {quote(model._meta.db_table)} WHERE slug = ANY(%s)"  # noqa: S608
        for n, model in enumerate(models)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [list(candidates_by_model[model]) for model in models])
        for n, slug in cursor.fetchall():
            taken[models[n]].add(slug)
    return taken


def _columns(model, *, exclude: Sequence[str] = ()):
    fields = [
        f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in exclude
    ]
    now = timezone.now()
    defaults = {
        f.attname: now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else f.get_default()
        for f in fields
    }
    return fields, defaults


def copy_insert(
    model, rows: Sequence[NewRow], *, table: str = "", exclude: Sequence[str] = ()
) -> None:
    """Insert ``rows`` with PostgreSQL's COPY, with their allocated ``pk`` or, when
    none has one (rows nothing points at), with keys drawn by the column's default.

    Why not ``bulk_create``: measured on 10,000 records, turning each value into
    SQL in Python (Django's per-field preparation, then psycopg's client-side
    quoting) took most of the import's time; COPY streams the rows in
    PostgreSQL's own format. A column not given takes its field's default
    (``now`` for ``auto_now``/``auto_now_add``); ``exclude`` leaves columns
    out (to the table's own default). Nothing is validated here: the values
    come from the parser, which has checked them against the columns.
    ``table`` copies into another table of the same shape (a stage).
    """
    if not rows:
        return
    meta = model._meta
    fields, defaults = _columns(model, exclude=exclude)
    quote = connection.ops.quote_name
    # Rows without allocated keys (none of them has one) take the column's default.
    keyed = rows[0].pk is not None
    columns = ", ".join(quote(f.column) for f in [*([meta.pk] if keyed else []), *fields])
    pairs = [(f.attname, defaults[f.attname]) for f in fields]
    sql = f"COPY {quote(table or meta.db_table)} ({columns}) FROM STDIN"
    # Identifiers only (quoted names from the model's own metadata); values go as data.
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        write = copy.write_row
        if keyed:
            for row in rows:
                values = row.values
                write([row.pk, *[values.get(name, default) for name, default in pairs]])
        else:
            for row in rows:
                values = row.values
                write([values.get(name, default) for name, default in pairs])


def _search_vector_sql() -> tuple[str, list]:
    """``claims.search``'s expression as SQL over a table aliased ``claims_claim``.

    Compiled by Django from :func:`claims.search.search_vector_expression`
    itself, so that the document of a claim inserted here is, by construction,
    what ``claim_search_refresh`` would compute for it.
    """
    from claims.models import Claim, Review, Statement
    from claims.search import search_vector_expression

    query = Claim.objects.annotate(
        document=search_vector_expression(review_model=Review, statement_model=Statement)
    ).query
    compiler = query.get_compiler(connection=connection)
    sql, params = compiler.compile(query.annotations["document"])
    return sql, list(params)


def copy_insert_claims(rows: Sequence[NewRow]) -> None:
    """Insert new claims with their search document, in one pass.

    The rows are copied into a temporary stage, then moved into ``claims_claim``
    by one ``INSERT ... SELECT`` that computes each one's ``search_vector`` with
    ``claims.search``'s expression: the stage is aliased ``claims_claim`` in
    the SELECT, so the expression's references to the claim's columns read the
    staged row. The claims' verdicts and statements must be inserted *before*
    (foreign keys are checked at the end of the transaction, or at
    ``SET CONSTRAINTS``) for their words to count.

    Why not COPY then ``claim_search_refresh``: that UPDATE writes every new
    claim twice, with every index entry twice, and was a tenth of the import's
    time.
    """
    if not rows:
        return
    from claims.models import Claim

    quote = connection.ops.quote_name
    meta = Claim._meta
    with connection.cursor() as cursor:
        # ON COMMIT DROP: nothing is left behind, not even across a pooler's sessions.
        cursor.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {CLAIM_STAGE} "
            f"(LIKE {quote(meta.db_table)} INCLUDING DEFAULTS) ON COMMIT DROP"
        )
    copy_insert(Claim, rows, table=CLAIM_STAGE, exclude=("search_vector",))
    fields, _ = _columns(Claim, exclude=("search_vector",))
    columns = ", ".join(quote(f.column) for f in [meta.pk, *fields])
    document, params = _search_vector_sql()
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH staged AS (DELETE FROM {CLAIM_STAGE} RETURNING *) "  # noqa: S608
            f"INSERT INTO {quote(meta.db_table)} ({columns}, {quote('search_vector')}) "
            f"SELECT {columns}, {document} FROM staged AS {quote(meta.db_table)}",
            params,
        )
