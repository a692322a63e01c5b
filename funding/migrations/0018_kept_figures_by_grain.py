"""Report cells by grain (what each page shows, per seat and over all seats), organisation figures.

The cells and entries are derived data: they are dropped and created anew,
and the counts per state emptied with them, so nothing is counted twice.
Run ``manage.py rebuild_summary`` right after this migration (docs/deployment.md).
On PostgreSQL an index on the processing time lets the percentiles read the
few applications around each percentile position.
"""

from django.db import migrations, models

PROCESSING_INDEX = (
    "CREATE INDEX IF NOT EXISTS funding_app_processing_idx ON funding_application "
    "((decided_at - submitted_at)) WHERE decided_at IS NOT NULL AND submitted_at IS NOT NULL"
)


def empty_counts(apps, schema_editor):
    apps.get_model("funding", "StateCount").objects.all().delete()


def processing_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PROCESSING_INDEX)


def drop_processing_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS funding_app_processing_idx")


SUMS = [
    ("applications", models.IntegerField(default=0)),
    ("requested", models.DecimalField(decimal_places=2, default=0, max_digits=16)),
    ("approved", models.DecimalField(decimal_places=2, default=0, max_digits=16)),
    ("paid", models.DecimalField(decimal_places=2, default=0, max_digits=16)),
    ("recovered", models.DecimalField(decimal_places=2, default=0, max_digits=16)),
    ("repaid", models.DecimalField(decimal_places=2, default=0, max_digits=16)),
    ("participants", models.IntegerField(default=0)),
]


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0017_configured_content_per_language"),
    ]

    operations = [
        migrations.DeleteModel(name="ReportCell"),
        migrations.DeleteModel(name="ReportEntry"),
        migrations.RunPython(empty_counts, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ReportCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                *SUMS,
                ("grain", models.CharField(max_length=10)),
                ("municipality_id", models.IntegerField()),
                ("call_id", models.IntegerField()),
                ("line_id", models.IntegerField()),
                ("org_type", models.CharField(max_length=50)),
                ("state", models.CharField(max_length=50)),
                ("bucket", models.IntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("grain", "municipality_id", "call_id", "line_id", "org_type", "state", "bucket"),
                        name="funding_reportcell_grain_key",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ReportEntry",
            fields=[
                *SUMS,
                ("application_id", models.IntegerField(primary_key=True, serialize=False)),
                ("call_id", models.IntegerField()),
                ("line_id", models.IntegerField()),
                ("municipality_id", models.IntegerField()),
                ("org_type", models.CharField(max_length=50)),
                ("submitted_month", models.IntegerField()),
                ("decided_month", models.IntegerField()),
                ("state", models.CharField(max_length=50)),
                ("organisation_id", models.IntegerField(default=0)),
                ("funded_at", models.DateTimeField(null=True)),
                ("processing_days", models.IntegerField(null=True)),
            ],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="OrganisationFigure",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("organisation_id", models.IntegerField()),
                ("call_id", models.IntegerField()),
                ("line_id", models.IntegerField()),
                ("funded", models.IntegerField(default=0)),
                ("first_funded", models.DateTimeField(null=True)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("call_id", "line_id", "organisation_id"), name="funding_orgfigure_key"
                    )
                ],
            },
        ),
        migrations.RunPython(processing_index, drop_processing_index),
    ]
