"""Deletes personal data of finished files after the retention period."""

from django.conf import settings
from django.core.management.base import BaseCommand

from funding.services.retention import archive_application, due_for_retention, erase_personal_data


class Command(BaseCommand):
    help = "Löscht personenbezogene Daten abgeschlossener Vorgänge nach Ablauf der Aufbewahrungsfrist."

    def add_arguments(self, parser):
        parser.add_argument("--years", type=float, default=settings.RETENTION_YEARS)
        parser.add_argument("--archive-dir", help="Vorgänge vorher als ZIP in diesen Ordner schreiben")
        parser.add_argument("--dry-run", action="store_true", help="Nur auflisten, nichts löschen")

    def handle(self, *args, years, archive_dir, dry_run, **options):
        count = 0
        for application in due_for_retention(years).select_related("organisation"):
            count += 1
            self.stdout.write(f"{application.file_reference}: {application.title}")
            if dry_run:
                continue
            if archive_dir:
                archive_application(application, archive_dir)
            erase_personal_data(application)
        verb = "fällig" if dry_run else "bereinigt"
        self.stdout.write(self.style.SUCCESS(f"{count} Vorgänge {verb}."))
