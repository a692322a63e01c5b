"""Small template helpers for the applicant portal."""

import time

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from funding.addresses import id_address
from funding.amounts import PageFormatter

register = template.Library()


@register.simple_tag
def epoch_now():
    """Server time in seconds (float), for the page script's local copy."""
    return f"{time.time():.3f}"


@register.filter
def epoch(value):
    """A datetime as seconds since 1970 (float); "0" for None."""
    return f"{value.timestamp():.3f}" if value else "0"


@register.filter
def isolated(value):
    """``value`` in its own direction (``<bdi>``): a German name keeps its final period
    in an Arabic sentence instead of it jumping to the other end."""
    return format_html("<bdi>{}</bdi>", value)


@register.filter
def applicant_state(application):
    """The state as the applicant reads it: plain words, no office shorthand."""
    from applicants.presentation import applicant_state_label

    return applicant_state_label(application)


_ROW = (
    '\n    <tr>\n'
    '      <td data-label="{}"><a href="{}"><bdi>{}</bdi></a><br><span class="muted"><bdi>{}</bdi></span>{}</td>\n'
    '      <td data-label="{}"><bdi>{}</bdi></td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}" class="num">{}</td>\n'
    '      <td data-label="{}"><span class="state state-{}">{}</span></td>\n'
    '      <td data-label="{}">\n        \n        {}\n        \n      </td>\n'
    '    </tr>\n  '
)


class _OverviewCells:
    """What the overview's rows share: the column labels and texts, translated once per page.

    As ``{% translate %}`` writes them: the translation of a template's own words is not escaped.
    """

    def __init__(self, today):
        self.today = today
        self.labels = [mark_safe(label) for label in (_("Projekt"), _("Verein"), _("Aktenzeichen"), _("Beantragt"),
                                                      _("Status"), _("Nächster Schritt"))]
        self.none = mark_safe(_("noch keines"))
        self.nothing = mark_safe(f'<span class="muted">{_("nichts zu tun")}</span>')
        self.assisted = mark_safe(f'<br><span class="muted">{_("mit Unterstützung des KI gestellt")}</span>')
        self.due = _("fällig am %(day)s")  # as {% blocktranslate %}: the text itself is not escaped
        self.money = PageFormatter()
        self.detail = id_address("applicants:application_detail")

    def step(self, app):
        step = app.next_step
        if not step:
            return self.nothing
        due = ""
        if step["proof"] and app.proof_due_date:
            day = app.proof_due_date
            due = format_html('<br><span class="{}">{}</span>', "warning-text" if day < self.today else "muted",
                              mark_safe(self.due % {"day": self.money.day(day)}))
        return format_html('<a href="{}">{}<span class="visually-hidden"> – <bdi>{}</bdi></span></a>\n          {}\n        ',
                           step["url"], step["label"], app.title, due)

    def row(self, app):
        labels, amount = self.labels, app.requested_amount
        return (
            labels[0], self.detail.format(app.pk), app.title, app.line.name, self.assisted if app.assisted_by_id else "",
            labels[1], app.organisation.name,
            labels[2], app.file_reference or self.none,
            labels[3], "" if amount is None else self.money.money(amount),
            labels[4], app.state, app.state_label,
            labels[5], self.step(app),
        )


@register.simple_tag
def overview_rows(page, today):
    """The ``<tr>`` of every application on the organisation's overview (the same HTML as a template loop).

    ``state_label`` and ``next_step`` are set on each row by the view.
    """
    cells = _OverviewCells(today)
    return format_html_join("", _ROW, (cells.row(app) for app in page))
