# The staff queue's default order without drafts (docs/performance.md, eighth round).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('funding', '0048_merge_assisted_dashboard'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='application',
            index=models.Index(condition=models.Q(('state', 'draft'), _negated=True), fields=['created_at', 'id'], name='funding_app_received_idx'),
        ),
    ]
