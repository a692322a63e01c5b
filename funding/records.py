"""Append-only records: the transition log and the change history.

A migration (funding 0008_append_only_records) installs triggers that refuse
UPDATE, DELETE and (on PostgreSQL) TRUNCATE on these tables for every
database role. Only two pieces of code lift the guard, inside their own
transaction: the retention service, which must erase personal data after
the retention period, and ``manage.py flush`` (empties a whole database, as
the test suite does between tests).

How the guard is lifted:
- PostgreSQL: the session variable ``mso.records_unlocked = 'on'``, set with
  ``set_config(..., true)`` so that it ends with the transaction.
- SQLite: the SQL function ``mso_records_unlocked()``, registered on every
  connection, returns 1 only while ``records_unlocked()`` is active.
"""

from contextlib import contextmanager

from django.db import connections, transaction

APPEND_ONLY_TABLES = (
    "django_fsm_log_statelog",
    "funding_historicalapplication",
    "funding_historicalcostline",
    "funding_historicaldecision",
    "funding_historicaldrawdown",
    "funding_historicalpayment",
    "funding_historicalrecovery",
    "applicants_historicalorganisation",
    "applicants_historicalmembership",
)
SETTING = "mso.records_unlocked"


def register_sqlite_function(sender, connection, **kwargs):
    """connection_created receiver: the SQLite triggers ask this function."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "mso_records_unlocked", 0, lambda: int(getattr(connection, "mso_records_unlocked", False)),
            deterministic=False,
        )


def install_sqlite_triggers(connection, tables=APPEND_ONLY_TABLES):
    """Creates the SQLite triggers where they are missing (idempotent)."""
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for table in tables:
            if table not in existing:
                continue
            for operation in ("UPDATE", "DELETE"):
                cursor.execute(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation.lower()} BEFORE {operation} ON {table} "
                    f"WHEN NOT mso_records_unlocked() BEGIN "
                    f"SELECT RAISE(ABORT, 'mso: {operation} on {table} refused: the table is append-only'); END"
                )


def ensure_sqlite_triggers(sender, using="default", **kwargs):
    """post_migrate receiver: SQLite loses triggers when a migration rebuilds a table."""
    connection = connections[using]
    if connection.vendor == "sqlite":
        install_sqlite_triggers(connection)


@contextmanager
def records_unlocked(using="default", *, session=False):
    """Lets the code inside change or delete rows of the append-only tables.

    For the retention service only (and ``flush``). Runs in a transaction;
    on PostgreSQL the switch is transaction-local unless ``session`` is set.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', %s)", [SETTING, not session])
        connection.mso_records_unlocked = True
        try:
            yield
        finally:
            connection.mso_records_unlocked = False
            if connection.vendor == "postgresql" and session and not connection.needs_rollback:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT set_config(%s, 'off', false)", [SETTING])
