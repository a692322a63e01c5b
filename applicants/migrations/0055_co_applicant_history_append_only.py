"""The change history of partner organisations is append-only like the other histories (funding.records)."""

from django.db import migrations

TABLES = ("applicants_historicalcoapplicant",)


def install_triggers(apps, schema_editor):
    from funding.records import install_append_only_triggers

    install_append_only_triggers(schema_editor, TABLES)


def remove_triggers(apps, schema_editor):
    from funding.records import remove_append_only_triggers

    remove_append_only_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("applicants", "0050_co_applicants"), ("funding", "0010_append_only_records")]

    operations = [migrations.RunPython(install_triggers, remove_triggers)]
