"""Background tasks (django-tasks with the database backend).

Tasks take only JSON-serialisable arguments and are idempotent where a
retry could otherwise do the work twice.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def send_email(*, subject, text, html, to, letter_ids=()):
    from funding.models import Letter
    from funding.services.letters import letter_bytes

    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    for letter in Letter.objects.filter(pk__in=letter_ids).select_related("application"):
        message.attach(letter.download_name(), letter_bytes(letter), "application/pdf")
    message.send()


@task()
def issue_receipt(*, application_id):
    """Creates the Eingangsbestätigung once and e-mails it to the applicant."""
    from funding.services.letters import send_receipt

    send_receipt(application_id)


@task()
def run_bulk_letter_job(*, job_id):
    """Collects the Bescheide of a BulkLetterJob into one ZIP file."""
    from funding.services.bulk import bulk_job_run

    bulk_job_run(job_id)


@task()
def send_due_reminders(*, reschedule=False):
    """Sends every due reminder once; optionally schedules the next run."""
    from funding.services.reminders import reminders_send, schedule_next_run

    reminders_send()
    if reschedule:
        schedule_next_run()


@task()
def run_efile_export_job(*, job_id):
    """Writes the e-files of a call's applications into one ZIP (EfileExportJob)."""
    from funding.services.efile import efile_job_run

    efile_job_run(job_id)
