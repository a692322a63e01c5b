"""The published grants: what the Förderbericht lists, for authorities that publish it.

One selector for the public API and the open-data files. A year is the
year of receipt, as in the Förderbericht (``reports.filters.ReportFilter``);
the rows and columns are the reports' grants list (``reports.exports``).
"""

import datetime
import json

from django.db.models.functions import ExtractYear
from django.utils import timezone

from funding.models import Application, Authority, OpenDataLicence
from funding.workflow import FUNDED_STATES
from reports.exports import GRANTS, Export, csv_lines, export_records
from reports.filters import ReportFilter

LICENCE_URLS = {
    OpenDataLicence.DL_ZERO: "https://www.govdata.de/dl-de/zero-2-0",
    OpenDataLicence.DL_BY: "https://www.govdata.de/dl-de/by-2-0",
    OpenDataLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/",
    OpenDataLicence.CC_ZERO: "https://creativecommons.org/publicdomain/zero/1.0/",
}
# The public columns of the reports' grants list: who got how much for what, where and when.
OPEN_COLUMNS = ("file_reference", "recipient", "municipality", "purpose", "call", "line", "approved", "start", "end", "decided")
OPEN_GRANTS = Export(
    slug="zuwendungen",
    sheet=GRANTS.sheet,
    funded_only=True,
    columns=tuple(column for column in GRANTS.columns if column.name in OPEN_COLUMNS),
)


def publishing_authorities():
    return Authority.objects.filter(publish_grants=True).order_by("name", "pk")


def published_grants(*, authority=None, year=None):
    """Funded applications of publishing authorities, optionally of one authority and year of receipt."""
    applications = Application.objects.filter(call__programme__authority__publish_grants=True, state__in=FUNDED_STATES)
    if authority is not None:
        applications = applications.filter(call__programme__authority=authority)
    if year is not None:
        period = {"date_from": datetime.date(year, 1, 1), "date_to": datetime.date(year, 12, 31)}
        applications = ReportFilter(period, queryset=applications).qs
    return applications


def published_years(authority):
    """Years of receipt with at least one published grant, newest first."""
    years = (
        published_grants(authority=authority)
        .annotate(year=ExtractYear("submitted_at", tzinfo=timezone.get_current_timezone()))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )
    return [year for year in years if year]


def licence_of(authority):
    return {
        "id": authority.open_data_licence,
        "name": authority.get_open_data_licence_display(),
        "url": LICENCE_URLS[authority.open_data_licence],
    }


def grants_csv(authority, year):
    return csv_lines(OPEN_GRANTS, published_grants(authority=authority, year=year))


def grants_json(authority, year, source):
    """The year's list as a JSON document with authority, licence and source, generated row by row."""
    head = {
        "authority": {"id": authority.pk, "name": authority.name},
        "year": year,
        "licence": licence_of(authority),
        "source": source,
        "generated_at": timezone.now().isoformat(timespec="seconds"),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "grants": ['
    separator = ""
    for record in export_records(OPEN_GRANTS, published_grants(authority=authority, year=year)):
        yield separator + json.dumps(record, ensure_ascii=False, default=_plain)
        separator = ", "
    yield "]}"


def _plain(value):
    """Decimal as a string with two places, dates as ISO dates."""
    return value.isoformat() if isinstance(value, datetime.date) else str(value)
