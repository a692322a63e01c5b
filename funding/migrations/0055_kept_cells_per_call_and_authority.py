"""Report cells and organisation figures per call over all its lines and per authority over all its calls.

The dashboard without a line filter reads these coarser rows instead of
summing every line's (and every call's) cells. They are sums of the rows
already kept, so this migration fills them from those rows (and the
entries' authority from their calls) and a deployed database stays right
without a rebuild.
"""

from django.db import migrations, models

SUMS = "applications, requested, approved, paid, recovered, repaid, participants"
SUMMED = ", ".join(f"SUM({name})" for name in SUMS.split(", "))
CELL = "funding_reportcell"
KEY = "grain, municipality_id, org_type, state, bucket"

FORWARD = [
    "UPDATE funding_reportentry SET authority_id = COALESCE((SELECT programme.authority_id "
    "FROM funding_fundingcall fc INNER JOIN funding_fundingprogramme programme ON programme.id = fc.programme_id "
    "WHERE fc.id = funding_reportentry.call_id), 0)",
    # Every call over all its lines, from the cells per line.
    f"INSERT INTO {CELL} (grain, municipality_id, org_type, state, bucket, call_id, line_id, {SUMS}) "
    f"SELECT {KEY}, call_id, 0, {SUMMED} FROM {CELL} WHERE grain <> 'state' AND call_id > 0 AND line_id <> 0 "
    f"GROUP BY {KEY}, call_id",
    # Every authority over all its calls, from the cells per call just added.
    f"INSERT INTO {CELL} (grain, municipality_id, org_type, state, bucket, call_id, line_id, {SUMS}) "
    f"SELECT {', '.join('cell.' + name for name in KEY.split(', '))}, -programme.authority_id, 0, "
    f"{', '.join(f'SUM(cell.{name})' for name in SUMS.split(', '))} FROM {CELL} cell "
    "INNER JOIN funding_fundingcall fc ON fc.id = cell.call_id "
    "INNER JOIN funding_fundingprogramme programme ON programme.id = fc.programme_id "
    "WHERE cell.grain <> 'state' AND cell.call_id > 0 AND cell.line_id = 0 "
    f"GROUP BY {', '.join('cell.' + name for name in KEY.split(', '))}, programme.authority_id",
    # The organisations' funded applications per authority, from those per call.
    "INSERT INTO funding_organisationfigure (organisation_id, call_id, line_id, funded, first_funded) "
    "SELECT figure.organisation_id, -programme.authority_id, 0, SUM(figure.funded), MIN(figure.first_funded) "
    "FROM funding_organisationfigure figure INNER JOIN funding_fundingcall fc ON fc.id = figure.call_id "
    "INNER JOIN funding_fundingprogramme programme ON programme.id = fc.programme_id "
    "WHERE figure.call_id > 0 AND figure.line_id = 0 GROUP BY figure.organisation_id, programme.authority_id",
]

BACKWARD = [
    f"DELETE FROM {CELL} WHERE grain <> 'state' AND (call_id < 0 OR line_id = 0)",
    "DELETE FROM funding_organisationfigure WHERE call_id < 0",
]


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0048_merge_assisted_dashboard"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportentry",
            name="authority_id",
            field=models.IntegerField(default=0),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.AddIndex(
            model_name="reportcell",
            index=models.Index(fields=["grain", "call_id", "line_id", "municipality_id"],
                               name="funding_reportcell_scope"),
        ),
    ]
