"""Standing documents' names carry the extension of their detected type."""

from django.db import migrations

from funding.models.uploads import names_by_type


def documents_by_type(apps, schema_editor):
    names_by_type(apps.get_model("applicants", "OrganisationDocument"))


class Migration(migrations.Migration):
    dependencies = [("applicants", "0003_form_draft")]

    operations = [migrations.RunPython(documents_by_type, migrations.RunPython.noop)]
