"""Seeds a large data set and times the dashboard, the XLSX export and the PDF.

Usage (on a throwaway PostgreSQL cluster, see docs/performance.md):

    manage.py benchmark_reports --applications 100000 --repeat 5

Reuses benchmark data of the same size when present, so a second run only
measures. Refuses to mix with benchmark data of another size.
"""

import statistics
import time
import tracemalloc

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Application
from reports import views
from reports.benchmark import BenchmarkSeeder, benchmark_calls, benchmark_user
from reports.foerderbericht import render_report_pdf


class Command(BaseCommand):
    help = "Misst Berichtsseite, XLSX-Ausfuhr und Förderbericht auf vielen Anträgen (nur Wegwerf-Datenbanken)."

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=100_000)
        parser.add_argument("--repeat", type=int, default=5)
        parser.add_argument("--calls", type=int, default=8)

    def handle(self, *args, applications, repeat, calls, **options):
        self._seed(applications, calls)
        self.user, self.factory = benchmark_user(), RequestFactory()
        call = benchmark_calls().last()
        query = f"call={call.pk}"
        self.stdout.write(f"Datenbank: {connection.vendor}, {Application.objects.count()} Anträge, "
                          f"{repeat} Wiederholungen\n")
        self.stdout.write("| Messung | Median | 95. Perzentil | Abfragen / Speicher |\n|---|---|---|---|")
        self._measure("Berichtsseite, ein Aufruf", repeat, lambda: self._dashboard(query), self._queries(query))
        self._measure("Berichtsseite, alles", repeat, lambda: self._dashboard(""), self._queries(""))
        for kind in ("zuwendungen", "antraege"):
            memory = self._export_memory(kind, query, call)
            self._measure(f"XLSX {kind}, alles", repeat, lambda kind=kind: self._export(kind, ""), memory)
        self._measure("Förderbericht-PDF, ein Aufruf", repeat, lambda: render_report_pdf(query), "")
        self._measure("Förderbericht-PDF, alles", repeat, lambda: render_report_pdf(""), "")

    def _seed(self, applications, calls):
        existing = Application.objects.filter(call__in=benchmark_calls()).count()
        if existing == applications:
            self.stdout.write(f"Benchmark-Daten vorhanden ({existing} Anträge).")
            return
        if existing:
            raise CommandError(f"Es gibt schon {existing} Benchmark-Anträge; bitte eine frische Datenbank nehmen.")
        self.stdout.write(f"Lege {applications} Anträge an …")
        started = time.perf_counter()
        BenchmarkSeeder(applications=applications, calls=calls, log=self.stdout.write).run()
        _settle()
        self.stdout.write(f"Angelegt in {time.perf_counter() - started:.0f} s.")

    def _request(self, path, query):
        request = self.factory.get(f"{path}?{query}" if query else path)
        request.user = self.user
        return request

    def _dashboard(self, query):
        response = views.dashboard(self._request(reverse("reports:dashboard"), query))
        assert response.status_code == 200, response.status_code
        return response

    def _queries(self, query):
        with CaptureQueriesContext(connection) as context:
            self._dashboard(query)
        return f"{len(context)} Abfragen"

    def _export(self, kind, query):
        path = reverse("reports:export", args=[kind, "xlsx"])
        response = views.export(self._request(path, query), kind, "xlsx")
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.file_to_stream.close()  # not response.close(): that ends the "request" and its DB connection
        return size

    def _export_memory(self, kind, query, call):
        """Peak Python memory (tracemalloc) for one call and for everything."""
        peaks = []
        for scope in (query, ""):
            tracemalloc.start()
            self._export(kind, scope)
            peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
            tracemalloc.stop()
        rows = Application.objects.filter(call=call).count()
        return f"Spitze {peaks[0]:.1f} MiB (ein Aufruf, {rows} Anträge) / {peaks[1]:.1f} MiB (alles)"

    def _measure(self, label, repeat, action, note):
        durations = []
        for _ in range(repeat):
            started = time.perf_counter()
            action()
            durations.append(time.perf_counter() - started)
        self.stdout.write(f"| {label} | {_seconds(statistics.median(durations))} | "
                          f"{_seconds(_p95(durations))} | {note} |")


def _settle():
    """Leaves the freshly seeded database as a running one would be.

    VACUUM (ANALYZE) does what autovacuum would do after so many inserts:
    planner statistics, and pages marked all-visible, which index-only scans
    need. CHECKPOINT flushes the seeding's writes now instead of during the
    measurements (it needs a privileged role; without it, it is skipped).
    VACUUM cannot run inside a transaction (as in the tests): there only ANALYZE.
    """
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or connection.in_atomic_block:
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM (ANALYZE)")
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError:
            pass


def _p95(durations):
    """Nearest-rank 95th percentile (the maximum for fewer than 20 runs)."""
    ordered = sorted(durations)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def _seconds(value):
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
