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
    from funding.records import install_append_only_triggers

    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)  # the body has % placeholders of its own
    install_append_only_triggers(schema_editor, TABLES)


def _remove(apps, schema_editor):
    from funding.records import remove_append_only_triggers

    remove_append_only_triggers(schema_editor, TABLES)
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS mso_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("funding", "0009_records_protection_and_history"),
        ("applicants", "0006_records_protection_history_bank_details"),
        ("django_fsm_log", "0005_description_null"),
    ]

    operations = [migrations.RunPython(_install, _remove)]
