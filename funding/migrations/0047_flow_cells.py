"""The money after approval per (call, line, seat), kept by the workflow (``funding.summary_flow``).

Both tables start empty, which is consistent: an application without an
entry counts in no cell, and its next step counts it. Run
``manage.py rebuild_summary`` right after this migration to count every
application at once (docs/deployment.md); until then the reports' money
after approval misses the files that have not moved since.
"""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0044_merge_tenants_letters'),
    ]

    operations = [
        migrations.CreateModel(
            name='FlowEntry',
            fields=[
                ('applications', models.IntegerField(default=0)),
                ('funded', models.IntegerField(default=0)),
                ('approved', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('settled_files', models.IntegerField(default=0)),
                ('approved_settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('paid', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('paid_settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('final_payments', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('final_payments_open', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('in_hearing', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('recovered', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('recovered_settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('repaid', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('interest_claimed', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('interest_received', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('application_id', models.IntegerField(primary_key=True, serialize=False)),
                ('call_id', models.IntegerField()),
                ('line_id', models.IntegerField()),
                ('municipality_id', models.IntegerField()),
            ],
            options={
                'abstract': False,
            },
        ),
        migrations.CreateModel(
            name='FlowCell',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('applications', models.IntegerField(default=0)),
                ('funded', models.IntegerField(default=0)),
                ('approved', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('settled_files', models.IntegerField(default=0)),
                ('approved_settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('paid', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('paid_settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('final_payments', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('final_payments_open', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('in_hearing', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('recovered', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('recovered_settled', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('repaid', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('interest_claimed', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('interest_received', models.DecimalField(decimal_places=2, default=0, max_digits=16)),
                ('call_id', models.IntegerField()),
                ('line_id', models.IntegerField()),
                ('municipality_id', models.IntegerField()),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('call_id', 'line_id', 'municipality_id'), name='funding_flowcell_key')],
            },
        ),
    ]
