"""Reminders for proofs of use and unanswered change requests.

Each reminder is identified by (application, kind, due date). A
``ReminderSent`` row with that key is written in the same transaction that
queues the e-mail; its unique constraint makes a second run (or a run
racing this one) skip what was already sent. A new due date, e.g. a new
change request, is a new reminder.
"""

import logging
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from funding.models import Application, ReminderSent
from funding.notifications import organisation_addresses, queue_email
from funding.workflow import AWAITING_APPLICANT_STATES, State

logger = logging.getLogger(__name__)

PROOF_DUE_SOON = "proof_due_soon"
PROOF_OVERDUE = "proof_overdue"
CHANGES_UNANSWERED = "changes_unanswered"
# Next scheduled run of the self-rescheduling task: every day at this time.
DAILY_RUN_AT = time(6, 0)


def due_reminders(today):
    """``(application, kind, due_date)`` for every reminder due on ``today``."""
    soon = today + timedelta(days=settings.REMINDER_PROOF_DUE_SOON_DAYS)
    answer_by = today - timedelta(days=settings.REMINDER_CHANGES_UNANSWERED_DAYS)
    approved = Application.objects.filter(state=State.APPROVED, proof_due_date__isnull=False)
    found = [(app, PROOF_DUE_SOON, app.proof_due_date) for app in approved.filter(proof_due_date__range=(today, soon))]
    found += [(app, PROOF_OVERDUE, app.proof_due_date) for app in approved.filter(proof_due_date__lt=today)]
    cutoff = timezone.make_aware(datetime.combine(answer_by, time.max))
    waiting = Application.objects.filter(state__in=AWAITING_APPLICANT_STATES, changes_requested_at__lte=cutoff)
    found += [(app, CHANGES_UNANSWERED, timezone.localdate(app.changes_requested_at)) for app in waiting]
    return found


def _already_sent(found):
    keys = {(app.pk, kind, due) for app, kind, due in found}
    sent = ReminderSent.objects.filter(application_id__in={pk for pk, _kind, _due in keys})
    return set(sent.values_list("application_id", "kind", "due_date")) & keys


def reminder_send(application, kind, due_date, today):
    """Sends one reminder unless it was sent before; True when sent now."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(application=application, kind=kind, due_date=due_date)
            queue_email(
                "reminder",
                to=organisation_addresses(application.organisation),
                context={"application": application, "kind": kind, "due_date": due_date, "today": today},
            )
    except IntegrityError:
        return False
    return True


def reminders_send(today=None):
    """Sends every due reminder that was not sent yet; returns how many were sent."""
    today = today or timezone.localdate()
    found = due_reminders(today)
    sent_before = _already_sent(found)
    count = 0
    for app, kind, due in found:
        if (app.pk, kind, due) not in sent_before:
            count += reminder_send(app, kind, due, today)
    logger.info("reminders sent: %s", count)
    return count


def next_run_at(now=None):
    """The next daily run time after ``now``, in the configured time zone."""
    now = timezone.localtime(now)
    run = timezone.make_aware(datetime.combine(now.date(), DAILY_RUN_AT))
    return run if run > now else run + timedelta(days=1)


def schedule_next_run():
    """Enqueues the reminder task for the next daily run, unless one is waiting."""
    from funding.tasks import send_due_reminders

    if _run_waiting(send_due_reminders):
        return None
    return send_due_reminders.using(run_after=next_run_at()).enqueue(reschedule=True)


def _run_waiting(task):
    # Only the database backend can be asked; elsewhere a duplicate run is
    # harmless anyway, because ReminderSent prevents sending anything twice.
    if "django_tasks_db" not in settings.INSTALLED_APPS:
        return False
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=task.module_path, status="READY").exists()
