from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('applicants', '0009_municipality_authority'),
        ('applicants', '0050_co_applicants'),
    ]

    operations = []
