"""Attachment names carry the extension of their detected type ("Angebot.hta" that is a PDF: "Angebot.pdf")."""

from django.db import migrations

from funding.models.uploads import names_by_type


def attachments_by_type(apps, schema_editor):
    names_by_type(apps.get_model("funding", "Attachment"))


class Migration(migrations.Migration):
    dependencies = [("funding", "0005_job_base_and_worker_heartbeat")]

    operations = [migrations.RunPython(attachments_by_type, migrations.RunPython.noop)]
