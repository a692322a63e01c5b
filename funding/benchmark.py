"""``manage.py benchmark``: seeds many applications and measures CPU per request against a bare view.

Seeding reuses ``reports.benchmark.BenchmarkSeeder`` (``bulk_create`` in
batches, not the workflow) and then rebuilds the kept figures
(``funding.summary.rebuild``), so the queue's counts and the report cells
are what the workflow would have left. Several sizes each get their own
copy of the migrated database (``databases``) and their own connection
(``use_database``).

CPU per request is the CPU time of this process (``time.process_time``,
the whole Django stack through the test client, middleware included) plus
the CPU time of the PostgreSQL backend serving this connection (its run
time from ``/proc/<pid>/schedstat`` of ``pg_backend_pid()``, the server
runs on the same machine). Parallel query workers are switched off in the
benchmark's sessions, so the backend does all the database work itself.
CPU time is measured in rounds: every item is requested a few times per
round, items (and sizes) interleaved, so a busy moment of the machine hits
all alike; an item's figure is the median of its rounds. With several sizes
each item is measured at every size back to back within a round, and its
growth is the median of those pairs' ratios (``paired_growth``). Only for
throwaway databases (``make benchmark``).
"""

import io
import os
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.utils import load_backend
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from pypdf import PdfReader

from applicants.models import Membership, Organisation
from funding import roles, summary
from funding.models import Application, FundingLine
from reports.benchmark import BATCH, BenchmarkSeeder, benchmark_calls, benchmark_user
from reports.management.commands.benchmark_reports import _settle

OVERVIEW_APPLICATIONS = 500
TICKS = os.sysconf("SC_CLK_TCK")


def bare(request):
    """The floor: a view that only reads who is logged in (session and user, as every page), behind all middleware."""
    return HttpResponse(request.user.get_username())


# The benchmark's URLconf: the project's plus the bare view.
urlpatterns = [path("__benchmark__/bare/", bare), path("", include("funding.urls"))]


# --- seeding -----------------------------------------------------------------


def seed(size, log):
    """Grows the benchmark data to ``size`` applications; returns how many were added."""
    existing = Application.objects.filter(call__in=benchmark_calls()).count()
    if existing > size:
        raise ValueError(f"{existing} benchmark applications present, more than {size}")
    if existing == size:
        return 0
    seeder = BenchmarkSeeder(applications=size, log=log)
    if existing:
        seeder.lines = [list(FundingLine.objects.filter(call=call).order_by("order")) for call in benchmark_calls()]
        seeder.organisations = list(Organisation.objects.filter(name__startswith="Benchmark-Verein"))
        for start in range(existing, size, BATCH):
            seeder._batch(start, min(start + BATCH, size))
            log(f"  {min(start + BATCH, size):>7} Anträge")
        seeder._set_budgets()
    else:
        seeder.run()
    _overview_organisation()
    cells = summary.rebuild()
    log(f"  Zählungen und {cells} Berichtszellen neu berechnet")
    _settle()
    return size - existing


def _overview_organisation():
    """An organisation with OVERVIEW_APPLICATIONS applications and a representative who logs in."""
    organisation = Organisation.objects.filter(name="Benchmark-Großverein e.V.").first()
    if organisation is None:
        template = Organisation.objects.filter(name__startswith="Benchmark-Verein").first()
        template.pk, template.name = None, "Benchmark-Großverein e.V."
        template.save()
        organisation = template
    user = user_named("benchmark-verein")
    Membership.objects.get_or_create(user=user, organisation=organisation, defaults={"role": "representative"})
    missing = OVERVIEW_APPLICATIONS - organisation.applications.count()
    if missing > 0:
        others = Application.objects.filter(call__in=benchmark_calls()).exclude(organisation=organisation)
        ids = list(others.order_by("pk").values_list("pk", flat=True)[:missing])
        Application.objects.filter(pk__in=ids).update(organisation=organisation)
    return organisation


def user_named(username):
    user, _created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": "Bench"})
    return user


# --- measuring ---------------------------------------------------------------


def _backend_cpu():
    """CPU seconds of this connection's PostgreSQL backend so far (0 on other databases).

    From the scheduler's run time in nanoseconds (``/proc/PID/schedstat``):
    utime and stime in ``/proc/PID/stat`` count whole clock ticks (10 ms),
    coarser than the bare view's database work over a whole run (about
    0.25 ms per request, 10 ms in 40 requests), so the floor every ratio
    divides by moved by a tick. The ticks only where schedstat is missing.
    """
    if connection.vendor != "postgresql":
        return 0.0
    pid = _backend_pid()
    try:
        with open(f"/proc/{pid}/schedstat") as handle:
            return int(handle.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        with open(f"/proc/{pid}/stat") as handle:
            fields = handle.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


_PID = {}  # id(psycopg connection): (that connection, its backend's pid)


def _backend_pid():
    connection.ensure_connection()
    raw = connection.connection
    kept = _PID.get(id(raw))
    if kept is None or kept[0] is not raw:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            kept = _PID[id(raw)] = (raw, cursor.fetchone()[0])
    return kept[1]


# --- one database per size ---------------------------------------------------


@contextmanager
def databases(sizes):
    """{size: database name}: for one size the configured database; for several, one copy of it per size,
    made before anything is seeded (the migrated schema), dropped at the end.

    Copies for every size, not the configured database for the first: the
    one the migrations ran in measured its floor 1 to 8 % dearer than a
    fresh copy in every run (its system catalogs hold the migrations' dead
    rows), which went into the growth between the sizes.

    Each size keeps its own connection (``use_database``), so the sizes'
    rounds can be interleaved and the connections keep their prepared
    statements, as a server's persistent connections do.
    """
    original = connections[DEFAULT_DB_ALIAS]
    base = original.settings_dict["NAME"]
    names = {sizes[0]: base} if len(sizes) == 1 else {size: f"{base}_{size}" for size in sizes}
    copies = [name for name in names.values() if name != base]
    if copies:
        original.close()  # a template must have no connections
        with original._nodb_cursor() as cursor:
            for name in copies:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}" TEMPLATE "{base}"')
    _WRAPPERS.clear()
    _WRAPPERS[base] = original
    try:
        yield names
    finally:
        connections[DEFAULT_DB_ALIAS] = original
        for wrapper in _WRAPPERS.values():
            wrapper.close()
        _WRAPPERS.clear()
        if copies:
            with original._nodb_cursor() as cursor:
                for name in copies:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


_WRAPPERS = {}  # database name: its connection (a Django DatabaseWrapper under the default alias)


def use_database(name):
    """Makes the database ``name`` (of ``databases``) the default connection, its own connection kept open."""
    wrapper = _WRAPPERS.get(name)
    if wrapper is None:
        settings_dict = {**connections[DEFAULT_DB_ALIAS].settings_dict, "NAME": name}
        wrapper = _WRAPPERS[name] = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = wrapper
    wrapper.ensure_connection()
    if wrapper.__dict__.get("_benchmark_session") is not wrapper.connection:  # once per (new) connection
        with wrapper.cursor() as cursor:
            cursor.execute("SET max_parallel_workers_per_gather = 0")  # all database work in our backend
        wrapper.__dict__["_benchmark_session"] = wrapper.connection


@dataclass
class Item:
    label: str
    action: callable  # runs one request (or job) and returns something truthy
    per_round: int = 5
    queries: callable = None  # counts the queries of one request
    app_cpu: float = 0.0
    db_cpu: float = 0.0
    wall: float = 0.0
    runs: int = 0
    query_count: int | None = None
    extra: dict = field(default_factory=dict)
    rounds: list = field(default_factory=list)  # CPU per run of each round

    @property
    def cpu(self):
        """CPU per run: the median of the rounds' (their mean where none were kept).

        A round in which the machine was busy elsewhere (a neighbour, the
        cycle collector, a cache emptied by the item before) moves the mean
        of 8 rounds by up to a fifth for the 2 ms floor, and every ratio
        divides by the floor; the median of the rounds does not follow one
        such round (docs/performance.md, tenth round).
        """
        if self.rounds:
            return statistics.median(self.rounds)
        return (self.app_cpu + self.db_cpu) / self.runs if self.runs else 0.0

    @property
    def wall_per_run(self):
        return self.wall / self.runs if self.runs else 0.0


def measure(items, rounds):
    """Runs every item ``per_round`` times per round, interleaved; accumulates CPU and wall time."""
    warm_up(items)
    for _round in range(rounds):
        measure_round(items)


def warm_up(items):
    """One untimed run of each item (templates, fonts, plans) and its query count."""
    for item in items:
        item.action()
        if item.queries:
            item.query_count = item.queries()


def measure_round(items):
    """One round: every item ``per_round`` times, one after the other."""
    for item in items:
        measure_item(item)


def measure_item(item):
    """The item ``per_round`` times; its CPU per run becomes one more of its rounds."""
    db_before, app_before, wall_before = _backend_cpu(), time.process_time(), time.perf_counter()
    for _ in range(item.per_round):
        item.action()
    item.wall += time.perf_counter() - wall_before
    app, db = time.process_time() - app_before, _backend_cpu() - db_before
    item.app_cpu += app
    item.db_cpu += db
    item.runs += item.per_round
    item.rounds.append((app + db) / item.per_round)


def paired_growth(before, after, floor_before=None, floor_after=None):
    """The median over the rounds of ``after``'s CPU per run against ``before``'s in the same round, minus one
    (each as a multiple of its floor in that round where the floors are given).

    The two are measured one right after the other in every round (in turn
    which first), so a faster or slower second of the machine falls on both;
    the ratio of two medians over the whole run let minutes of it in.
    """
    ratios = []
    for index, (first, last) in enumerate(zip(before.rounds, after.rounds)):
        if floor_before is not None:
            first, last = first / floor_before.rounds[index], last / floor_after.rounds[index]
        ratios.append(last / first if first else 0.0)
    return statistics.median(ratios) - 1 if ratios else 0.0


def count_queries(action):
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured)


class Browser:
    """A logged-in test client; every request runs the whole middleware stack in this process."""

    def __init__(self, user):
        self.client = Client()
        self.client.force_login(user)

    def get(self, url, **params):
        response = self.client.get(url, params, secure=True)
        if response.status_code != 200:
            raise AssertionError(f"{url} {params}: {response.status_code}")
        if hasattr(response, "streaming_content"):
            size = sum(len(chunk) for chunk in response.streaming_content)
            if getattr(response, "file_to_stream", None):  # not response.close(): that ends the connection
                response.file_to_stream.close()
            return size
        return len(response.content)


def staff_user():
    from funding.models import Authority, StaffRole

    user = benchmark_user()
    for group in (roles.REVIEWER, roles.FINANCE):
        user.groups.add(Group.objects.get(name=group))
        for authority in Authority.objects.all():
            StaffRole.objects.get_or_create(user=user, authority=authority, role=group)
    roles.forget(user)
    return user


def deep_cursor(page_number, size):
    """(page, cursor): the cursor before page ``page_number`` of the queue's default order (or its last page)."""
    from funding.keyset import encode
    from funding.staff.access import submitted_applications

    rows = submitted_applications().order_by("-created_at", "-pk").values_list("created_at", "pk")
    page_number = min(page_number, (rows.count() - 1) // size + 1)
    offset = (page_number - 1) * size - 1
    return page_number, encode(*rows[offset])


def pdf_pages(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)
