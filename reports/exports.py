"""Streamed XLSX and CSV exports: the grants list and the application list.

Rows come from ``values_list(...).iterator(chunk_size=2000)``; paid and
recovered amounts are correlated subqueries, so the database does the
summing. The XLSX is written with openpyxl in write-only mode into a
temporary file and streamed from there; the CSV is generated row by row.
Memory use therefore does not grow with the number of rows.

Text comes from applicants (organisation names, project titles), so no text
cell may become a formula: in the XLSX every text cell is a string cell
(never a formula), those beginning with a formula character also carry
Excel's quote prefix; in the CSV defusedcsv prefixes them with an
apostrophe. Numbers and dates stay numbers and dates.
"""

import datetime
import tempfile
from dataclasses import dataclass
from decimal import Decimal

from defusedcsv import csv
from django.db.models import DecimalField, F, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from applicants.models import Organisation
from funding.amounts import CENT
from funding.models import Payment, Recovery, Repayment
from funding.workflow import FUNDED_STATES, State
from reports.figures import BUDGET_COLUMNS, GROUP_COLUMNS, MONEY, ZERO

TEXT, DATE, CHOICE = "text", "date", "choice"
EURO_FORMAT = '#,##0.00 "€"'
DATE_FORMAT = "DD.MM.YYYY"
NUMBER_FORMATS = {MONEY: EURO_FORMAT, DATE: DATE_FORMAT, "count": "#,##0", "percent": "0.0", "days": "0.0"}
CHUNK_SIZE = 2000
# A spreadsheet reads a cell beginning with one of these as a formula (or, tab and CR, as a cell break).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    name: str
    header: str
    source: str
    kind: str = TEXT
    width: int = 14
    choices: tuple = ()


@dataclass(frozen=True)
class Export:
    slug: str
    sheet: str
    columns: tuple
    funded_only: bool


def _sum_of(model, field):
    rows = model.objects.filter(application=OuterRef("pk")).order_by().values("application")
    total = rows.annotate(total=Sum(field)).values("total")
    return Coalesce(Subquery(total), Value(ZERO), output_field=DecimalField(max_digits=12, decimal_places=2))


FILE_REFERENCE = Column("file_reference", gettext_lazy("Aktenzeichen"), "file_reference", width=16)
MUNICIPALITY = Column("municipality", gettext_lazy("Kommune"), "organisation__municipality__name", width=16)
CALL = Column("call", gettext_lazy("Förderaufruf"), "call__name", width=24)
LINE = Column("line", gettext_lazy("Förderlinie"), "line__name", width=22)
APPROVED = Column("approved", gettext_lazy("Bewilligt"), "approved_amount", MONEY)
RECOVERED = Column("recovered", gettext_lazy("Zurückgefordert"), "report_recovered", MONEY)
PAID = Column("paid", gettext_lazy("Ausgezahlt"), "report_paid", MONEY)

GRANTS = Export(
    slug="zuwendungen",
    sheet=gettext_lazy("Zuwendungen"),
    funded_only=True,
    columns=(
        FILE_REFERENCE,
        Column("recipient", gettext_lazy("Zuwendungsempfänger"), "organisation__name", width=36),
        MUNICIPALITY,
        Column("purpose", gettext_lazy("Zweck"), "title", width=36),
        CALL, LINE, APPROVED, RECOVERED,
        Column("net", gettext_lazy("Zuwendung nach Rückforderung"), "report_net", MONEY),
        PAID,
        Column("start", gettext_lazy("Förderzeitraum von"), "start_date", DATE, 12),
        Column("end", gettext_lazy("Förderzeitraum bis"), "end_date", DATE, 12),
        Column("decided", gettext_lazy("Bewilligt am"), "decided_at", DATE, 12),
        Column("settled", gettext_lazy("Festgesetzt"), "proof__settled_amount", MONEY),
        Column("repaid", gettext_lazy("Zurückgezahlt"), "report_repaid", MONEY),
    ),
)
APPLICATIONS = Export(
    slug="antraege",
    sheet=gettext_lazy("Anträge"),
    funded_only=False,
    columns=(
        FILE_REFERENCE,
        Column("title", gettext_lazy("Titel"), "title", width=36),
        Column("organisation", gettext_lazy("Organisation"), "organisation__name", width=36),
        Column("org_type", gettext_lazy("Art des Vereins"), "organisation__org_type", CHOICE, 22,
               tuple(Organisation.OrgType.choices)),
        MUNICIPALITY, CALL, LINE,
        Column("state", gettext_lazy("Status"), "state", CHOICE, 22, tuple(State.choices)),
        Column("submitted", gettext_lazy("Eingegangen am"), "submitted_at", DATE, 12),
        Column("decided", gettext_lazy("Entschieden am"), "decided_at", DATE, 12),
        Column("requested", gettext_lazy("Beantragt"), "requested_amount", MONEY),
        APPROVED, PAID, RECOVERED,
    ),
)
EXPORTS = {export.slug: export for export in (GRANTS, APPLICATIONS)}


def export_rows(export, applications):
    """Tuples of raw values (Decimal, date, str) in column order, streamed."""
    queryset = applications.filter(state__in=FUNDED_STATES) if export.funded_only else applications
    queryset = queryset.annotate(report_paid=_sum_of(Payment, "amount"), report_recovered=_sum_of(Recovery, "amount"))
    if export is GRANTS:
        queryset = queryset.annotate(report_repaid=_sum_of(Repayment, "principal_part"))
    queryset = queryset.annotate(report_net=Coalesce("approved_amount", Value(ZERO)) - F("report_recovered"))
    queryset = queryset.order_by(F("file_reference").asc(nulls_last=True), "pk")
    zone = timezone.get_current_timezone()  # once: looking it up per value costs more than the conversion
    converters = [_converter(column, zone) for column in export.columns]
    sources = [column.source for column in export.columns]
    for row in queryset.values_list(*sources).iterator(chunk_size=CHUNK_SIZE):
        yield tuple(convert(value) for convert, value in zip(converters, row))


def export_records(export, applications):
    """Rows as dicts keyed by column name, e.g. for the project list of the PDF."""
    names = [column.name for column in export.columns]
    for row in export_rows(export, applications):
        yield dict(zip(names, row))


def _converter(column, zone):
    if column.kind == DATE:
        return lambda value: _local_date(value, zone)
    if column.kind == CHOICE:
        labels = {value: str(label) for value, label in column.choices}
        return lambda value: labels.get(value, value or "")
    if column.kind == MONEY:
        return lambda value: None if value is None else Decimal(value).quantize(CENT)
    return lambda value: "" if value is None else value


def _local_date(value, zone):
    if isinstance(value, datetime.datetime):
        return value.astimezone(zone).date()
    return value


# --- CSV ----------------------------------------------------------------------


class _Echo:
    """csv.writer target that hands each formatted line back."""

    def write(self, value):
        return value


def csv_lines(export, applications):
    """UTF-8 lines with BOM; comma separated, decimal point, ISO dates."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow([str(column.header) for column in export.columns])
    for row in export_rows(export, applications):
        yield writer.writerow([_csv_value(value) for value in row])


def _csv_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(("\t", "\r")):
        return "'" + value  # defusedcsv covers = + - @ | %, not the two control characters
    return "" if value is None else value


# --- XLSX ---------------------------------------------------------------------


class SheetWriter:
    """Appends rows to a write-only sheet with real number and date cells.

    Every value goes into a cell object kept per column and kind: openpyxl
    writes each appended row immediately, so one cell per column is enough.
    openpyxl's write-only sheet accepts a ready cell only through a failed
    conversion (a ValueError carrying the cell's repr, for every styled
    value); since every row here consists of ready cells, they are placed
    directly (``_placed``), which makes the export as fast as appending
    plain values.
    """

    def __init__(self, workbook, title):
        self.sheet = workbook.create_sheet(title=str(title)[:31])
        self.sheet._values_to_row = self._placed  # openpyxl 3.1: the generator that turns a row into cells
        self._bold = Font(bold=True)
        self._cells = {}

    @staticmethod
    def _placed(cells, row_idx):
        for col_idx, cell in enumerate(cells, 1):
            if cell is not None:
                cell.column, cell.row = col_idx, row_idx
                yield cell

    def widths(self, widths):
        for index, width in enumerate(widths, start=1):
            self.sheet.column_dimensions[get_column_letter(index)].width = width

    def header(self, labels):
        cells = []
        for label in labels:
            cell = WriteOnlyCell(self.sheet, str(label))
            cell.data_type = "s"
            cell.font = self._bold
            cells.append(cell)
        self.sheet.append(cells)

    def row(self, values, kinds):
        self.sheet.append([self._cell(index, value, kind) for index, (value, kind) in enumerate(zip(values, kinds))])

    def _cell(self, index, value, kind):
        if value is None:
            return None
        if isinstance(value, str):
            # a string cell, never a formula; one that begins like a formula also gets Excel's quote prefix
            quoted = value.startswith(FORMULA_TRIGGERS)
            cell = self._kept(index, "quoted" if quoted else "text", quotePrefix=quoted)
            cell.value = value
            cell.data_type = "s"
            return cell
        if isinstance(value, datetime.date) and NUMBER_FORMATS.get(kind) is None:
            kind = DATE  # else openpyxl would give the kept cell a date format that stays for the next values
        cell = self._kept(index, kind, number_format=NUMBER_FORMATS.get(kind))
        cell.value = value
        return cell

    def _kept(self, index, kind, **style):
        cell = self._cells.get((index, kind))
        if cell is None:
            cell = self._cells[(index, kind)] = WriteOnlyCell(self.sheet)
            for name, value in style.items():
                if value:
                    setattr(cell, name, value)
        return cell


def write_xlsx(export, applications, figures, stream):
    """Writes the overview sheet and the list sheet of ``export`` to ``stream``."""
    workbook = Workbook(write_only=True)
    write_overview(SheetWriter(workbook, _("Übersicht")), figures)
    sheet = SheetWriter(workbook, export.sheet)
    sheet.widths([column.width for column in export.columns])
    sheet.sheet.freeze_panes = "A2"
    sheet.header([column.header for column in export.columns])
    kinds = [column.kind for column in export.columns]
    for row in export_rows(export, applications):
        sheet.row(row, kinds)
    workbook.save(stream)


def xlsx_file(export, applications, figures):
    """An anonymous temporary file holding the workbook, positioned at 0."""
    handle = tempfile.TemporaryFile()
    write_xlsx(export, applications, figures, handle)
    handle.seek(0)
    return handle


def write_overview(sheet, figures):
    """The dashboard's figures: summary, by call and line, municipality, type."""
    sheet.widths([40, 16, 16, 16, 16, 16, 16, 16])
    sheet.header([_("Förderbericht – Übersicht"), timezone.localdate().strftime("%d.%m.%Y")])
    for label, value in figures.filter_rows or [(_("Filter"), _("keiner (alle Anträge)"))]:
        sheet.row([label, value], [None, None])
    sheet.row([], [])
    sheet.header([_("Kennzahl"), _("Wert")])
    for label, value, kind in figures.summary():
        sheet.row([label, value], [None, kind])
    _budget_block(sheet, figures)
    _flow_block(sheet, figures.flow)
    for title, rows in (
        (_("Kommune"), figures.municipalities),
        (_("Art des Vereins"), figures.org_types),
    ):
        sheet.row([], [])
        sheet.header([title, *(label for label, _name, _kind in GROUP_COLUMNS)])
        for row in rows:
            values = row.measures.group_values()
            sheet.row([row.label, *(v for v, _k in values)], [None, *(k for _v, k in values)])


def _flow_block(sheet, flow):
    """Settled, paid, final payments, recovered and repaid by funding line (``reports.flow``)."""
    sheet.row([], [])
    sheet.header([_("Förderlinie"), *(str(label) for label in flow.columns)])
    for label, row in (*flow.rows, (_("Summe"), flow.total)):
        values = row.values()
        sheet.row([label, *(v for v, _k in values)], [None, *(k for _v, k in values)])


def _budget_block(sheet, figures):
    sheet.row([], [])
    sheet.header([_("Förderaufruf / Förderlinie"), *BUDGET_COLUMNS])
    for call in figures.calls:
        for row in (call, *call.lines):
            values = row.budget_values()
            label = row.label if row is call else f"– {row.label}"
            sheet.row([label, *(v for v, _k in values)], [None, *(k for _v, k in values)])
