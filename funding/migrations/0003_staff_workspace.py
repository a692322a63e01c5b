"""Staff workspace: bulk letter jobs and the indexes behind the queue's filters.

The queue's text search uses ``icontains``, which PostgreSQL runs as
``UPPER(column::text) LIKE UPPER('%…%')``. A B-tree cannot serve a pattern
with a leading wildcard, so on PostgreSQL the three searched columns get
trigram GIN indexes on exactly that expression (pg_trgm is a trusted
extension since PostgreSQL 13). SQLite, used for development and tests only,
has no such index type and scans.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TRIGRAM_INDEXES = [
    ("funding_app_file_ref_trgm", "funding_application", "file_reference"),
    ("funding_app_title_trgm", "funding_application", "title"),
    ("applicants_org_name_trgm", "applicants_organisation", "name"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in TRIGRAM_INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in TRIGRAM_INDEXES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):

    dependencies = [
        ('applicants', '0002_municipalities'),
        ('funding', '0002_roles'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='BulkLetterJob',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Angelegt am')),
                ('description', models.CharField(blank=True, max_length=300, verbose_name='Auswahl')),
                ('application_ids', models.JSONField(default=list)),
                ('status', models.CharField(choices=[('queued', 'Wartet'), ('running', 'Läuft'), ('finished', 'Fertig'), ('failed', 'Fehlgeschlagen')], default='queued', max_length=20, verbose_name='Status')),
                ('total', models.PositiveIntegerField(default=0, verbose_name='Anzahl')),
                ('done', models.PositiveIntegerField(default=0, verbose_name='Erledigt')),
                ('failed', models.PositiveIntegerField(default=0, verbose_name='Fehler')),
                ('errors', models.JSONField(blank=True, default=list)),
                ('file', models.FileField(blank=True, upload_to='bulk/%Y/')),
                ('sha256', models.CharField(blank=True, max_length=64, verbose_name='SHA-256')),
                ('finished_at', models.DateTimeField(blank=True, null=True, verbose_name='Fertig am')),
            ],
            options={
                'verbose_name': 'Sammelauftrag Bescheide',
                'verbose_name_plural': 'Sammelaufträge Bescheide',
                'ordering': ['-created_at', '-pk'],
            },
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['created_at'], name='funding_app_created_a29214_idx'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['proof_due_date'], name='funding_app_proof_d_0b503c_idx'),
        ),
        migrations.AddField(
            model_name='bulkletterjob',
            name='created_by',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
