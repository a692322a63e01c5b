from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0020_staff_roles_per_authority'),
        ('funding', '0040_interest_for_late_use'),
    ]

    operations = []
