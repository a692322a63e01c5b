"""The database sessions are configured as docs/decisions.md says."""

from django.db import connection


def test_sessions_are_configured_for_the_engine(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # No JIT: the exports' queries pass its cost threshold and were compiled anew on every export.
            cursor.execute("SHOW jit")
            assert cursor.fetchone()[0] == "off"
        else:
            # SQLite: busy writers wait for the lock instead of failing at once.
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 30000
