"""Open data: the grants list per authority and year, as a page, CSV and JSON, with its licence."""

import itertools

from django.db.models import Count, Sum
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from api.grants import OPEN_GRANTS, grants_csv, grants_json, licence_of, published_grants, published_years, publishing_authorities
from reports.exports import export_records

# The page shows this many rows; the files always hold all of them.
PAGE_ROWS = 200


def _authority_and_year(pk, year):
    """A publishing authority and one of its published years (the URL gives both as digits); else 404."""
    authority = get_object_or_404(publishing_authorities(), pk=int(pk))
    if int(year) not in published_years(authority):
        raise Http404
    return authority, int(year)


def index(request):
    authorities = [(authority, published_years(authority)) for authority in publishing_authorities()]
    return render(request, "opendata/index.html", {"authorities": authorities})


def grants_year(request, pk, year):
    authority, year = _authority_and_year(pk, year)
    grants = published_grants(authority=authority, year=year)
    totals = grants.aggregate(count=Count("pk"), total=Sum("approved_amount"))
    rows = list(itertools.islice(export_records(OPEN_GRANTS, grants), PAGE_ROWS))
    context = {
        "authority": authority, "year": year, "totals": totals, "rows": rows, "columns": OPEN_GRANTS.columns,
        "truncated": totals["count"] > len(rows), "licence": licence_of(authority), "page_rows": PAGE_ROWS,
    }
    return render(request, "opendata/year.html", context)


def grants_file(request, pk, year, fmt):
    authority, year = _authority_and_year(pk, year)
    filename = f"zuwendungen-{authority.pk}-{year}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(grants_csv(authority, year), content_type="text/csv; charset=utf-8")
    else:
        source = request.build_absolute_uri(reverse("opendata:year", args=[authority.pk, year]))
        response = StreamingHttpResponse(grants_json(authority, year, source), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
