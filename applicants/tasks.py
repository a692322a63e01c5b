"""Background tasks of the portal (django-tasks, database backend)."""

from django_tasks import task


@task()
def issue_application_pdf(*, application_id):
    """Stores the submitted application as PDF, once per submission."""
    from applicants.services.letters import application_pdf_issue

    application_pdf_issue(application_id)
