"""Sends due reminders (proofs of use, unanswered change requests) once.

Run daily from cron or a systemd timer; see docs/operations.md. With
``--schedule`` it instead queues the self-rescheduling background task.
"""

from datetime import date

from django.core.management.base import BaseCommand
from django.utils import timezone

from funding.services.reminders import reminders_send, schedule_next_run


class Command(BaseCommand):
    help = "Versendet fällige Erinnerungen (jede nur einmal)."

    def add_arguments(self, parser):
        parser.add_argument("--today", type=date.fromisoformat, help="Stichtag (JJJJ-MM-TT), Standard: heute")
        parser.add_argument(
            "--schedule", action="store_true", help="Täglichen Hintergrundauftrag einplanen statt jetzt zu senden"
        )

    def handle(self, *args, today=None, schedule=False, **options):
        if schedule:
            result = schedule_next_run()
            when = timezone.localtime(result.task.run_after) if result else None
            self.stdout.write(f"Eingeplant für {when:%d.%m.%Y %H:%M}." if when else "Bereits eingeplant.")
            return
        count = reminders_send(today)
        self.stdout.write(f"{count} Erinnerung(en) versendet.")
