"""Streamed XLSX and CSV exports: the grants list and the application list.

Rows come from ``values_list(...).iterator(chunk_size=2000)``; the paid,
recovered and repaid amounts are the sums the money services keep per
application in the transaction of every payment, recovery and repayment
(``funding.summary``, ``ReportEntry``; ``manage.py rebuild_summary``
recomputes them), joined in the same query, so the rows cost the same
whatever the number of payments. The XLSX is written with openpyxl in write-only mode into a
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
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import DecimalField, F, Value
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from applicants.models import Organisation
from funding.amounts import CENT
from funding.models import Application
from funding.workflow import FUNDED_STATES, State
from reports.figures import BUDGET_COLUMNS, GROUP_COLUMNS, MONEY, ZERO

TEXT, DATE, CHOICE = "text", "date", "choice"
QUOTED = "quoted"  # text beginning like a formula
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


def _kept(measure):
    """The application's sum as kept by the money services (``funding.summary``: ``ReportEntry``), 0 without one."""
    return Coalesce(F(f"report_entry__{measure}"), Value(ZERO), output_field=DecimalField(max_digits=16, decimal_places=2))


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
    queryset = queryset.annotate(report_paid=_kept("paid"), report_recovered=_kept("recovered"),
                                 report_repaid=_kept("repaid"))
    queryset = queryset.annotate(report_net=Coalesce("approved_amount", Value(ZERO)) - F("report_recovered"))
    # Moments become local dates in the query: converting each in Python cost more than the rest of a row.
    zone = timezone.get_current_timezone()
    sources, dates = [], []  # dates: other date columns, converted here should they hold moments
    for i, column in enumerate(export.columns):
        if column.kind == DATE and isinstance(_field(column.source), models.DateTimeField):
            queryset = queryset.annotate(**{f"report_{column.name}": TruncDate(column.source, tzinfo=zone)})
            sources.append(f"report_{column.name}")
        else:
            sources.append(column.source)
            if column.kind == DATE:
                dates.append(i)
    queryset = queryset.order_by(F("file_reference").asc(nulls_last=True), "pk")
    texts = [i for i, column in enumerate(export.columns) if column.kind == TEXT]
    money = [i for i, column in enumerate(export.columns) if column.kind == MONEY]
    choices = [(i, {value: str(label) for value, label in column.choices})
               for i, column in enumerate(export.columns) if column.kind == CHOICE]
    for row in queryset.values_list(*sources).iterator(chunk_size=CHUNK_SIZE):
        row = list(row)
        for i in texts:
            if row[i] is None:
                row[i] = ""
        for i in money:
            value = row[i]
            if value is not None:
                row[i] = (value if type(value) is Decimal else Decimal(value)).quantize(CENT)
        for i, labels in choices:
            value = row[i]
            row[i] = labels.get(value, value or "")
        for i in dates:
            if isinstance(row[i], datetime.datetime):
                row[i] = row[i].astimezone(zone).date()
        yield tuple(row)


def _field(source):
    """The model field of an Application column (None for a path across relations or an annotation)."""
    if "__" in source:
        return None
    try:
        return Application._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def export_records(export, applications):
    """Rows as dicts keyed by column name, e.g. for the project list of the PDF."""
    names = [column.name for column in export.columns]
    for row in export_rows(export, applications):
        yield dict(zip(names, row))


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

    Every value goes into a cell object kept per column, kind and value type
    (text: with or without the quote prefix): openpyxl writes each appended
    row immediately, so one cell per column and type is enough. The first
    value of a type sets the cell's type and format through openpyxl; the
    next ones replace only the value (text after openpyxl's string check),
    which spares openpyxl's type inference for every value.
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
        """Appends one row; ``kinds`` gives each column's number format (``NUMBER_FORMATS``)."""
        kept = self._cells
        cells = []
        for index, value in enumerate(values):
            if value is None:
                cells.append(None)
            elif isinstance(value, str):
                # a string cell, never a formula; one that begins like a formula also gets Excel's quote prefix
                key = (index, QUOTED if value.startswith(FORMULA_TRIGGERS) else TEXT)
                cell = kept.get(key)
                if cell is None:
                    cell = self._first(key, value, kinds[index])
                cell._value = cell.check_string(value)  # openpyxl's own check: length, illegal characters
                cells.append(cell)
            else:
                key = (index, kinds[index], type(value))
                cell = kept.get(key)
                if cell is None:
                    cell = self._first(key, value, kinds[index])
                cell._value = value  # a number or date: its cell's type and format are set
                cells.append(cell)
        self.sheet.append(cells)

    def _first(self, key, value, kind):
        """The cell kept for ``key`` (column and TEXT/QUOTED, or column, kind and value type), set up from ``value``.

        The next values of the same column and type only replace its value.
        """
        cell = WriteOnlyCell(self.sheet)
        if isinstance(value, str):
            cell.quotePrefix = key[1] == QUOTED
            cell.value = value
            cell.data_type = "s"
        else:
            number_format = NUMBER_FORMATS.get(kind)
            if number_format is None and isinstance(value, datetime.date):
                number_format = DATE_FORMAT  # else openpyxl's own date format
            if number_format:
                cell.number_format = number_format
            cell.value = value
        self._cells[key] = cell
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
