"""The rows of the staff work queue, written in Python.

The same HTML as a template loop of nine cells per row; Django's template
engine spent a good part of the page's time on those 225 cells.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext as _

from funding.templatetags.money import euro

register = template.Library()

_ROW = (
    '\n    <tr>\n'
    '      <td data-label="{}"><a href="{}">{}</a></td>\n'
    '      <td data-label="{}">{}<br><span class="muted">{}</span></td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}" class="num">{}</td>\n'
    '      <td data-label="{}"><span class="state state-{}">{}</span></td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}</td>\n'
    '      <td data-label="{}">{}</td>\n'
    '    </tr>\n  '
)


def _day(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):  # a datetime: its local day, as the template's date filter shows it
        value = timezone.localtime(value)
    return date_format(value, "d.m.Y")


def _person(user):
    if user is None:
        return "–"
    return user.get_full_name() or user.username


@register.simple_tag
def queue_rows(page):
    """The ``<tr>`` of every application of the queue's page (with the translated column names as labels)."""
    labels = [_("Aktenzeichen"), _("Projekt"), _("Förderlinie"), _("Kommune"), _("Beantragt"), _("Status"),
              _("Prüfung"), _("Eingang"), _("VN fällig")]
    detail = reverse("staff:application_detail", args=[0])[:-2]  # ".../0/" without the id
    return format_html_join("", _ROW, (
        (labels[0], f"{detail}{app.pk}/", app.file_reference,
         labels[1], app.title, app.organisation.name,
         labels[2], app.line.name,
         labels[3], (app.municipality.name if app.municipality else "") or "–",
         labels[4], euro(app.requested_amount),
         labels[5], app.state, app.state_label,
         labels[6], _person(app.assigned_reviewer),
         labels[7], _day(app.submitted_at),
         labels[8], _day(app.proof_due_date) or "–")
        for app in page
    ))
