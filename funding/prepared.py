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
"""

import copy

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils.translation import get_language

# Far from any real id or small number in a query, inside every integer column's range.
_MARKER_BASE = 1_987_654_300
_PREPARED = {}


def markers(*names):
    """{name: marker number} to build a queryset with."""
    return {name: _MARKER_BASE + number for number, name in enumerate(names)}


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
        self.slots = {}
        for name, marker in marks.items():
            # On PostgreSQL the ORM wraps some integers in psycopg's Int4/Int8 (int subclasses): compared as ints, kept as typed.
            self.slots[name] = [index for index, param in enumerate(self.params)
                                if isinstance(param, int) and not isinstance(param, bool) and param == marker]
            if self.sql is not None and not self.slots[name]:
                raise ValueError(f"{name} does not appear among the parameters of the query")

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
        compiler.connection = connections[self.alias]  # this thread's connection
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
