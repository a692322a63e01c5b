"""The yearly funding report (Förderbericht) as PDF.

The PDF is rendered by ``funding.letters.render_pdf``, the same locked-down
WeasyPrint path as the letters, from the same figures as the dashboard and
the XLSX overview. Large reports run as a background job
(``reports.tasks.generate_funding_report``) that records its progress on the
``FundingReport`` row and stores the finished file with its SHA-256.
"""

import itertools
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from funding.letters import render_pdf, sha256_hex
from funding.models import Authority
from reports.charts import report_charts
from reports.exports import GRANTS, export_records
from reports.figures import BUDGET_COLUMNS, GROUP_COLUMNS, report_figures
from reports.filters import report_filter
from reports.models import FundingReport

logger = logging.getLogger(__name__)

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


def _filter_for(query):
    report = report_filter(QueryDict(query))
    if not report.is_valid():
        raise ValueError(f"invalid report filter: {report.errors.as_json()}")
    return report


def _authority(report):
    call = report.scope_calls().select_related("programme__authority").order_by("-opens_on").first()
    return call.programme.authority if call else Authority.objects.order_by("pk").first()


def report_context(query, progress=lambda percent, stage: None):
    """Everything the PDF template needs, from the filter's query string."""
    report = _filter_for(query)
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


def render_report_pdf(query, progress=lambda percent, stage: None):
    context = report_context(query, progress)
    progress(60, _("PDF wird gesetzt"))
    return render_pdf("reports/foerderbericht.html", context)


def report_create(*, user, query):
    """Creates the job row and queues the job in the same transaction."""
    from reports.tasks import generate_funding_report

    title = report_title(_filter_for(query).values)
    with transaction.atomic():
        report = FundingReport.objects.create(
            title=title, query=query, created_by=user, stage=_("Wartet auf Bearbeitung"))
        generate_funding_report.enqueue(report_id=report.pk)
    return report


def _progress(report_id, percent, stage, **extra):
    FundingReport.objects.filter(pk=report_id).update(progress=percent, stage=stage, **extra)


def report_generate(report_id):
    """Runs one job: render, store with SHA-256, mark done (or failed)."""
    report = FundingReport.objects.get(pk=report_id)
    if report.status == FundingReport.Status.DONE:
        return
    _progress(report.pk, 5, _("Wird gestartet"), status=FundingReport.Status.RUNNING)
    try:
        pdf = render_report_pdf(report.query, lambda percent, stage: _progress(report.pk, percent, stage))
    except Exception as exc:
        logger.exception("Förderbericht %s failed", report.pk)
        _progress(report.pk, 100, _("Fehlgeschlagen"), status=FundingReport.Status.FAILED, error=str(exc)[:2000],
                  finished_at=timezone.now())
        raise
    report.refresh_from_db()
    report.file.save(f"foerderbericht-{report.pk}.pdf", ContentFile(pdf), save=False)
    report.sha256, report.size = sha256_hex(pdf), len(pdf)
    report.status, report.progress, report.stage = FundingReport.Status.DONE, 100, _("Fertig")
    report.finished_at = timezone.now()
    report.save()
