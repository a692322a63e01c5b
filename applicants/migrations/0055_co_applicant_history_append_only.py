"""The change history of partner organisations is append-only like the other histories (funding.records)."""

from django.db import migrations

TABLES = ("applicants_historicalcoapplicant",)


def install_triggers(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "postgresql":
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
        from funding.records import install_sqlite_triggers

        install_sqlite_triggers(connection, TABLES)


def remove_triggers(apps, schema_editor):
    connection = schema_editor.connection
    for table in TABLES:
        if connection.vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
        elif connection.vendor == "sqlite":
            for operation in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{operation}")


class Migration(migrations.Migration):
    dependencies = [("applicants", "0050_co_applicants"), ("funding", "0010_append_only_records")]

    operations = [migrations.RunPython(install_triggers, remove_triggers)]
