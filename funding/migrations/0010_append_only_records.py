"""The transition log and the change history become append-only.

Triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL) for every
database role unless the transaction set the switch that only the retention
service and ``flush`` set (see funding/records.py). The table list is
written out here on purpose: a migration must not change when code does.
"""

from django.db import migrations

TABLES = (
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

PG_FUNCTION = """
CREATE OR REPLACE FUNCTION mso_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF coalesce(current_setting('mso.records_unlocked', true), '') = 'on' THEN
        IF TG_LEVEL = 'STATEMENT' THEN RETURN NULL; END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'mso: % on % refused: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
"""


def _install(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)  # the body has % placeholders of its own
        for table in TABLES:
            schema_editor.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION mso_append_only()"
            )
            schema_editor.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION mso_append_only()"
            )
    elif connection.vendor == "sqlite":
        # Also run after every migrate: SQLite drops a table's triggers when a
        # later migration rebuilds the table.
        from funding.records import install_sqlite_triggers

        install_sqlite_triggers(connection, TABLES)


def _remove(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS mso_append_only()")
    elif connection.vendor == "sqlite":
        for table in TABLES:
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0009_records_protection_and_history"),
        ("applicants", "0006_records_protection_history_bank_details"),
        ("django_fsm_log", "0005_description_null"),
    ]

    operations = [migrations.RunPython(_install, _remove)]
