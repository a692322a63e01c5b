"""Scale-out, proved: two app servers and two workers on one PostgreSQL (issue 14).

Two gunicorn processes serve the staff workspace from the test database;
an approver's concurrent approvals through both of them never exceed the
call's budget. Two ``db_worker`` processes share the task queue; every
queued task runs exactly once (each e-mail task writes one file, none is
written twice). The marker e2e puts this test into the PostgreSQL run of
``make test`` only (scripts/run-tests.sh runs tests/e2e there, one file per
process); SQLite serialises writers and cannot show this.
"""

import email
import os
import re
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from funding.models import Application, Decision, FundingCall
from funding.tasks import send_email
from funding.workflow import State
from tests.factories import ApplicationFactory
from tests.funding import steps
from tests.funding.test_worker_recovery import _database_url, start_worker, stop, wait_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

APPLICATIONS = 6
BUDGET = Decimal("20000.00")  # room for two approvals of 8.000 €, not three
EMAILS = 24


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_server(name, media_root, log_dir):
    port = _free_port()
    env = {
        **os.environ, "DATABASE_URL": _database_url(), "SECRET_KEY": settings.SECRET_KEY,  # the sessions are the test's
        "DEBUG": "0",
        "ALLOWED_HOSTS": "127.0.0.1", "REQUIRE_STAFF_2FA": "0", "SECURE_COOKIES": "0", "SECURE_SSL_REDIRECT": "0",
        "MEDIA_ROOT": str(media_root), "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }
    log = open(log_dir / f"{name}.log", "wb")  # noqa: SIM115 - closed with the process
    command = [sys.executable, "-m", "gunicorn", "funding.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2",
               "--timeout", "120"]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log, process.base = log, f"http://127.0.0.1:{port}"
    wait_for(lambda: _answers(process.base + "/healthz"), f"{name} to listen", process=process)
    return process


def _answers(url):
    try:
        return urllib.request.urlopen(url, timeout=2).status == 200
    except OSError:
        return False


def _approve(base, session, pk):
    """GET the approval form through ``base`` (for its CSRF token), then POST it; returns the page."""
    url = base + reverse("staff:approve", args=[pk])
    cookies = f"{settings.SESSION_COOKIE_NAME}={session}"
    page = urllib.request.urlopen(urllib.request.Request(url, headers={"Cookie": cookies}), timeout=120)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", " ".join(page.headers.get_all("Set-Cookie") or [])).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.read().decode()).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "amount": "8000,00", "reasons": "",
                                   "no_conflict": "on"}).encode()
    request = urllib.request.Request(url, data=body, headers={"Cookie": f"{cookies}; csrftoken={csrf_cookie}"})
    return urllib.request.urlopen(request, timeout=120).status


def _sent(mail_dir):
    """Every message the file backend wrote (it appends messages to one file, separated by a line of dashes)."""
    for path in mail_dir.rglob("*.log"):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                yield email.message_from_bytes(chunk)


@pytest.fixture
def media_root(tmp_path, settings):
    """One media directory shared by the test, both app servers and both workers."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def reviewed(organisation, documents, line, alice, rita):
    FundingCall.objects.filter(pk=line.call_id).update(budget=BUDGET)
    return [steps.reviewed(ApplicationFactory(organisation=organisation, line=line), alice, rita)
            for _ in range(APPLICATIONS)]


def test_two_app_servers_and_two_workers_keep_the_budget_and_run_each_task_once(
    reviewed, anton, media_root, tmp_path
):
    assert connection.vendor == "postgresql", "the scale-out test belongs to the PostgreSQL run (marker e2e)"
    browser = Client()
    browser.force_login(anton)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value
    mail_dir = tmp_path / "mail"
    processes = [_start_server("app-a", media_root, tmp_path), _start_server("app-b", media_root, tmp_path)]
    try:
        servers = [process.base for process in processes]
        with ThreadPoolExecutor(max_workers=APPLICATIONS) as pool:
            statuses = list(pool.map(lambda item: _approve(servers[item[0] % 2], session, item[1].pk),
                                     enumerate(reviewed)))
        assert statuses == [200] * APPLICATIONS  # each request answered (a refusal is a page, not a 500)
        approved = Application.objects.filter(state=State.APPROVED)
        assert approved.count() == 2
        assert approved.aggregate(total=Sum("approved_amount"))["total"] <= BUDGET
        assert Decision.objects.count() == 2

        for number in range(EMAILS):
            send_email.enqueue(subject=f"scale-out {number:02d}", text="x", html="<p>x</p>", to=["a@example.org"])
        processes += [
            start_worker(f"worker-{name}", media_root, tmp_path, EMAIL_FILE_PATH=str(mail_dir / name),
                         EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend")
            for name in "ab"
        ]
        pending = DBTaskResult.objects.exclude(status__in=["SUCCESSFUL", "FAILED"])
        wait_for(lambda: not pending.exists(), "every task to finish", timeout=300, process=processes[-1])
    finally:
        for process in processes:
            stop(process)

    tasks = list(DBTaskResult.objects.all())
    assert tasks and all(task.status == "SUCCESSFUL" for task in tasks), [t.traceback for t in tasks if t.traceback]
    assert all(len(task.worker_ids) == 1 for task in tasks)  # claimed once, by one of the two workers
    assert {task.worker_ids[0].rsplit("-", 1)[0] for task in tasks} <= {"worker-a", "worker-b"}
    subjects = sorted(message["Subject"] for message in _sent(mail_dir))
    scale_out = [subject for subject in subjects if subject.startswith("scale-out")]
    assert scale_out == [f"scale-out {number:02d}" for number in range(EMAILS)]  # each exactly once
    assert len(subjects) == DBTaskResult.objects.filter(task_path="funding.tasks.send_email").count()
