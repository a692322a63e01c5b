"""Indexes on the processing time per call and per line (PostgreSQL), for the percentiles of one call or line.

``reports.cells.kept_percentiles`` reads the two applications at each
percentile position from the day the kept histogram names, in the order of
the processing time. With the filter on a call or a line, the index of
0018 (processing time alone) walked the day's applications of every call to
find that call's, eight times as many at eight calls, and more with every
application; these indexes start at the call's (or line's) own (docs/performance.md,
tenth round).
"""

from django.db import migrations

INDEXES = {
    "funding_app_call_processing_idx": "call_id",
    "funding_app_line_processing_idx": "line_id",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, column in INDEXES.items():
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {name} ON funding_application ({column}, (decided_at - submitted_at)) "
                "WHERE decided_at IS NOT NULL AND submitted_at IS NOT NULL"
            )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in INDEXES:
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("funding", "0056_merge_queue_exports_scopes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
