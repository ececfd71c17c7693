"""A cursor whose statements PostgreSQL plans once per connection, not on every run.

Planning costs 0.5-2 ms for a statement over the claims table, with its seven indexes:
more than running the hot statements that read a page (``claims.claim_page_rows``) or
open a search's windows (``claims.search``). Django never prepares a statement, so
those few ask for it through this cursor.
"""

from __future__ import annotations

import psycopg
from django.db import connections
from django.db.backends.utils import CursorDebugWrapper, CursorWrapper


class _Prepared(psycopg.Cursor):
    """A server-side-binding cursor that asks for every statement it runs to be prepared.

    Django's own cursors bind on the client and never prepare. A statement run
    through this one is prepared on its connection's first run, then executed
    without planning. With ``DATABASE_PREPARED_STATEMENTS=0``
    (``claimtrack.settings.base.prepared_statements``) psycopg ignores the
    request and plans it every time.
    """

    def execute(self, query, params=None, *, prepare=None, binary=None):
        return super().execute(query, params, prepare=True, binary=binary)


class _Logged(CursorDebugWrapper):
    """Django's query log for the preparing cursor, with the statement as written:
    psycopg keeps no text of a prepared execution for Django to read back."""

    def execute(self, sql, params=None):
        with self.debug_sql(sql, params):
            return CursorWrapper.execute(self, sql, params)


def prepared_cursor(using: str):
    """A preparing cursor on Django's connection ``using``, counted and logged as Django's
    own are (``django_assert_max_num_queries`` sees it; errors become Django's)."""
    connection = connections[using]
    # As Django's own cursor() does: a kept connection that fails its health check (the
    # server restarted) is replaced here, not found broken by the query.
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    cursor = _Prepared(connection.connection)
    if connection.queries_logged:
        return _Logged(cursor, connection)
    return connection.make_cursor(cursor)
