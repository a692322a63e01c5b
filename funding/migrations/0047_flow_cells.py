"""The money after approval per (call, line, seat), kept by the workflow (``funding.summary_flow``).

Both tables start empty, which is consistent: an application without an
entry counts in no cell, and its next step counts it. Run
``manage.py rebuild_summary`` right after this migration to count every
application at once (docs/deployment.md); until then the reports' money
after approval misses the files that have not moved since.
"""

from django.db import migrations, models


def _money():
    return models.DecimalField(decimal_places=2, default=0, max_digits=16)


def flow_fields():
    """The key columns and the sums of FlowCell and FlowEntry (``funding.models.summary.FlowSums``)."""
    counts = ("applications", "funded", "settled_files")
    sums = ("applications", "funded", "approved", "settled_files", "approved_settled", "settled", "paid",
            "paid_settled", "final_payments", "final_payments_open", "in_hearing", "recovered", "recovered_settled",
            "repaid", "interest_claimed", "interest_received")
    keys = [(name, models.IntegerField()) for name in ("call_id", "line_id", "municipality_id")]
    return keys + [(name, models.IntegerField(default=0) if name in counts else _money()) for name in sums]


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0044_merge_tenants_letters"),
    ]

    operations = [
        migrations.CreateModel(
            name="FlowEntry",
            fields=[*flow_fields(), ("application_id", models.IntegerField(primary_key=True, serialize=False))],
            options={"abstract": False},
        ),
        migrations.CreateModel(
            name="FlowCell",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                *flow_fields(),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("call_id", "line_id", "municipality_id"), name="funding_flowcell_key"
                    )
                ],
            },
        ),
    ]
