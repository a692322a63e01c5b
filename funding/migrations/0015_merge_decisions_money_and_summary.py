from django.db import migrations


class Migration(migrations.Migration):
    """Joins the approver's declaration, the money records and the kept figures."""

    dependencies = [
        ("funding", "0013_approver_declaration"),
        ("funding", "0014_merge_letter_texts_and_money"),
        ("funding", "0011_summary_tables"),
    ]

    operations = []
