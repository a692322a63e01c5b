"""Configured letter texts (issue 10): text block versions and ANBest versions.

The Rechtsbehelfsbelehrung moves from the authority into the text block
"remedy": a text the authority had changed becomes its version 1 (blocks
left untouched get their first wording after migrate, see
funding.texts.install_first_versions). Signature settings are added.
"""

import datetime

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# The default of Authority.legal_remedy_text before this migration.
OLD_DEFAULT = (
    "Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Klage "
    "erhoben werden. Die Klage ist schriftlich oder zur Niederschrift des "
    "Urkundsbeamten der Geschäftsstelle beim {court_name}, {court_address}, "
    "zu erheben. Die Klage kann auch elektronisch nach Maßgabe der §§ 55a und "
    "55d der Verwaltungsgerichtsordnung eingereicht werden."
)


def _remedy_to_text_block(apps, schema_editor):
    Authority = apps.get_model("funding", "Authority")
    LetterText = apps.get_model("funding", "LetterText")
    texts = [text for text in Authority.objects.values_list("legal_remedy_text", flat=True) if text.strip() != OLD_DEFAULT]
    if texts:
        LetterText.objects.create(
            key="remedy", version=1, valid_from=datetime.date(2000, 1, 1), text=texts[0].strip(),
            note="Aus der Behörde übernommen",
        )


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0010_append_only_records'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='authority',
            name='letters_signed_by_signatory',
            field=models.BooleanField(default=False, help_text='Aus: unter „Im Auftrag“ steht der Name der Person, die entschieden hat (bei Rückforderungen: die sie erfasst hat). An: dort steht die unterzeichnende Person; die entscheidende Person handelt in ihrem Auftrag.', verbose_name='Bescheide mit dem Namen der unterzeichnenden Person zeichnen'),
        ),
        migrations.AddField(
            model_name='authority',
            name='signature_principal',
            field=models.CharField(blank=True, help_text='Optional über „Im Auftrag“, z. B. „Der Landrat“.', max_length=200, verbose_name='Zeichnung für'),
        ),
        migrations.AddField(
            model_name='letter',
            name='text_versions',
            field=models.JSONField(blank=True, default=dict, verbose_name='Verwendete Textfassungen'),
        ),
        migrations.AlterField(
            model_name='authority',
            name='signatory_name',
            field=models.CharField(help_text='Behördenleitung oder die Person, in deren Auftrag gezeichnet wird; zeichnet die Eingangsbestätigung.', max_length=200, verbose_name='Unterzeichnende Person'),
        ),
        migrations.CreateModel(
            name='AncillaryProvisions',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('P', 'ANBest-P (Projektförderung)'), ('G', 'ANBest-G (Projektförderung an Gemeinden und Gemeindeverbände)')], max_length=1, verbose_name='Art')),
                ('title', models.CharField(default='Allgemeine Nebenbestimmungen für Zuwendungen zur Projektförderung', max_length=300, verbose_name='Titel')),
                ('version', models.CharField(help_text='z. B. „RdErl. d. Finanzministeriums vom …“', max_length=200, verbose_name='Fassung')),
                ('valid_from', models.DateField(verbose_name='Gilt ab')),
                ('text', models.TextField(verbose_name='Text')),
                ('is_demo', models.BooleanField(default=False, help_text='Kein amtlicher Text; jede Seite trägt den Hinweis „Demo-Text“.', verbose_name='Demo-Text')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Angelegt am')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'Allgemeine Nebenbestimmungen (Fassung)',
                'verbose_name_plural': 'Allgemeine Nebenbestimmungen (ANBest)',
                'ordering': ['kind', '-valid_from'],
                'constraints': [models.UniqueConstraint(fields=('kind', 'valid_from'), name='one_anbest_per_day')],
            },
        ),
        migrations.CreateModel(
            name='LetterText',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(db_index=True, max_length=60, verbose_name='Textbaustein')),
                ('version', models.PositiveIntegerField(editable=False, verbose_name='Version')),
                ('valid_from', models.DateField(default=django.utils.timezone.localdate, verbose_name='Gilt ab')),
                ('text', models.TextField(verbose_name='Text')),
                ('note', models.CharField(blank=True, help_text='z. B. geprüft durch das Rechtsamt am …, Anlass der Änderung', max_length=300, verbose_name='Vermerk')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='Angelegt am')),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'Textbaustein (Fassung)',
                'verbose_name_plural': 'Textbausteine',
                'ordering': ['key', '-version'],
                'indexes': [models.Index(fields=['key', 'valid_from'], name='funding_let_key_0bba37_idx')],
                'constraints': [models.UniqueConstraint(fields=('key', 'version'), name='one_letter_text_per_version')],
            },
        ),
        migrations.RunPython(_remedy_to_text_block, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='authority',
            name='legal_remedy_text',
        ),
    ]
