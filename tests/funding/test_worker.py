"""Worker leases: tasks of dead workers are queued again, or given up with their job."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from applicants.tasks import issue_application_pdf
from funding.models import BulkLetterJob, Letter, WorkerHeartbeat
from funding.services import applications as services
from funding.services.bulk import bulk_job_create
from funding.worker import reclaim_expired_tasks, worker_beat
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def claimed_by(task_id, worker_id, *, minutes_ago, attempts=1):
    """The task as a worker left it: RUNNING since ``minutes_ago``, claimed ``attempts`` times."""
    task = DBTaskResult.objects.get(pk=task_id)
    task.status, task.started_at = "RUNNING", timezone.now() - timedelta(minutes=minutes_ago)
    task.worker_ids = [f"{worker_id}-{n}" for n in range(1, attempts)] + [worker_id]
    task.save()
    return task


def last_seen(worker_id, *, minutes_ago):
    WorkerHeartbeat.objects.create(worker_id=worker_id, last_seen=timezone.now() - timedelta(minutes=minutes_ago))


@pytest.fixture
def pdf_task(application, alice):
    services.application_submit(application=application, user=alice)
    DBTaskResult.objects.all().delete()  # the receipt is not what this is about
    return issue_application_pdf.enqueue(application_id=application.pk)


def test_it_queues_the_task_of_a_dead_worker_again(application, pdf_task, run_tasks):
    claimed_by(pdf_task.id, "dead", minutes_ago=5)
    last_seen("dead", minutes_ago=5)

    requeued, failed = reclaim_expired_tasks()

    assert (requeued, failed) == ([str(pdf_task.id)], [])
    run_tasks()
    run_tasks()
    assert Letter.objects.filter(application=application, kind=Letter.Kind.APPLICATION).count() == 1
    assert DBTaskResult.objects.get(pk=pdf_task.id).status == "SUCCESSFUL"


def test_it_leaves_the_task_of_a_live_worker_alone(pdf_task):
    claimed_by(pdf_task.id, "busy", minutes_ago=30)
    worker_beat("busy")

    assert reclaim_expired_tasks() == ([], [])
    assert DBTaskResult.objects.get(pk=pdf_task.id).status == "RUNNING"


def test_it_reclaims_a_task_whose_worker_never_registered(pdf_task):
    claimed_by(pdf_task.id, "unknown", minutes_ago=5)

    assert reclaim_expired_tasks() == ([str(pdf_task.id)], [])


def test_it_waits_for_the_lease_of_a_fresh_claim(pdf_task, settings):
    settings.TASK_LEASE_SECONDS = 600
    claimed_by(pdf_task.id, "dead", minutes_ago=5)

    assert reclaim_expired_tasks() == ([], [])


@pytest.fixture
def failed_job(organisation, line, alice, rita, anton, settings, documents):
    steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    job = bulk_job_create(user=anton, applications=organisation.applications.all(), description="Auswahl")
    claimed_by(job.task_id, "crashed", minutes_ago=5, attempts=settings.TASK_MAX_ATTEMPTS)
    reclaim_expired_tasks()
    return BulkLetterJob.objects.get(pk=job.pk)


def test_it_gives_up_after_the_last_attempt_and_fails_the_job(failed_job, settings):
    task = DBTaskResult.objects.get(pk=failed_job.task_id)
    assert task.status == "FAILED" and "WorkerLost" in task.exception_class_path
    assert failed_job.status == BulkLetterJob.Status.FAILED
    assert f"{settings.TASK_MAX_ATTEMPTS}-mal beendet" in failed_job.error


def test_it_shows_the_failure_and_restarts_the_job_from_its_page(client, failed_job, anton, run_tasks):
    client.force_login(anton)
    page = client.get(reverse("staff:bulk_detail", args=[failed_job.pk])).content.decode()
    assert "Fehlgeschlagen" in page and "Der Auftrag ist fehlgeschlagen. Grund:" in page
    assert failed_job.error in page and 'http-equiv="refresh"' not in page
    restart = reverse("staff:bulk_restart", args=[failed_job.pk])
    assert f'action="{restart}"' in page

    response = client.post(restart)

    assert response["Location"] == reverse("staff:bulk_detail", args=[failed_job.pk])
    job = BulkLetterJob.objects.get(pk=failed_job.pk)
    assert job.status == BulkLetterJob.Status.QUEUED and job.task_id != failed_job.task_id and not job.error
    run_tasks()
    job.refresh_from_db()
    assert (job.status, job.done, job.progress) == (BulkLetterJob.Status.DONE, 1, 100)


def test_it_restarts_only_for_staff_who_own_the_job_and_only_by_post(client, failed_job, alice, rita, anton):
    restart = reverse("staff:bulk_restart", args=[failed_job.pk])
    for user in (alice, rita):  # an applicant, a colleague who did not start the job
        client.force_login(user)
        assert client.post(restart).status_code == 404
    client.force_login(anton)
    assert client.get(restart).status_code == 405
    assert BulkLetterJob.objects.get(pk=failed_job.pk).status == BulkLetterJob.Status.FAILED


def test_it_refuses_to_restart_a_job_that_did_not_fail(client, failed_job, anton):
    BulkLetterJob.objects.filter(pk=failed_job.pk).update(status=BulkLetterJob.Status.RUNNING)
    client.force_login(anton)

    page = client.post(reverse("staff:bulk_restart", args=[failed_job.pk]), follow=True).content.decode()

    assert "Nur ein fehlgeschlagener Auftrag kann neu gestartet werden." in page
    assert BulkLetterJob.objects.get(pk=failed_job.pk).task_id == failed_job.task_id


def test_it_gives_each_worker_process_its_own_lease():
    from funding.management.commands.db_worker import LeasedWorker

    options = dict(queue_names=["default"], interval=1, batch=True, backend_name="default", startup_delay=False,
                   max_tasks=None, excluded_queue_names=[])
    first, restarted = LeasedWorker(worker_id="host-1", **options), LeasedWorker(worker_id="host-1", **options)
    assert first.worker_id.startswith("host-1-") and restarted.worker_id.startswith("host-1-")
    assert first.worker_id != restarted.worker_id
