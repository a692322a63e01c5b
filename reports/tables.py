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

from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from funding.amounts import PageFormatter
from funding.templatetags.letters import soft_hyphens

_SCROLL = '<div class="table-scroll" tabindex="0" role="region" aria-label="{}"><table class="report-table{}">\n'


def _open(extra=""):
    return _SCROLL.format(conditional_escape(_("Tabelle (seitlich verschiebbar)")), extra)


def _head(first, labels):
    cells = "".join(f'<th scope="col" class="num">{conditional_escape(label)}</th>' for label in labels)
    return f'  <thead><tr><th scope="col">{conditional_escape(first)}</th>{cells}</tr></thead>\n'


def _cells(fmt, values):
    """[(value, kind)] -> ``<td class="num">`` cells, as the ``report_cells`` filter."""
    value_of = fmt.report_value
    return "".join(f'<td class="num">{value_of(value, kind)}</td>' for value, kind in values)


def _counts(fmt, pairs):
    """[(label, count)] -> ``<td class="num">`` cells, as the ``count_cells`` filter."""
    count = fmt.count
    return "".join(f'<td class="num">{count(value)}</td>' for _label, value in pairs)


def _row(label, cells, *, css="", th_class=""):
    row_class = f' class="{css}"' if css else ""
    th = f' class="{th_class}"' if th_class else ""
    return f'<tr{row_class}><th scope="row"{th}>{conditional_escape(label)}</th>{cells}</tr>'


def _foot(cells):
    return f'  <tfoot><tr><th scope="row">{conditional_escape(_("Summe"))}</th>{cells}</tr></tfoot>\n</table></div>'


def budget_use_table(figures):
    """Budget, approved in the whole call and remaining per call (the numbers of the budget chart)."""
    fmt = PageFormatter()
    rows = "".join(
        _row(call.label, "".join(f'<td class="num">{fmt.report_value(value, "money")}</td>'
                                 for value in (call.budget, call.approved_all, call.remaining)))
        for call in figures.calls
    )
    return mark_safe(
        _open()
        + f'  <caption>{conditional_escape(_("Zahlen zum Diagramm: Budgetausschöpfung je Förderaufruf"))}</caption>\n'
        + _head(_("Förderaufruf"), (_("Budget"), _("Bewilligt (ganzer Aufruf)"), _("Verbleibend")))
        + f"  <tbody>{rows}</tbody>\n</table></div>"
    )


def budget_table(figures, columns):
    """Budget and money per call and its funding lines, with the sum."""
    fmt = PageFormatter()
    parts = []
    for call in figures.calls:
        lines = "".join(_row(line.label, _cells(fmt, line.budget_values()), th_class="sub") for line in call.lines)
        parts.append(f"\n    {_row(call.label, _cells(fmt, call.budget_values()), css='group-row')}\n    {lines}\n  ")
    if not parts:
        parts.append(f'<tr><td colspan="7">{conditional_escape(_("Keine Förderaufrufe."))}</td></tr>\n  ')
    totals = figures.totals
    foot = [(figures.budget, "money"), (totals.requested, "money"), (totals.approved, "money"),
            (totals.paid, "money"), (totals.recovered, "money"), (figures.remaining, "money")]
    return mark_safe(
        _open()
        + f'  <caption>{conditional_escape(_("Budget und Mittel je Förderaufruf und Förderlinie"))}</caption>\n'
        + _head(_("Förderaufruf / Förderlinie"), columns)
        + "  <tbody>\n  " + "".join(parts) + "\n  </tbody>\n"
        + _foot(_cells(fmt, foot))
    )


def state_table(figures):
    """Applications per state, per call and its funding lines, with the sum."""
    fmt = PageFormatter()
    parts = []
    for call in figures.calls:
        lines = "".join(_row(line.label, _counts(fmt, line.measures.state_counts()), th_class="sub")
                        for line in call.lines)
        parts.append(f"\n    {_row(call.label, _counts(fmt, call.measures.state_counts()), css='group-row')}\n"
                     f"    {lines}\n  ")
    totals = figures.totals.state_counts()
    return mark_safe(
        _open(" state-table")
        + f'  <caption>{conditional_escape(_("Anträge nach Status je Förderaufruf und Förderlinie"))}</caption>\n'
        + _head(_("Förderaufruf / Förderlinie"), [soft_hyphens(label) for label, _count in totals])
        + "  <tbody>" + "".join(parts) + "</tbody>\n"
        + _foot(_counts(fmt, totals))
    )


def flow_table(figures):
    """Settled, paid, final payments and returns per funding line, with the sum."""
    fmt = PageFormatter()
    flow = figures.flow
    columns = flow.columns
    rows = "".join(f"{_row(label, _cells(fmt, line.values()))}\n  " for label, line in flow.rows)
    if not rows:
        empty = conditional_escape(_("Keine bewilligten Anträge in der Auswahl."))
        rows = f'<tr><td colspan="{len(columns) + 1}">{empty}</td></tr>\n  '
    return mark_safe(
        '<div class="table-scroll" tabindex="0" role="region" aria-label="'
        f'{conditional_escape(_("Tabelle (seitlich verschiebbar)"))}"><table class="report-table" id="flow-table">\n'
        f'  <caption>{conditional_escape(_("Festsetzung, Auszahlungen und Rückflüsse je Förderlinie"))}</caption>\n'
        + _head(_("Förderlinie"), columns)
        + "  <tbody>\n  " + rows + "\n  </tbody>\n"
        + _foot(_cells(fmt, flow.total.values()))
    )


def group_table(figures, rows, caption, first_header, columns):
    """Money and applications per municipality, organisation type or funding line, with the sum."""
    fmt = PageFormatter()
    body = "".join(f"\n    {_row(row.label, _cells(fmt, row.measures.group_values()))}" for row in rows)
    if not body:
        body = f'\n    <tr><td colspan="8">{conditional_escape(_("Keine Daten."))}</td></tr>'
    return mark_safe(
        _open()
        + f"  <caption>{conditional_escape(caption)}</caption>\n"
        + _head(first_header, [label for label, _name, _kind in columns])
        + f"  <tbody>{body}\n  </tbody>\n"
        + _foot(_cells(fmt, figures.totals.group_values()))
    )


def months_table(figures):
    """Submissions and decisions per month (the numbers of the time chart)."""
    fmt = PageFormatter()
    rows = "".join(
        _row(f"{row.month:%m/%Y}", f'<td class="num">{fmt.count(row.submitted)}</td>'
                                  f'<td class="num">{fmt.count(row.decided)}</td>')
        for row in figures.months
    )
    if not rows:
        rows = f'<tr><td colspan="3">{conditional_escape(_("Keine Eingänge im gewählten Ausschnitt."))}</td></tr>'
    return mark_safe(
        _open()
        + f'  <caption>{conditional_escape(_("Zahlen zum Diagramm: Eingänge und Entscheidungen je Monat"))}</caption>\n'
        + _head(_("Monat"), (_("Eingänge"), _("Entscheidungen")))
        + f"  <tbody>{rows}</tbody>\n</table></div>"
    )
