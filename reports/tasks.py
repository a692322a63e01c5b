"""Background jobs of the reports app (django-tasks, database backend)."""

from django_tasks import task


@task()
def generate_funding_report(*, report_id):
    """Renders and stores one Förderbericht; progress is written to its row."""
    from reports.foerderbericht import report_generate

    report_generate(report_id)
