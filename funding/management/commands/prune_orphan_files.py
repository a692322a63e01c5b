"""Deletes stored files that no row refers to (left behind by a killed process).

A process killed between writing a letter's PDF and committing its row
leaves the file behind; so can a failed upload. Files younger than
``--min-age-hours`` are kept: their transaction may still be running.
"""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from funding.files import orphan_files


class Command(BaseCommand):
    help = "Löscht gespeicherte Dateien, auf die kein Datensatz verweist."

    def add_arguments(self, parser):
        parser.add_argument("--min-age-hours", type=float, default=24)
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, min_age_hours, dry_run, **options):
        count = 0
        for name in orphan_files(timedelta(hours=min_age_hours)):
            count += 1
            self.stdout.write(name)
            if not dry_run:
                default_storage.delete(name)
        verb = "gefunden" if dry_run else "gelöscht"
        self.stdout.write(f"{count} verwaiste Dateien {verb}.")
