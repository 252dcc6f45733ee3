"""Prepared statements for the public hot paths on PostgreSQL.

Registration and questionnaire answers are each written in one statement
(events.services.registrations, evaluations.services). PostgreSQL spent
more CPU parsing and planning the registration's statement than running it:
0.85 ms of backend CPU per registration, 0.28 ms once prepared with a
generic plan (measured one connection at a time on the bench database; the
one-row baseline insert costs 0.13-0.17 ms). A prepared statement with a
generic plan is parsed and planned once per connection.

Django's cursors bind parameters on the client and never prepare; this one
binds them on the server, prepares its statement, and is wrapped like any
Django cursor (queries counted and logged, errors translated).
The connection settings (config/settings/base.py) make prepared statements
use a generic plan; only statements run here are prepared.
"""

import functools
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections


@functools.cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True, binary=binary)

    return PreparingCursor


@contextmanager
def prepared_cursor():
    """A cursor whose statements are prepared (PostgreSQL; elsewhere Django's)."""
    # The connection itself, read once, rather than through its proxy.
    db = connections[DEFAULT_DB_ALIAS]
    if db.vendor != "postgresql":
        with db.cursor() as cursor:
            yield cursor
        return
    db.close_if_health_check_failed()
    db.ensure_connection()
    db.validate_thread_sharing()
    with db.wrap_database_errors:
        raw = _preparing_cursor_class()(db.connection)
    wrap = db.make_debug_cursor if db.queries_logged else db.make_cursor
    with wrap(raw) as cursor:
        yield cursor
