"""``manage.py benchmark``: seeds many applications and measures CPU per request against a bare view.

Seeding reuses ``reports.benchmark.BenchmarkSeeder`` (``bulk_create`` in
batches, not the workflow) and then rebuilds the kept figures
(``funding.summary.rebuild``), so the queue's counts and the report cells
are what the workflow would have left. Growing to a larger size adds
applications to the same calls and organisations.

CPU per request is the CPU time of this process (``time.process_time``,
the whole Django stack through the test client, middleware included) plus
the CPU time of the PostgreSQL backend serving this connection (utime +
stime of ``pg_backend_pid()`` from ``/proc/<pid>/stat``, the server runs
on the same machine). Parallel query workers are switched off in the
benchmark's session, so the backend does all the database work itself.
CPU time is measured in rounds: every item is requested a few times per
round, items interleaved, so a busy moment of the machine hits all items
alike. Only for throwaway databases (``make benchmark``).
"""

import io
import os
import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
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
    """CPU seconds of this connection's PostgreSQL backend so far (0 on other databases)."""
    if connection.vendor != "postgresql":
        return 0.0
    pid = _backend_pid()
    with open(f"/proc/{pid}/stat") as handle:
        fields = handle.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


_PID = {}


def _backend_pid():
    key = id(connection.connection)
    if key not in _PID:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            _PID.clear()
            _PID[key] = cursor.fetchone()[0]
    return _PID[key]


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

    @property
    def cpu(self):
        return (self.app_cpu + self.db_cpu) / self.runs if self.runs else 0.0

    @property
    def wall_per_run(self):
        return self.wall / self.runs if self.runs else 0.0


def measure(items, rounds):
    """Runs every item ``per_round`` times per round, interleaved; accumulates CPU and wall time."""
    for item in items:  # warm-up: templates, fonts, plans
        item.action()
        if item.queries:
            item.query_count = item.queries()
    for _round in range(rounds):
        for item in items:
            db_before, app_before, wall_before = _backend_cpu(), time.process_time(), time.perf_counter()
            for _ in range(item.per_round):
                item.action()
            item.wall += time.perf_counter() - wall_before
            item.app_cpu += time.process_time() - app_before
            item.db_cpu += _backend_cpu() - db_before
            item.runs += item.per_round


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
