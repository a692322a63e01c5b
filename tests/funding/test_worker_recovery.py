"""A worker killed mid-job: its task is picked up again and finishes exactly once (issue 8, finding 2).

Real ``manage.py db_worker`` processes on the test database: the first is
killed with SIGKILL while a bulk letter job is half done, a second one
takes over once the first one's lease has expired.
"""

import datetime
import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from funding.letters import sha256_hex
from funding.models import BulkLetterJob, Decision, Letter
from funding.services.bulk import bulk_job_create
from funding.services.letters import letter_bytes
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DECISIONS = 8
LEASE_SECONDS = 3


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = quote(db["USER"] or "")
    if db["PASSWORD"]:
        auth += ":" + quote(db["PASSWORD"])
    return f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(worker_id, media_root, log_dir, **extra_env):
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "SECRET_KEY": "worker-recovery-test",
        "DEBUG": "0",
        "MEDIA_ROOT": str(media_root),
        "TASK_HEARTBEAT_SECONDS": "1",
        "TASK_LEASE_SECONDS": str(LEASE_SECONDS),
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        **extra_env,
    }
    log = open(log_dir / f"{worker_id}.log", "wb")  # noqa: SIM115 - closed with the process
    command = [sys.executable, "manage.py", "db_worker", "--worker-id", worker_id, "--no-startup-delay",
               "--interval", "0.2", "--no-reload"]
    process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    return process


def stop(process, sig=signal.SIGTERM):
    if process.poll() is None:
        process.send_signal(sig)
        process.wait(timeout=60)
    process.log.close()


def wait_for(predicate, what, timeout=120, process=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"worker exited with {process.returncode} while waiting for {what}")
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture
def decided(organisation, line, anton):
    """Decisions imported without their Bescheid: the bulk job has to produce every letter."""
    now = timezone.now()
    apps = []
    for number in range(1, DECISIONS + 1):
        app = ApplicationFactory(
            organisation=organisation, line=line, state="approved", file_reference=f"MSO-K-{number:04d}",
            submitted_at=now, decided_at=now, approved_amount=Decimal("8000.00"),
            proof_due_date=datetime.date(2028, 5, 31),
        )
        Decision.objects.create(application=app, outcome=Decision.Outcome.APPROVED, amount=Decimal("8000.00"),
                                decided_by=anton)
        apps.append(app)
    return apps


def _job(job):
    return BulkLetterJob.objects.get(pk=job.pk)


def test_it_finishes_a_bulk_job_exactly_once_after_the_worker_was_killed(decided, anton, media_root, tmp_path):
    job = bulk_job_create(user=anton, applications=decided[0].__class__.objects.all(), description="alle")
    first = start_worker("worker-a", media_root, tmp_path)
    try:
        wait_for(lambda: _job(job).done >= 2, "the first letters", process=first)
    finally:
        first.kill()  # SIGKILL: no cleanup, no "failed", nothing
        first.wait(timeout=30)
        first.log.close()
    assert _job(job).status == BulkLetterJob.Status.RUNNING
    assert DBTaskResult.objects.get(pk=job.task_id).status == "RUNNING"

    second = start_worker("worker-b", media_root, tmp_path)
    try:
        wait_for(lambda: _job(job).status == BulkLetterJob.Status.DONE, "the job to finish", process=second)
    finally:
        stop(second)

    job = _job(job)
    assert (job.done, job.failed, job.attempts) == (DECISIONS, 0, 2)
    task = DBTaskResult.objects.get(pk=job.task_id)
    assert task.status == "SUCCESSFUL" and [worker.rsplit("-", 1)[0] for worker in task.worker_ids] == ["worker-a", "worker-b"]
    letters = Letter.objects.filter(kind=Letter.Kind.APPROVAL)
    assert sorted(letters.values_list("application_id", flat=True)) == sorted(app.pk for app in decided)
    for letter in letters:
        assert sha256_hex(letter_bytes(letter)) == letter.sha256
    _assert_zip_holds_the_stored_letters(job, letters)
    _assert_each_letter_mailed_once(letters)
    _assert_no_orphan_letter_files(media_root, letters)


def _assert_zip_holds_the_stored_letters(job, letters):
    with job.file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    assert sha256_hex(job.file.open("rb").read()) == job.sha256
    sums = archive.read("SHA256SUMS").decode()
    for letter in letters:
        name = letter.download_name()
        assert sha256_hex(archive.read(name)) == letter.sha256
        assert f"{letter.sha256}  {name}" in sums
    assert len(archive.namelist()) == DECISIONS + 1


def _assert_each_letter_mailed_once(letters):
    mailed = [
        letter_id
        for kwargs in DBTaskResult.objects.filter(task_path="funding.tasks.send_email").values_list("args_kwargs", flat=True)
        for letter_id in kwargs["kwargs"].get("letter_ids", [])
    ]
    assert sorted(mailed) == sorted(letter.pk for letter in letters)


def _assert_no_orphan_letter_files(media_root, letters):
    call_command("prune_orphan_files", min_age_hours=0, verbosity=0)
    stored = {Path(letter.file.name).name for letter in letters}
    on_disk = {path.name for path in (media_root / "letters").rglob("*.pdf")}
    assert on_disk == stored
