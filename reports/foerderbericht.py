"""The yearly funding report (Förderbericht) as PDF.

The PDF is rendered by ``funding.letters.render_pdf``, the same locked-down
WeasyPrint path as the letters, from the same figures as the dashboard and
the XLSX overview. Large reports run as a background job
(``reports.tasks.generate_funding_report``) that records its progress on the
``FundingReport`` row (a ``BackgroundJob``) and stores the finished file with
its SHA-256.
"""

import itertools

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.letters import render_pdf
from funding.models import Authority
from funding.services.jobs import job_create, job_run, job_store_file, job_update
from funding.services.transitions import WorkflowError
from reports.charts import report_charts
from reports.exports import GRANTS, export_records
from reports.figures import BUDGET_COLUMNS, GROUP_COLUMNS, report_figures
from reports.filters import report_filter
from reports.models import FundingReport

# The PDF lists funded projects up to this number; the XLSX grants list
# always has all of them. A printed list of tens of thousands of rows helps
# nobody and would take minutes to typeset.
DEFAULT_PROJECT_LIMIT = 500


def project_limit():
    return getattr(settings, "REPORTS_PDF_PROJECT_LIMIT", DEFAULT_PROJECT_LIMIT)


def report_title(values):
    """ "Förderbericht 2024", "Förderbericht 01.03.2024–30.06.2024", and the call or line if narrowed."""
    start, end = values["date_from"], values["date_to"]
    if start and end and (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        title = _("Förderbericht %(period)s") % {"period": start.year}
    elif start or end:
        period = "–".join(day.strftime("%d.%m.%Y") if day else "…" for day in (start, end))
        title = _("Förderbericht %(period)s") % {"period": period}
    else:
        title = _("Förderbericht (gesamter Zeitraum)")
    scope = values["line"] or values["call"]
    return f"{title} – {scope}" if scope else title


def _filter_for(query, user=None):
    report = report_filter(QueryDict(query), user)
    if not report.is_valid():
        raise ValueError(f"invalid report filter: {report.errors.as_json()}")
    return report


def _authority(report):
    call = report.scope_calls().select_related("programme__authority").order_by("-opens_on").first()
    return call.programme.authority if call else Authority.objects.order_by("pk").first()


def report_context(query, progress=lambda percent, stage: None, user=None):
    """Everything the PDF template needs, from the filter's query string (in ``user``'s authorities)."""
    report = _filter_for(query, user)
    progress(10, _("Zahlen werden berechnet"))
    figures = report_figures(report)
    progress(40, _("Diagramme und Projektliste werden erstellt"))
    limit = project_limit()
    projects = list(itertools.islice(export_records(GRANTS, report.qs), limit))
    return {
        "title": report_title(report.values),
        "authority": _authority(report),
        "created_on": timezone.localdate(),
        "figures": figures,
        "charts": report_charts(figures),
        "group_columns": GROUP_COLUMNS,
        "budget_columns": BUDGET_COLUMNS,
        "projects": projects,
        "projects_truncated": figures.totals.funded > len(projects),
        "project_limit": limit,
    }


def render_report_pdf(query, progress=lambda percent, stage: None, user=None):
    context = report_context(query, progress, user)
    progress(60, _("PDF wird gesetzt"))
    return render_pdf("reports/foerderbericht.html", context)


def report_create(*, user, query):
    """Creates the job row of the one authority the filter covers and queues the job in the same transaction."""
    report = _filter_for(query, user)
    authorities = set(report.scope_calls().values_list("programme__authority", flat=True))
    if len(authorities) != 1:
        raise WorkflowError(_("Ein Förderbericht gilt für eine Behörde. Bitte wählen Sie einen Förderaufruf."))
    return job_create(FundingReport, title=report_title(report.values), query=query, created_by=user,
                      authority_id=authorities.pop(), stage=_("Wartet auf Bearbeitung"))


def report_generate(report_id):
    """Runs one job: render, store with SHA-256, mark done (or failed with the reason)."""
    return job_run(FundingReport, report_id, _generate)


def _generate(report):
    def progress(percent, stage):
        job_update(report, progress=percent, stage=stage)

    progress(5, _("Wird gestartet"))
    # The figures of the authorities where the person who started the job holds a role, as on the dashboard.
    pdf = render_report_pdf(report.query, progress, user=report.created_by)
    job_store_file(report, f"foerderbericht-{report.pk}.pdf", pdf, size=len(pdf), stage=_("Fertig"))
