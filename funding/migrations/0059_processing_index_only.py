"""The processing-time indexes (PostgreSQL) carry the columns the percentiles read: index-only scans.

``reports.cells.kept_percentiles`` reads the applications of the day the
kept histogram names, in the order of the processing time, up to the
percentile's position within that day: a few hundred index entries at
100,000 applications, ten times as many as at 10,000. With only the
processing time in the index every entry cost a visit to the table row
(for the call, the organisation and the two dates); with those columns
included the scan reads the index alone (where the visibility map allows),
about seven times faster per entry (docs/performance.md, eleventh round).
"""

from django.db import migrations

WHERE = "WHERE decided_at IS NOT NULL AND submitted_at IS NOT NULL"
# name: (key columns before the processing time, included columns)
INDEXES = {
    "funding_app_processing_idx": ("", "call_id, organisation_id, decided_at, submitted_at"),
    "funding_app_call_processing_idx": ("call_id, ", "organisation_id, decided_at, submitted_at"),
    "funding_app_line_processing_idx": ("line_id, ", "call_id, organisation_id, decided_at, submitted_at"),
}


def _replace(schema_editor, with_include):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, (leading, included) in INDEXES.items():
        include = f" INCLUDE ({included})" if with_include else ""
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        schema_editor.execute(
            f"CREATE INDEX {name} ON funding_application ({leading}(decided_at - submitted_at)){include} {WHERE}"
        )


def include(apps, schema_editor):
    _replace(schema_editor, True)


def exclude(apps, schema_editor):
    _replace(schema_editor, False)


class Migration(migrations.Migration):
    dependencies = [("funding", "0058_organisation_tally")]

    operations = [migrations.RunPython(include, exclude, elidable=False)]
