"""Reminders for proofs of use and change requests: due ones, each only once."""

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from funding.models import Application, ReminderSent
from funding.services import reminders
from funding.services.applications import application_request_changes
from funding.tasks import send_due_reminders
from tests.funding import steps

pytestmark = pytest.mark.django_db


def set_due(app, days_from_today):
    Application.objects.filter(pk=app.pk).update(proof_due_date=timezone.localdate() + timedelta(days=days_from_today))


def reminder_mails():
    return [m for m in mail.outbox if "Erinnerung" in m.subject or "Mahnung" in m.subject]


@pytest.fixture
def approved(application, alice, rita, anton):
    return steps.approved(application, alice, rita, anton)


@pytest.mark.parametrize(
    ("days", "kind"),
    [(10, reminders.PROOF_DUE_SOON), (0, reminders.PROOF_DUE_SOON), (-1, reminders.PROOF_OVERDUE)],
)
def test_it_finds_due_proofs(approved, days, kind):
    set_due(approved, days)
    assert [(app.pk, found) for app, found, _due in reminders.due_reminders(timezone.localdate())] == [(approved.pk, kind)]


def test_it_ignores_proofs_due_later_and_submitted_proofs(application, alice, rita, anton, finn):
    app = steps.proof_submitted(application, alice, rita, anton, finn)
    set_due(app, -5)
    assert reminders.due_reminders(timezone.localdate()) == []


def test_it_never_sends_the_same_reminder_twice(approved, run_tasks):
    set_due(approved, -3)
    mail.outbox.clear()

    assert reminders.reminders_send() == 1
    assert reminders.reminders_send() == 0
    call_command("send_reminders", stdout=StringIO())
    run_tasks()

    assert len(reminder_mails()) == 1
    assert "Mahnung" in reminder_mails()[0].subject and approved.file_reference in reminder_mails()[0].subject
    assert ReminderSent.objects.filter(application=approved).count() == 1


def test_it_sends_again_for_a_new_due_date(approved):
    set_due(approved, 5)
    reminders.reminders_send()
    set_due(approved, 20)
    assert reminders.reminders_send() == 1


def test_it_reminds_of_unanswered_change_requests(application, alice, rita, run_tasks):
    app = steps.in_review(application, alice, rita)
    application_request_changes(application=app, user=rita, message="Bitte Angebot hochladen.")
    assert reminders.reminders_send() == 0  # not yet overdue

    Application.objects.filter(pk=app.pk).update(changes_requested_at=timezone.now() - timedelta(days=15))
    mail.outbox.clear()
    assert reminders.reminders_send() == 1
    run_tasks()
    assert "Nachforderung" in reminder_mails()[0].subject


def test_it_takes_the_day_from_the_command_line(approved):
    set_due(approved, 60)
    out = StringIO()
    later = timezone.localdate() + timedelta(days=45)
    call_command("send_reminders", "--today", later.isoformat(), stdout=out)
    assert "1 Erinnerung(en) versendet." in out.getvalue()


def test_it_schedules_the_daily_task_once(approved, run_tasks):
    set_due(approved, -1)
    out = StringIO()
    call_command("send_reminders", "--schedule", stdout=out)
    call_command("send_reminders", "--schedule", stdout=out)
    assert "Bereits eingeplant." in out.getvalue()

    send_due_reminders.enqueue(reschedule=True)
    run_tasks()

    assert ReminderSent.objects.filter(application=approved).count() == 1


def test_it_runs_daily_at_six():
    now = timezone.make_aware(datetime(2027, 5, 3, 7, 0))
    assert timezone.localtime(reminders.next_run_at(now)) == timezone.make_aware(datetime(2027, 5, 4, 6, 0))
    early = timezone.make_aware(datetime(2027, 5, 3, 5, 0))
    assert timezone.localtime(reminders.next_run_at(early)) == timezone.make_aware(datetime(2027, 5, 3, 6, 0))
