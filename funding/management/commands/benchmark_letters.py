"""Measures how long one Bescheid takes to render (median and 95th percentile).

Renders the decision letters of the decided applications in the database
(cycling through them until ``--count`` letters are done), context building
included, exactly as a decision does. Nothing is stored, so it is safe to run
on any installation with decisions, e.g. the demo:
``manage.py benchmark_letters --count 50``.
"""

import statistics
import time
from itertools import cycle, islice

from django.core.management.base import BaseCommand, CommandError

from funding.letters import render_letter
from funding.models import Application
from funding.services.letters import DECISION_LETTER_KINDS, decision_letter_context


class Command(BaseCommand):
    help = "Misst die Erzeugungszeit von Bescheiden (Median und 95. Perzentil)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=50)

    def handle(self, *args, count, **options):
        decided = list(
            Application.objects.filter(decision__isnull=False).select_related("decision", "call__programme__authority", "line", "organisation")
        )
        if not decided:
            raise CommandError("Keine entschiedenen Anträge vorhanden (z. B. erst seed_demo ausführen).")
        render_one(decided[0])  # warm-up: fonts and templates load once per process
        timings = [render_one(app) for app in islice(cycle(decided), count)]
        median, p95 = statistics.median(timings), percentile(timings, 95)
        self.stdout.write(
            f"{count} Bescheide aus {len(decided)} Entscheidungen: "
            f"Median {median * 1000:.0f} ms, 95. Perzentil {p95 * 1000:.0f} ms"
        )


def render_one(application):
    start = time.perf_counter()
    decision = application.decision
    render_letter(DECISION_LETTER_KINDS[decision.outcome], decision_letter_context(application, decision))
    return time.perf_counter() - start


def percentile(values, pct):
    """Nearest-rank percentile, e.g. the 48th of 50 sorted values for 95."""
    ordered = sorted(values)
    rank = -(-pct * len(ordered) // 100)
    return ordered[max(int(rank), 1) - 1]
