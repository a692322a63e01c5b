"""Server-side SVG charts for the dashboard and the Förderbericht PDF.

Each function returns a self-contained ``<svg>`` string: no script, no
style element, no external resource, so it passes the page's Content
Security Policy and renders in WeasyPrint alike. Every label is escaped.
The numbers always appear again in a table next to the chart; the SVG has a
title and a description for screen readers (role="img").
"""

import html

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from funding.amounts import PageFormatter

COLOURS = ("#00507a", "#b04a00", "#4d7300")
FONT = 'font-family="DejaVu Sans, sans-serif"'
WIDTH = 640
LABEL_WIDTH = 190
VALUE_WIDTH = 110
BAR_HEIGHT = 14
LEGEND_HEIGHT = 24


def escape(text):
    """As Django's ``escape`` (``html.escape(str(text))``), without its check for lazy arguments on every label."""
    return html.escape(str(text))


def _fit(label, width):
    """Shortens a label to about ``width`` pixels (7 px a character at 12 px)."""
    limit = max(int(width / 7), 4)
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _text(x, y, content, anchor="start", size=12):
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {FONT} font-size="{size}">{escape(content)}</text>'


def _svg(chart_id, title, description, height, body):
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" id="{escape(chart_id)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(description)}</desc>'
        f'{"".join(body)}</svg>'
    )


def _legend(series):
    parts, x = [], 0
    for index, (name, _values) in enumerate(series):
        parts.append(f'<rect x="{x}" y="4" width="12" height="12" fill="{COLOURS[index]}"/>')
        parts.append(_text(x + 16, 15, name))
        x += 24 + 8 * len(name)
    return parts


def _scale(series):
    top = max((value for _name, values in series for value in values), default=0)
    return float(top) or 1.0


def bar_chart(chart_id, title, labels, series, *, money=True, description=""):
    """Horizontal bars, one group per label, one bar per series (up to three).

    ``series`` is a list of (name, values) with one value per label.
    """
    formatter = PageFormatter()
    fmt = formatter.sum if money else formatter.count
    top, group = _scale(series), BAR_HEIGHT * len(series) + 8
    offset = LEGEND_HEIGHT if len(series) > 1 else 0
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    body = _legend(series) if len(series) > 1 else []
    for row, label in enumerate(labels):
        y = offset + row * group
        body.append(_text(LABEL_WIDTH - 6, y + group / 2 + 4, _fit(label, LABEL_WIDTH - 10), "end"))
        for index, (_name, values) in enumerate(series):
            length = span * float(values[row]) / top
            bar_y = y + 4 + index * BAR_HEIGHT
            body.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length:.1f}" height="{BAR_HEIGHT - 2}" '
                f'fill="{COLOURS[index]}"/>'
            )
            body.append(_text(LABEL_WIDTH + length + 4, bar_y + BAR_HEIGHT - 3, fmt(values[row]), size=10))
    height = offset + max(len(labels), 1) * group + 4
    return _svg(chart_id, title, description or title, height, body)


def column_chart(chart_id, title, labels, series, *, description=""):
    """Vertical columns over time (e.g. months), one column per series, counts."""
    top, plot_top, plot_height = _scale(series), LEGEND_HEIGHT + 16, 180
    left, bottom = 48, LEGEND_HEIGHT + 16 + 180
    slot = (WIDTH - left - 8) / max(len(labels), 1)
    width = max(slot / len(series) - 1, 1)
    label_every = max(1, round(len(labels) * 60 / (WIDTH - left)))
    body = _legend(series) + [
        f'<line x1="{left}" y1="{bottom}" x2="{WIDTH - 8}" y2="{bottom}" stroke="#4a4a4a"/>',
        _text(left - 6, plot_top + 4, PageFormatter().count(top), "end"),
        _text(left - 6, bottom, "0", "end"),
    ]
    for position, label in enumerate(labels):
        x = left + position * slot
        for index, (_name, values) in enumerate(series):
            height = plot_height * float(values[position]) / top
            body.append(
                f'<rect x="{x + index * width:.1f}" y="{bottom - height:.1f}" width="{width:.1f}" '
                f'height="{height:.1f}" fill="{COLOURS[index]}"/>'
            )
        if position % label_every == 0:
            body.append(_text(x, bottom + 16, label, size=10))
    return _svg(chart_id, title, description or title, bottom + 24, body)


def report_charts(figures):
    """The three charts of dashboard and PDF: budget use, money by municipality, time."""
    calls = figures.calls
    budget_use = bar_chart(
        "chart-budget",
        _("Budgetausschöpfung je Förderaufruf"),
        [call.label for call in calls],
        [
            (_("Budget"), [call.budget for call in calls]),
            (_("Bewilligt"), [max(call.approved_all, 0) for call in calls]),
            (_("Verbleibend"), [max(call.remaining, 0) for call in calls]),
        ],
    )
    places = figures.municipalities
    by_place = bar_chart(
        "chart-municipalities",
        _("Bewilligte und ausgezahlte Mittel nach Kommune"),
        [row.label for row in places],
        [
            (_("Bewilligt"), [row.measures.approved for row in places]),
            (_("Ausgezahlt"), [row.measures.paid for row in places]),
        ],
    )
    months = figures.months
    over_time = column_chart(
        "chart-months",
        _("Eingänge und Entscheidungen je Monat"),
        [row.month.strftime("%m/%Y") for row in months],
        [(_("Eingänge"), [row.submitted for row in months]), (_("Entscheidungen"), [row.decided for row in months])],
    )
    return {"budget": budget_use, "municipalities": by_place, "months": over_time}
