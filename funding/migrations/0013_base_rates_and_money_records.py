"""Base rates of § 247 BGB, released drawdowns, and append-only history for the new money records.

The base rates are the values the Deutsche Bundesbank published for each
half-year from 01.07.2016 (all unchanged until 31.12.2022) up to 01.01.2026
(announced unchanged at 1.27 %). The value from 01.07.2026 could not be
checked when this was written: the authority enters it in the admin
(docs/operations.md); until then those days are computed provisionally.
Drawdowns that finance had "approved" are now "released"; the four-eyes
release by a case worker replaces that step.
"""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "Deutsche Bundesbank, Basiszinssatz nach § 247 BGB"
RATES = [(date(year, month, 1), Decimal("-0.88")) for year in range(2016, 2023) for month in (1, 7)][1:] + [
    (date(2023, 1, 1), Decimal("1.62")),
    (date(2023, 7, 1), Decimal("3.12")),
    (date(2024, 1, 1), Decimal("3.62")),
    (date(2024, 7, 1), Decimal("3.37")),
    (date(2025, 1, 1), Decimal("2.27")),
    (date(2025, 7, 1), Decimal("1.27")),
    (date(2026, 1, 1), Decimal("1.27")),
]
TABLES = (
    "funding_historicalhearing",
    "funding_historicalrepayment",
    "funding_historicalpaymentrun",
    "funding_historicalamendment",
)


def seed_rates(apps, schema_editor):
    BaseRate = apps.get_model("funding", "BaseRate")
    for valid_from, rate in RATES:
        BaseRate.objects.get_or_create(valid_from=valid_from, defaults={"rate_percent": rate, "source": SOURCE})


def unseed_rates(apps, schema_editor):
    apps.get_model("funding", "BaseRate").objects.filter(valid_from__in=[day for day, _rate in RATES]).delete()


def release_statuses(apps, schema_editor):
    apps.get_model("funding", "Drawdown").objects.filter(status="approved").update(status="released")


def approve_statuses(apps, schema_editor):
    apps.get_model("funding", "Drawdown").objects.filter(status="released").update(status="approved")


def install_triggers(apps, schema_editor):
    from funding.records import install_append_only_triggers

    install_append_only_triggers(schema_editor, TABLES)


def remove_triggers(apps, schema_editor):
    from funding.records import remove_append_only_triggers

    remove_append_only_triggers(schema_editor, TABLES)


class Migration(migrations.Migration):
    dependencies = [("funding", "0012_money_after_approval")]

    operations = [
        migrations.RunPython(seed_rates, unseed_rates),
        migrations.RunPython(release_statuses, approve_statuses),
        migrations.RunPython(install_triggers, remove_triggers),
    ]
