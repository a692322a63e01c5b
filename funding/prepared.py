"""Querysets compiled once per process and run again with other values.

Building and compiling a big queryset (``select_related`` over a dozen
tables, an ``EXISTS`` per part of the file, JSON objects of every column of
six history tables) costs the ORM several milliseconds per request, and it
is the same work every time: only a few values differ (the application's
id, the viewer's id). ``rows(key, build, values)`` builds the queryset once
per ``key`` with marker numbers in place of ``values``, keeps Django's
compiler and SQL, and later runs that SQL with the real values in the
markers' places. The rows become objects through the queryset's own
iterable (model instances with their ``select_related`` objects and
annotations, or ``values_list`` tuples) and Django's converters, exactly as
an ordinary evaluation of the queryset would return them.

``key`` must name everything the SQL's shape depends on besides ``values``
(the caller adds the user's authorities, for instance); the database alias
and the active language are added here. Values must be integers (ids).

On PostgreSQL the SQL also runs as a server-side prepared statement
(psycopg's ``prepare=True``, once per connection), so PostgreSQL parses,
analyses and, after five runs, plans it once per connection instead of on
every request: the staff file's query of 225 columns and thirteen
``EXISTS`` cost its backend 3.5 ms per run as text with the values in it,
0.3 ms prepared (docs/performance.md, tenth round). Only these queries are
prepared: Django's own cursors bind on the client and never prepare.
"""

import copy

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import get_language

try:
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID, ServerBindingCursor
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format
except ImportError:  # psycopg not installed: SQLite only
    ServerBindingCursor = None

# Far from any real id or small number in a query, inside every integer column's range.
_MARKER_BASE = 1_987_654_300
_PREPARED = {}


def markers(*names):
    """{name: marker number} to build a queryset with."""
    return {name: _MARKER_BASE + number for number, name in enumerate(names)}


def slots(params, marks):
    """{name: indexes of ``params`` that hold its marker number} for ``marks``; ValueError if one holds none."""
    found = {}
    for name, marker in marks.items():
        # On PostgreSQL the ORM wraps some integers in psycopg's Int4/Int8 (int subclasses): compared as ints, kept as typed.
        found[name] = [index for index, param in enumerate(params)
                       if isinstance(param, int) and not isinstance(param, bool) and param == marker]
        if not found[name]:
            raise ValueError(f"{name} does not appear among the parameters of the query")
    return found


class Prepared:
    """A compiled queryset whose marker parameters are replaced on every run."""

    def __init__(self, queryset, marks):
        self.queryset = queryset
        self.alias = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.alias)
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet:
            self.sql, params = None, ()
        self.params = list(params)
        self.converters = {}  # id(connection): (connection, expressions, converters)
        self.slots = slots(self.params, marks) if self.sql is not None else {name: [] for name in marks}

    def run(self, values):
        """The rows (objects or tuples) of the query with ``values`` in the markers' places."""
        if self.sql is None:
            return []
        params = list(self.params)
        for name, indexes in self.slots.items():
            value = int(values[name])
            for index in indexes:
                params[index] = type(params[index])(value)
        compiler = copy.copy(self.compiler)
        compiler.connection = _preparing(connections[self.alias])  # this thread's connection
        sql, params = self.sql, tuple(params)
        compiler.as_sql = lambda *args, **kwargs: (sql, params)
        compiler.get_converters = self._converters(compiler)
        queryset = self.queryset._chain()
        queryset.query.get_compiler = lambda *args, **kwargs: compiler
        return list(queryset)  # evaluated here: a chained copy would carry the replaced compiler


    def _converters(self, compiler):
        """``compiler.get_converters``, kept per connection: asking every column's field for its converters
        cost the file's query of 225 columns about a millisecond on every run."""
        original = compiler.get_converters

        def get_converters(expressions):
            kept = self.converters.get(id(compiler.connection))
            if (kept is None or kept[0] is not compiler.connection or len(kept[1]) != len(expressions)
                    or any(a is not b for a, b in zip(kept[1], expressions))):
                kept = self.converters[id(compiler.connection)] = (compiler.connection, tuple(expressions),
                                                                   original(expressions))
            return kept[2]

        return get_converters


if ServerBindingCursor is not None:
    class _PreparingCursor(ServerBindingCursor):
        """A cursor binding its values on the server that prepares each query it runs (once per connection)."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            return super().execute(query, params, prepare=True if prepare is None else prepare, binary=binary)

        def _send_query_prepared(self, name, pgq, *, binary=None):
            # psycopg keeps the statement as the last query only when it sends it unprepared; Django's query
            # log (DEBUG, CaptureQueriesContext) reads it from there: the statement, with $1 … for its values.
            super()._send_query_prepared(name, pgq, binary=binary)
            self._query = pgq


class _Preparing:
    """A PostgreSQL connection as the compiler of a ``Prepared`` sees it: its cursors prepare their queries.

    Everything else (operations, features, converters, the query log of
    ``CaptureQueriesContext``) is the connection's own.
    """

    def __init__(self, connection):
        self._connection = connection

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def cursor(self):
        connection = self._connection
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        with connection.wrap_database_errors:
            raw = _PreparingCursor(connection.connection)
            # As Django's create_cursor: the connection's time zone where its loader has another.
            loader = connection.connection.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
            if connection.timezone != loader.timezone:
                register_tzloader(connection.timezone, raw)
            return connection._prepare_cursor(raw)


def _preparing(connection):
    """``connection``, on PostgreSQL wrapped so the query runs prepared; one wrapper per connection, kept
    on it (the kept converters compare the compiler's connection by identity)."""
    if connection.vendor != "postgresql" or ServerBindingCursor is None:
        return connection
    wrapper = connection.__dict__.get("_prepared_statements")
    if wrapper is None:
        wrapper = connection.__dict__["_prepared_statements"] = _Preparing(connection)
    return wrapper


def cursor(using=DEFAULT_DB_ALIAS):
    """A cursor whose queries run as prepared statements on PostgreSQL (once per connection); elsewhere the
    connection's own. For SQL compiled once and run again with other values (``reports.cells``)."""
    return _preparing(connections[using]).cursor()


def rows(key, build, values, using=DEFAULT_DB_ALIAS):
    """The rows of ``build(**markers)`` for ``values`` ({name: int}), compiled once per ``key``."""
    full_key = (using, get_language(), *key, *values)
    prepared = _PREPARED.get(full_key)
    if prepared is None:
        marks = markers(*values)
        prepared = _PREPARED[full_key] = Prepared(build(**marks).using(using), marks)
    return prepared.run(values)


def forget():
    """Drops every compiled query (tests that change the schema's meaning, e.g. override settings)."""
    _PREPARED.clear()


def children(key, parent, build, fk):
    """The rows of ``build(parent)`` (a queryset of a model pointing at ``parent`` by its field ``fk``).

    Compiled once per ``key``; each row gets ``parent`` set on ``fk``, as
    ``parent.<related manager>.all()`` would have done.
    """
    found = rows(key, build, {"parent": parent.pk}, using=parent._state.db or DEFAULT_DB_ALIAS)
    if found:
        field = type(found[0])._meta.get_field(fk)
        for row in found:
            field.set_cached_value(row, parent)
    return found


def prefetched(parent, name, found):
    """Marks ``found`` as ``parent``'s prefetched ``name`` rows: ``parent.<name>.all()`` then reads no query."""
    queryset = getattr(parent, name).all()
    queryset._result_cache, queryset._prefetch_done = list(found), True
    parent.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset
    return queryset
