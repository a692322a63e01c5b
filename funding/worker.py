"""Leases for django-tasks-db: a killed worker's tasks are picked up again.

django-tasks-db claims a task by setting it RUNNING with the worker's id,
and nothing ever looks at it again: a worker killed mid-task (``kill -9``,
OOM, a lost host) leaves it RUNNING for ever. Around that:

- every worker (``manage.py db_worker``, our subclass in
  ``funding/management/commands/db_worker.py``) keeps a ``WorkerHeartbeat``
  row fresh from a thread, every ``TASK_HEARTBEAT_SECONDS``, also while a
  task runs;
- the same thread runs ``reclaim_expired_tasks``: a RUNNING task whose
  worker has not been seen for ``TASK_LEASE_SECONDS`` is set READY again, so
  any worker runs it anew; after ``TASK_MAX_ATTEMPTS`` claims it is marked
  FAILED instead (a task that kills its worker every time), and so is the
  job (``BackgroundJob``) it was running.

Tasks are idempotent (letters are stored once, under the row lock; jobs
start over and reuse what exists), so a task that runs again, or in the
worst case twice at once, does no harm.
"""

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from funding.models import WorkerHeartbeat
from funding.services.jobs import jobs_fail_for_task

logger = logging.getLogger(__name__)
FORGET_WORKERS_AFTER = timedelta(days=1)


class WorkerLost(Exception):
    """Recorded as the failure of a task whose workers died too often."""


def heartbeat_seconds():
    return settings.TASK_HEARTBEAT_SECONDS


def lease():
    return timedelta(seconds=settings.TASK_LEASE_SECONDS)


def worker_beat(worker_id):
    """Records that ``worker_id`` is alive now."""
    now = timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(last_seen=now)
    if not updated:
        WorkerHeartbeat.objects.update_or_create(
            worker_id=worker_id,
            defaults={"last_seen": now, "started_at": now, "hostname": socket.gethostname()[:255], "pid": os.getpid()},
        )


def worker_gone(worker_id):
    """A worker that stops cleanly removes its row (it holds no task any more)."""
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def reclaim_expired_tasks():
    """Queues RUNNING tasks again whose worker's lease expired; returns (requeued, failed) ids."""
    now = timezone.now()
    expired_before = now - lease()
    alive = set(WorkerHeartbeat.objects.filter(last_seen__gte=expired_before).values_list("worker_id", flat=True))
    requeued, failed = [], []
    with transaction.atomic():
        candidates = DBTaskResult.objects.running().filter(started_at__lt=expired_before)
        for task in candidates.select_for_update(skip_locked=True):
            if task.worker_ids and task.worker_ids[-1] in alive:
                continue
            if len(task.worker_ids) >= settings.TASK_MAX_ATTEMPTS:
                _give_up(task)
                failed.append(str(task.id))
            else:
                task.status, task.started_at = TaskResultStatus.READY, None
                task.save(update_fields=["status", "started_at"])
                requeued.append(str(task.id))
    WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGET_WORKERS_AFTER).delete()
    for task_id in requeued:
        logger.warning("task %s: its worker stopped sending heartbeats; queued again", task_id)
    return requeued, failed


def _give_up(task):
    reason = (
        f"Der Hintergrundprozess wurde {len(task.worker_ids)}-mal beendet, bevor die Aufgabe fertig war "
        f"(zuletzt {task.worker_ids[-1]})."
    )
    logger.error("task %s given up: %s", task.id, reason)
    task.set_failed(WorkerLost(reason))
    jobs_fail_for_task(str(task.id), reason)


class Heartbeat(threading.Thread):
    """Keeps the worker's lease fresh and reclaims expired tasks, until stopped."""

    def __init__(self, worker_id):
        super().__init__(name=f"heartbeat-{worker_id}", daemon=True)
        self.worker_id = worker_id
        self.stopped = threading.Event()

    def run(self):
        try:
            while not self.stopped.wait(heartbeat_seconds()):
                self.beat()
        finally:
            connections.close_all()  # this thread's own connections

    def beat(self):
        try:
            worker_beat(self.worker_id)
            reclaim_expired_tasks()
        except DatabaseError:
            logger.exception("heartbeat of worker %s failed; trying again", self.worker_id)
            connections.close_all()

    def stop(self):
        self.stopped.set()
        self.join(timeout=heartbeat_seconds() + 5)
