"""Covering indexes for the reports (``reports.aggregates``), PostgreSQL only.

The report dashboard groups every application of the selection several
ways. Reading the wide table rows costs most of that time (the grouped
columns sit at the end of 37 columns, after long texts); these indexes
hold just the reported columns, so PostgreSQL answers from the index alone
(an index-only scan, as soon as VACUUM has marked the pages all-visible):

- ``funding_app_report_idx``, ordered by id: grouping by funding line and
  state, and the merge joins with payments, recoveries and proofs of use.
- ``funding_app_report_org_idx``, ordered by organisation and decision
  date: grouping by organisation, each organisation's first grant, the
  processing-time percentiles and the monthly counts.
- ``funding_proof_report_idx``, the submitted proofs of use by application
  with their participants: the merge join for the participants reached.

SQLite (development and tests) has no covering indexes and needs none; as
with the trigram indexes of 0003, Django's model state does not list them
(a covering ``models.Index`` would make every ``migrate`` on SQLite warn,
models.W040).
"""

from django.db import migrations

REPORT_INDEXES = [
    (
        "funding_app_report_idx",
        'funding_application (id) INCLUDE (line_id, state, organisation_id, call_id, requested_amount, '
        'approved_amount, submitted_at)',
    ),
    (
        "funding_app_report_org_idx",
        'funding_application (organisation_id, decided_at) INCLUDE (state, requested_amount, approved_amount, '
        'call_id, line_id, submitted_at)',
    ),
    (
        "funding_proof_report_idx",
        "funding_proofofuse (application_id) INCLUDE (participants_reached) WHERE submitted_at IS NOT NULL",
    ),
]


def create_report_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, definition in REPORT_INDEXES:
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON {definition}')


def drop_report_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _definition in REPORT_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0003_staff_workspace"),
    ]

    operations = [
        migrations.RunPython(create_report_indexes, drop_report_indexes),
    ]
