"""Seeds N applications and prints CPU per request of every page against a bare view (issue 15).

    manage.py benchmark                       # 100,000 applications
    manage.py benchmark --size 10000          # quick
    manage.py benchmark --sizes 10000,100000  # growth between sizes

Only on a throwaway PostgreSQL database: ``make benchmark``. How it measures:
``funding.benchmark`` and docs/performance.md. Exits with status 1 when a
target is missed.
"""

import re
import statistics
import time
from decimal import Decimal

import openpyxl
import weasyprint
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from django.utils.html import strip_tags

from funding import benchmark
from funding.letters import render_letter, render_letter_html
from funding.models import Application
from funding.services.letters import DECISION_LETTER_KINDS, decision_letter_context
from reports.benchmark import benchmark_calls
from reports.exports import EXPORTS, export_rows
from reports.foerderbericht import render_report_pdf

# (item, limit as a multiple of the floor)
FLOOR_TARGETS = {
    "queue": 10, "queue_search": 10, "queue_reference": 10, "detail": 10, "overview": 8, "dashboard": 15,
    "dashboard_call": 15,
}
# The text search's growth is measured on a search whose matches do not grow with the data (queue_reference).
GROWTH_ITEMS = ("queue", "queue_reference", "queue_deep", "detail", "dashboard", "dashboard_call")
GROWTH_LIMIT = Decimal("0.10")
DETAIL_QUERIES = 12
DEEP_PAGE = 2000
REPORT_SECONDS = 8
LETTER_PER_PAGE = Decimal("1.5")
XLSX_LIMIT = Decimal("1.3")
LETTER_ROUNDS = 16  # the letter and its plain floor take a few tenths of a second each
FLOOR_PER_ROUND = 20  # requests of the bare view per round


class Command(BaseCommand):
    help = "Misst CPU-Zeit je Anfrage aller Seiten aus Issue 15 gegen eine leere Ansicht (nur Wegwerf-Datenbanken)."

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=100_000)
        parser.add_argument("--sizes", help="z. B. 10000,100000: misst jede Größe und das Wachstum dazwischen")
        parser.add_argument("--rounds", type=int, default=20)
        parser.add_argument("--heavy-rounds", type=int, default=3, help="Runden für Bescheid, XLSX und Förderbericht")

    def handle(self, *args, size, sizes, rounds, heavy_rounds, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Der Benchmark braucht PostgreSQL (make benchmark).")
        sizes = [int(value) for value in sizes.split(",")] if sizes else [size]
        if sizes != sorted(sizes) or len(set(sizes)) != len(sizes):
            raise CommandError("--sizes aufsteigend und verschieden angeben.")
        settings = {"ROOT_URLCONF": "funding.benchmark", "REQUIRE_STAFF_2FA": False, "DEBUG": False,
                    "ALLOWED_HOSTS": ["testserver"]}
        missed = []
        with override_settings(**settings), benchmark.databases(sizes) as databases:
            for n in sizes:
                benchmark.use_database(databases[n])
                self.stdout.write(f"\nSeeding {n} applications into {databases[n]} …")
                started = time.perf_counter()
                benchmark.seed(n, self.stdout.write)
                self.stdout.write(f"  done in {time.perf_counter() - started:.0f} s")
            pages = {}
            for n in sizes:
                benchmark.use_database(databases[n])
                pages[n] = self._pages()
            # Each item at every size back to back (each size in its own database; in turn which size first),
            # the items one after the other: a slower second of the machine falls on both sizes of an item,
            # so the growth between them (paired per round) is the page's own.
            for number in range(rounds):
                for key in pages[sizes[0]]:
                    for n in sizes if number % 2 == 0 else sizes[::-1]:
                        benchmark.use_database(databases[n])
                        benchmark.measure_item(pages[n][key])
            results = {}
            for n in sizes:
                benchmark.use_database(databases[n])
                results[n] = self._report(n, rounds, pages[n], self._heavy(heavy_rounds),
                                          missed)
        if len(sizes) > 1:
            self._growth(results, pages, sizes, missed)
        self.stdout.write("\n" + ("All targets met." if not missed else "Targets missed:\n  " + "\n  ".join(missed)))
        if missed:
            raise SystemExit(1)

    # --- one size ------------------------------------------------------------

    def _pages(self):
        """The pages' items of the current database, warmed up (templates, fonts, plans) and their queries counted."""
        staff, applicant = benchmark.Browser(benchmark.staff_user()), benchmark.Browser(benchmark.user_named("benchmark-verein"))
        admin = benchmark.Browser(_superuser())
        call = benchmark_calls().last()
        detail = Application.objects.filter(call__in=benchmark_calls(), state="closed").order_by("pk").first()
        queue, dashboard = reverse("staff:queue"), reverse("reports:dashboard")
        deep_page, deep = benchmark.deep_cursor(DEEP_PAGE, 25)
        pages = {
            "bare": ("bare view (floor)", lambda: staff.get("/__benchmark__/bare/")),
            "queue": ("staff queue, page 1", lambda: staff.get(queue)),
            "queue_search": ("queue, call filter + text search", lambda: staff.get(queue, call=call.pk, q="Projekt 12")),
            # Part of a file reference with the same matches at every size (numbers 1,000 to 1,999): the growth
            # of the search itself. "Projekt 12" matches ten times as many at 100,000 (1,111 against 111).
            "queue_reference": ("queue, call filter + file reference search", lambda: staff.get(queue, call=call.pk, q="-001")),
            "queue_deep": (f"queue, page {deep_page:,}", lambda: staff.get(queue, after=deep)),
            "detail": ("staff application detail", lambda: staff.get(reverse("staff:application_detail", args=[detail.pk]))),
            "overview": (f"applicant overview ({benchmark.OVERVIEW_APPLICATIONS} applications)",
                         lambda: applicant.get(reverse("applicants:dashboard"))),
            "dashboard": ("reports dashboard, everything", lambda: staff.get(dashboard)),
            "dashboard_call": ("reports dashboard, one call", lambda: staff.get(dashboard, call=call.pk)),
            "admin": ("admin changelist, 100 rows (reference)",
                      lambda: admin.get(reverse("admin:funding_application_changelist"))),
        }
        # The floor 20 times per round: at 2 ms a request it is the cheapest item and every ratio divides by it.
        items = {key: benchmark.Item(label, action, per_round=FLOOR_PER_ROUND if key == "bare" else 5,
                                     queries=lambda action=action: benchmark.count_queries(action))
                 for key, (label, action) in pages.items()}
        benchmark.warm_up(list(items.values()))
        return items

    def _report(self, size, rounds, items, heavy, missed):
        floor = items["bare"].cpu
        self.stdout.write(f"\n{size:,} applications, {rounds} rounds × 5 requests (the floor × {FLOOR_PER_ROUND}), "
                          "median of the rounds; CPU = this process + its PostgreSQL backend\n")
        self.stdout.write("| item | CPU per request | × floor | queries | target | met |\n|---|---|---|---|---|---|")
        figures = {}
        for key, item in items.items():
            ratio = item.cpu / floor if floor else 0
            figures[key] = item.cpu
            target, met = self._page_target(key, item, ratio, items)
            if met is False:
                missed.append(f"{size:,}: {item.label}: {target}")
            self.stdout.write(f"| {item.label} | {item.cpu * 1000:.1f} ms | {ratio:.1f} | {item.query_count} | "
                              f"{target} | {'' if met is None else ('yes' if met else 'NO')} |")
        for label, value, target, met in heavy:
            if not met:
                missed.append(f"{size:,}: {label}: {target}")
            self.stdout.write(f"| {label} | {value} | | | {target} | {'yes' if met else 'NO'} |")
        return figures

    @staticmethod
    def _page_target(key, item, ratio, items):
        if key == "queue_deep":  # the queue's floor target is checked on page 1
            return "≤ 1.2 × page 1", item.cpu <= items["queue"].cpu * 1.2
        if key == "detail":
            return f"≤ {FLOOR_TARGETS[key]} × floor, ≤ {DETAIL_QUERIES} queries", (
                ratio <= FLOOR_TARGETS[key] and item.query_count <= DETAIL_QUERIES)
        if key in FLOOR_TARGETS:
            return f"≤ {FLOOR_TARGETS[key]} × floor", ratio <= FLOOR_TARGETS[key]
        return "", None

    # --- letters, exports, Förderbericht ---------------------------------------

    def _heavy(self, rounds):
        """The rows of the letter, the export and the Förderbericht: (label, value, target, met)."""
        return [self._letter(rounds), self._export(rounds), self._foerderbericht(rounds)]

    @staticmethod
    def _letter(rounds):
        """A Zuwendungsbescheid against WeasyPrint typesetting the same text as plain paragraphs, per page."""
        app = (Application.objects.filter(call__in=benchmark_calls(), state="approved", decision__isnull=False)
               .select_related("decision", "call__programme__authority", "line", "organisation").first())
        kind = DECISION_LETTER_KINDS[app.decision.outcome]

        def letter():
            return render_letter(kind, decision_letter_context(app, app.decision))

        text = strip_tags(render_letter_html(kind, decision_letter_context(app, app.decision)))
        paragraphs = "".join(f"<p>{line}</p>" for line in re.split(r"\n\s*\n", text) if line.strip())
        plain_html = f"<html><body style='font: 11pt sans-serif'>{paragraphs}</body></html>"

        def plain():
            return weasyprint.HTML(string=plain_html).write_pdf()

        # Interleaved, in CPU time like the pages: a busy moment of the machine hits both alike.
        letter_item = benchmark.Item("letter", letter, per_round=1)
        plain_item = benchmark.Item("plain", plain, per_round=1)
        benchmark.measure([letter_item, plain_item], max(rounds, LETTER_ROUNDS))
        letter_time, plain_time = letter_item.cpu, plain_item.cpu
        letter_pages, plain_pages = benchmark.pdf_pages(letter()), benchmark.pdf_pages(plain())
        ratio = Decimal((letter_time / letter_pages) / (plain_time / plain_pages)).quantize(Decimal("0.01"))
        return (f"Zuwendungsbescheid ({letter_pages} pages) vs plain WeasyPrint ({plain_pages} pages)",
                f"{letter_time * 1000:.0f} ms vs {plain_time * 1000:.0f} ms: {ratio} × per page",
                f"≤ {LETTER_PER_PAGE} × per page", ratio <= LETTER_PER_PAGE)

    @staticmethod
    def _export(rounds):
        """The grants export (the real view, streamed) against openpyxl write-only writing the same rows."""
        values = list(export_rows(EXPORTS["zuwendungen"], Application.objects.all()))
        staff = benchmark.Browser(benchmark.staff_user())
        url = reverse("reports:export", args=["zuwendungen", "xlsx"])
        export_time, _size = _timed(lambda: staff.get(url), rounds)

        def plain_xlsx():
            import tempfile

            book = openpyxl.Workbook(write_only=True)
            sheet = book.create_sheet()
            for row in values:
                sheet.append(row)
            with tempfile.TemporaryFile() as handle:
                book.save(handle)

        plain_time, _none = _timed(plain_xlsx, rounds)
        ratio = Decimal(export_time / plain_time).quantize(Decimal("0.01"))
        return (f"XLSX grants export ({len(values):,} rows) vs openpyxl write-only",
                f"{export_time:.2f} s vs {plain_time:.2f} s: {ratio} ×", f"≤ {XLSX_LIMIT} ×", ratio <= XLSX_LIMIT)

    @staticmethod
    def _foerderbericht(rounds):
        report_time, _pdf = _timed(lambda: render_report_pdf(""), rounds)
        return ("Förderbericht, everything", f"{report_time:.2f} s", f"≤ {REPORT_SECONDS} s",
                report_time <= REPORT_SECONDS)

    def _growth(self, results, pages, sizes, missed):
        """Growth of CPU per request between the sizes, also as a multiple of each size's floor.

        The target is checked on the CPU time itself, as the median of the
        rounds' pairs (``benchmark.paired_growth``): in every round an item
        runs at both sizes back to back. (Until the tenth round the sizes ran
        one after the other, and the target was checked on the multiple of
        the floor; in the tenth round on the ratio of the two sizes' medians
        with whole rounds of each size in turn, which let the machine's
        speed of different seconds into the growth: 15 to 20 points between
        runs of the same code. docs/performance.md, eleventh round.)
        """
        first, last = sizes[0], sizes[-1]
        self.stdout.write(f"\nGrowth {first:,} → {last:,} applications (median of the rounds' pairs)\n")
        self.stdout.write("| item | " + " | ".join(f"{n:,}" for n in sizes)
                          + " | growth (ms) | growth (× floor) | target (ms) |\n|---|" + "---|" * (len(sizes) + 3))
        for key in results[last]:
            before, after = pages[first][key], pages[last][key]
            absolute = benchmark.paired_growth(before, after)
            relative = benchmark.paired_growth(before, after, pages[first]["bare"], pages[last]["bare"])
            target = f"≤ {GROWTH_LIMIT:.0%}" if key in GROWTH_ITEMS else ""
            if key in GROWTH_ITEMS and absolute > GROWTH_LIMIT:
                missed.append(f"growth {key}: {absolute:+.1%}")
            cells = " | ".join(f"{results[n][key] * 1000:.1f} ms" for n in sizes)
            self.stdout.write(f"| {key} | {cells} | {absolute:+.1%} | {relative:+.1%} | {target} |")


def _superuser():
    """An administrator for the admin changelist (a reference: the issue compares with it)."""
    user = benchmark.user_named("benchmark-admin")
    user.is_staff = user.is_superuser = True
    user.save(update_fields=["is_staff", "is_superuser"])
    return user


def _timed(action, rounds):
    """(median wall seconds of ``rounds`` runs, last result) after one warm-up run."""
    result = action()
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result
