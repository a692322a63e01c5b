"""Rebuilds the queue's counts per state and the reports' summary cells from the applications.

The workflow keeps both current in every transition; rebuild after loading
data past the services (bulk imports, the benchmark's seeding) or after
changing an organisation's seat or type in the admin. See docs/performance.md.
"""

from django.core.management.base import BaseCommand

from funding import summary


class Command(BaseCommand):
    help = "Berechnet die Zählungen je Status und die Berichtszellen neu aus den Anträgen."

    def handle(self, *args, **options):
        cells = summary.rebuild()
        self.stdout.write(f"{cells} Berichtszellen neu berechnet.")
