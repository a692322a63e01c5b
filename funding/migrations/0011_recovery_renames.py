"""Recovery dates get the names the recovery decision uses: effective date and due date."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("funding", "0010_append_only_records")]

    operations = [
        migrations.RenameField("recovery", "repayable_since", "effective_date"),
        migrations.RenameField("recovery", "interest_until", "due_date"),
        migrations.RenameField("historicalrecovery", "repayable_since", "effective_date"),
        migrations.RenameField("historicalrecovery", "interest_until", "due_date"),
    ]
