"""The tables of the dashboard and the Förderbericht, written in Python.

The same HTML as the template loops they replace (``templates/reports/_*_table.html``
call these through ``reports/templatetags/report_tables.py``): about 1,600
cells at 10,000 applications, where Django's template engine spent more
time resolving variables and running filters per cell than computing the
figures. Every label is escaped; numbers come from one ``PageFormatter``
per table (the active language read once), in the notation of the
``report_value`` and ``count`` filters. Headers keep ``scope``, captions
and the scrollable region's name as before.
"""

from html import escape

from django.utils.functional import Promise
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from funding.amounts import PageFormatter
from funding.templatetags.letters import soft_hyphens
from funding.workflow import State

_SCROLL = '<div class="table-scroll" tabindex="0" role="region" aria-label="{}"><table class="report-table{}">\n'
_STATE_COLUMNS = tuple(State.values)
_TEXTS = {}


def _label(text):
    """``conditional_escape(text)``, without its check for lazy arguments on every one of the table's labels."""
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return escape(str(text))


def _texts():
    """The tables' fixed texts (scroll region, captions, headers, empty rows) in the active language, translated once
    per language and process."""
    language = get_language()
    texts = _TEXTS.get(language)
    if texts is None:
        from reports.figures import BUDGET_COLUMNS, GROUP_COLUMNS
        from reports.flow import COLUMNS as FLOW_COLUMNS

        texts = {
            "open": _open(), "open_state": _open(" state-table"),
            "foot": f'  <tfoot><tr><th scope="row">{conditional_escape(_("Summe"))}</th>',
            "budget_use": f'  <caption>{conditional_escape(_("Zahlen zum Diagramm: Budgetausschöpfung je Förderaufruf"))}</caption>\n'
            + _head(_("Förderaufruf"), (_("Budget"), _("Bewilligt (ganzer Aufruf)"), _("Verbleibend"))),
            "budget": f'  <caption>{conditional_escape(_("Budget und Mittel je Förderaufruf und Förderlinie"))}</caption>\n'
            + _head(_("Förderaufruf / Förderlinie"), BUDGET_COLUMNS),
            "no_calls": f'<tr><td colspan="7">{conditional_escape(_("Keine Förderaufrufe."))}</td></tr>\n  ',
            "state": f'  <caption>{conditional_escape(_("Anträge nach Status je Förderaufruf und Förderlinie"))}</caption>\n'
            + _head(_("Förderaufruf / Förderlinie"), [soft_hyphens(label) for _value, label in State.choices]),
            "flow": '<div class="table-scroll" tabindex="0" role="region" aria-label="'
            f'{conditional_escape(_("Tabelle (seitlich verschiebbar)"))}"><table class="report-table" id="flow-table">\n'
            f'  <caption>{conditional_escape(_("Festsetzung, Auszahlungen und Rückflüsse je Förderlinie"))}</caption>\n'
            + _head(_("Förderlinie"), [label for _name, label, _kind in FLOW_COLUMNS]),
            "no_flow": f'<tr><td colspan="{len(FLOW_COLUMNS) + 1}">'
            f'{conditional_escape(_("Keine bewilligten Anträge in der Auswahl."))}</td></tr>\n  ',
            "group_columns": "".join(f'<th scope="col" class="num">{conditional_escape(label)}</th>'
                                     for label, _name, _kind in GROUP_COLUMNS),
            "no_data": f'\n    <tr><td colspan="8">{conditional_escape(_("Keine Daten."))}</td></tr>',
            "months": f'  <caption>{conditional_escape(_("Zahlen zum Diagramm: Eingänge und Entscheidungen je Monat"))}</caption>\n'
            + _head(_("Monat"), (_("Eingänge"), _("Entscheidungen"))),
            "no_months": f'<tr><td colspan="3">{conditional_escape(_("Keine Eingänge im gewählten Ausschnitt."))}</td></tr>',
        }
        _TEXTS[language] = texts
    return texts


def _open(extra=""):
    return _SCROLL.format(conditional_escape(_("Tabelle (seitlich verschiebbar)")), extra)


def _head(first, labels):
    cells = "".join(f'<th scope="col" class="num">{conditional_escape(label)}</th>' for label in labels)
    return f'  <thead><tr><th scope="col">{conditional_escape(first)}</th>{cells}</tr></thead>\n'


class _Values:
    """The ``<td class="num">`` cells of one table, as the ``report_cells`` and ``count_cells`` filters write them.

    One ``PageFormatter`` (the active language read once); each distinct
    amount or count is formatted once per table (most cells repeat a few
    figures, zero above all). Other kinds (days, percent) keep their own
    places and are formatted every time.
    """

    def __init__(self):
        self.fmt = PageFormatter()
        self.money, self.counts = {}, {}

    def cell(self, value, kind):
        if kind == "money":
            text = self.money.get(value)
            if text is None:
                text = self.money[value] = f'<td class="num">{self.fmt.report_value(value, kind)}</td>'
            return text
        if kind == "count":
            return self.count(value)
        return f'<td class="num">{self.fmt.report_value(value, kind)}</td>'

    def count(self, value):
        text = self.counts.get(value)
        if text is None:
            text = self.counts[value] = f'<td class="num">{self.fmt.report_value(value, "count")}</td>'
        return text

    def cells(self, values):
        """[(value, kind)] -> cells, as the ``report_cells`` filter."""
        cell = self.cell
        return "".join([cell(value, kind) for value, kind in values])

    def states(self, measures):
        """The counts by state, in the order of ``State``, as the ``count_cells`` filter."""
        count, states = self.count, measures.states
        return "".join([count(states.get(state, 0)) for state in _STATE_COLUMNS])


def _row(label, cells, *, css="", th_class=""):
    row_class = f' class="{css}"' if css else ""
    th = f' class="{th_class}"' if th_class else ""
    return f'<tr{row_class}><th scope="row"{th}>{_label(label)}</th>{cells}</tr>'


def _foot(texts, cells):
    return f'{texts["foot"]}{cells}</tr></tfoot>\n</table></div>'


def budget_use_table(figures):
    """Budget, approved in the whole call and remaining per call (the numbers of the budget chart)."""
    values, texts = _Values(), _texts()
    rows = "".join(
        _row(call.label, values.cells([(call.budget, "money"), (call.approved_all, "money"), (call.remaining, "money")]))
        for call in figures.calls
    )
    return mark_safe(texts["open"] + texts["budget_use"] + f"  <tbody>{rows}</tbody>\n</table></div>")


def budget_table(figures, columns):
    """Budget and money per call and its funding lines, with the sum."""
    from reports.figures import BUDGET_COLUMNS

    values, texts = _Values(), _texts()
    parts = []
    for call in figures.calls:
        lines = "".join(_row(line.label, values.cells(line.budget_values()), th_class="sub") for line in call.lines)
        parts.append(f"\n    {_row(call.label, values.cells(call.budget_values()), css='group-row')}\n    {lines}\n  ")
    if not parts:
        parts.append(texts["no_calls"])
    totals = figures.totals
    foot = [(figures.budget, "money"), (totals.requested, "money"), (totals.approved, "money"),
            (totals.paid, "money"), (totals.recovered, "money"), (figures.remaining, "money")]
    head = texts["budget"] if columns is BUDGET_COLUMNS else (
        f'  <caption>{conditional_escape(_("Budget und Mittel je Förderaufruf und Förderlinie"))}</caption>\n'
        + _head(_("Förderaufruf / Förderlinie"), columns))
    return mark_safe(texts["open"] + head + "  <tbody>\n  " + "".join(parts) + "\n  </tbody>\n"
                     + _foot(texts, values.cells(foot)))


def state_table(figures):
    """Applications per state, per call and its funding lines, with the sum."""
    values, texts = _Values(), _texts()
    parts = []
    for call in figures.calls:
        lines = "".join(_row(line.label, values.states(line.measures), th_class="sub") for line in call.lines)
        parts.append(f"\n    {_row(call.label, values.states(call.measures), css='group-row')}\n    {lines}\n  ")
    return mark_safe(texts["open_state"] + texts["state"] + "  <tbody>" + "".join(parts) + "</tbody>\n"
                     + _foot(texts, values.states(figures.totals)))


def flow_table(figures):
    """Settled, paid, final payments and returns per funding line, with the sum."""
    values, texts = _Values(), _texts()
    flow = figures.flow
    rows = "".join(f"{_row(label, values.cells(line.values()))}\n  " for label, line in flow.rows) or texts["no_flow"]
    return mark_safe(texts["flow"] + "  <tbody>\n  " + rows + "\n  </tbody>\n"
                     + _foot(texts, values.cells(flow.total.values())))


def group_table(figures, rows, caption, first_header, columns):
    """Money and applications per municipality, organisation type or funding line, with the sum."""
    from reports.figures import GROUP_COLUMNS

    values, texts = _Values(), _texts()
    body = "".join(f"\n    {_row(row.label, values.cells(row.measures.group_values()))}" for row in rows)
    if not body:
        body = texts["no_data"]
    if columns is GROUP_COLUMNS:
        head = f'  <thead><tr><th scope="col">{conditional_escape(first_header)}</th>{texts["group_columns"]}</tr></thead>\n'
    else:
        head = _head(first_header, [label for label, _name, _kind in columns])
    return mark_safe(
        texts["open"] + f"  <caption>{conditional_escape(caption)}</caption>\n" + head
        + f"  <tbody>{body}\n  </tbody>\n" + _foot(texts, values.cells(figures.totals.group_values()))
    )


def months_table(figures):
    """Submissions and decisions per month (the numbers of the time chart)."""
    values, texts = _Values(), _texts()
    count = values.count
    rows = "".join(
        _row(f"{row.month:%m/%Y}", count(row.submitted) + count(row.decided))
        for row in figures.months
    ) or texts["no_months"]
    return mark_safe(texts["open"] + texts["months"] + f"  <tbody>{rows}</tbody>\n</table></div>")
