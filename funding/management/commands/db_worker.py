"""``manage.py db_worker`` of django-tasks-db, with a heartbeat and lease recovery.

The same command and options as django-tasks-db's (this app is listed
before ``django_tasks_db`` in INSTALLED_APPS, so this one is found first);
the worker additionally keeps a ``WorkerHeartbeat`` row fresh and queues
again the tasks of workers that died (``funding.worker``).
"""

import os

from django.core.management.base import CommandError
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands import db_worker

from funding.worker import Heartbeat, reclaim_expired_tasks, worker_beat, worker_gone


class LeasedWorker(db_worker.Worker):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # One lease per process: a worker restarted under the same --worker-id
        # (systemd's mso-worker@1) must not keep its dead predecessor's tasks alive.
        self.worker_id = f"{self.worker_id}-{get_random_string(8)}"

    def run(self):
        worker_beat(self.worker_id)
        reclaim_expired_tasks()
        heartbeat = Heartbeat(self.worker_id)
        heartbeat.start()
        try:
            super().run()
        finally:
            heartbeat.stop()
            worker_gone(self.worker_id)


class Command(db_worker.Command):
    help = "Runs a database task worker with heartbeat; tasks of dead workers are queued again."

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options):
        # As django-tasks-db's handle(), with LeasedWorker instead of its Worker.
        self.configure_logging(verbosity)
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = LeasedWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
        )
        if reload and not batch:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
