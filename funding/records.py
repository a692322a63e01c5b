"""Append-only records: the transition log and the change history.

A migration (funding 0010_append_only_records) installs triggers that refuse
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
    "funding_historicalhearing",
    "funding_historicalrepayment",
    "funding_historicalpaymentrun",
    "funding_historicalamendment",
    "applicants_historicalorganisation",
    "applicants_historicalmembership",
    "applicants_historicalcoapplicant",
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


def install_append_only_triggers(schema_editor, tables):
    """Migrations: refuses UPDATE and DELETE (and TRUNCATE on PostgreSQL) on ``tables``.

    On PostgreSQL through the function ``mso_append_only()`` that funding 0010
    installs; on SQLite through triggers that ``ensure_sqlite_triggers``
    also puts back after every migrate (SQLite drops a table's triggers when a
    later migration rebuilds the table).
    """
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for table in tables:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION mso_append_only()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION mso_append_only()"
            )
    elif connection.vendor == "sqlite":
        install_sqlite_triggers(connection, tables)


def remove_append_only_triggers(schema_editor, tables):
    """Migrations, backwards: the triggers of ``install_append_only_triggers`` go again."""
    connection = schema_editor.connection
    for table in tables:
        if connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        elif connection.vendor == "sqlite":
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")


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
        _set_switch(connection, "on", local=not session)
        connection.mso_records_unlocked = True
        try:
            yield
        finally:
            connection.mso_records_unlocked = False
        # Reached only without an error; after one, rolling back the
        # transaction (or its savepoint) also takes back the switch.
        _set_switch(connection, "off", local=not session)


def _set_switch(connection, value, *, local):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, %s, %s)", [SETTING, value, local])


# Who a change-history row names (django-simple-history's ``get_user``).
# A service run outside a request (a task, the shell) still names the person
# the record itself says acted.
ACTOR_FIELDS = ("recorded_by", "decided_by", "claimed_by", "requested_by", "created_by")


def record_actor(instance, request=None, **kwargs):
    """The signed-in user of the request, else the record's own actor field."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return user
    for name in ACTOR_FIELDS:
        actor = getattr(instance, name, None) if hasattr(instance, f"{name}_id") else None
        if actor is not None:
            return actor
    return None
