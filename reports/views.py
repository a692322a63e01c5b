"""Staff reports: dashboard, exports and Förderbericht jobs.

Every view reads the same ``ReportFilter`` from the query string; links to
exports and to a new Förderbericht carry the current query string along.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponseBadRequest, QueryDict, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from funding.decorators import staff_required
from funding.downloads import file_download
from funding.services.jobs import job_restart
from funding.services.transitions import WorkflowError
from funding.tenancy import for_staff
from reports.charts import report_charts
from reports.exports import EXPORTS, csv_lines, xlsx_file
from reports.figures import BUDGET_COLUMNS, GROUP_COLUMNS, report_figures
from reports.filters import report_filter
from reports.foerderbericht import report_create
from reports.models import FundingReport

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_REPORTS = 10


def _query(request):
    """The filter part of the query string, as it goes into links and jobs."""
    return request.GET.urlencode()


def _own_reports(user):
    """A Förderbericht is a job of one authority: only the person who started it sees it, while they hold a role there."""
    return for_staff(FundingReport.objects.filter(created_by=user), user)


@staff_required
def dashboard(request):
    filterset = report_filter(request.GET, request.user)
    context = {"filter": filterset, "query": _query(request), "group_columns": GROUP_COLUMNS,
               "budget_columns": BUDGET_COLUMNS}
    if filterset.is_valid():
        figures = report_figures(filterset)
        context.update(figures=figures, charts=report_charts(figures))
    return render(request, "reports/dashboard.html", context, status=200 if filterset.is_valid() else 400)


@staff_required
def export(request, kind, fmt):
    spec = EXPORTS.get(kind)
    if spec is None or fmt not in ("xlsx", "csv"):
        raise Http404
    filterset = report_filter(request.GET, request.user)
    if not filterset.is_valid():
        return HttpResponseBadRequest(filterset.errors.as_text())
    filename = f"{spec.slug}-{timezone.localdate():%Y-%m-%d}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(spec, filterset.qs), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    handle = xlsx_file(spec, filterset.qs, report_figures(filterset))
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


@staff_required
def report_list(request):
    filterset = report_filter(request.GET, request.user)
    reports = _own_reports(request.user).select_related("created_by")[:RECENT_REPORTS]
    return render(request, "reports/report_list.html", {"filter": filterset, "query": _query(request),
                                                        "reports": reports})


@staff_required
@require_POST
def report_new(request):
    query = request.POST.get("query", "")
    filterset = report_filter(QueryDict(query), request.user)
    if not filterset.is_valid():
        return HttpResponseBadRequest(filterset.errors.as_text())
    try:
        report = report_create(user=request.user, query=query)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('reports:report_list')}?{query}")
    return redirect(report)


@staff_required
def report_detail(request, pk):
    report = get_object_or_404(_own_reports(request.user), pk=pk)
    return render(request, "reports/report_detail.html", {"report": report})


@staff_required
@require_POST
def report_restart(request, pk):
    """Queues a failed Förderbericht again."""
    report = get_object_or_404(_own_reports(request.user), pk=pk)
    try:
        job_restart(job=report, user=request.user)
    except WorkflowError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(report)


@staff_required
def report_download(request, pk):
    report = get_object_or_404(_own_reports(request.user), pk=pk, status=FundingReport.Status.DONE)
    filename = f"foerderbericht-{report.pk}-{report.created_at:%Y-%m-%d}.pdf"
    return file_download(report.file, filename, "application/pdf")
