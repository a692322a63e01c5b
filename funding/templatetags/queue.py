"""The rows of the staff work queue, written in Python.

The same HTML as a template loop of nine cells per row; Django's template
engine spent a good part of the page's time on those 225 cells.
"""

from html import escape
from urllib.parse import urlencode

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from funding.addresses import id_address
from funding.amounts import PageFormatter

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


@register.simple_tag
def queue_rows(page):
    """The ``<tr>`` of every application of the queue's page (``selectors.QueueRow``), with the translated
    column names as labels."""
    labels = [escape(_(text)) for text in ("Aktenzeichen", "Projekt", "Förderlinie", "Kommune", "Beantragt", "Status",
                                           "Prüfung", "Eingang", "VN fällig")]
    detail, fmt = escape(id_address("staff:application_detail")), PageFormatter()
    return mark_safe("".join(_ROW.format(
        labels[0], detail.format(app.pk), escape(str(app.file_reference)),
        labels[1], escape(str(app.title)), escape(str(app.organisation_name)),
        labels[2], escape(str(app.line_name)),
        labels[3], escape(app.municipality_name or "–"),
        labels[4], escape(fmt.money(app.requested_amount)),
        labels[5], escape(app.state), escape(app.state_label),
        labels[6], escape(app.reviewer or "–"),
        labels[7], fmt.day(app.submitted_at),
        labels[8], fmt.day(app.proof_due_date) or "–",
    ) for app in page))


@register.simple_tag
def queue_filter_fields(form):
    """The filter form's fields but the sort order, each in its ``<div class="field">`` with its label, input
    and errors: the text of the template loop it replaces (``{{ field.label_tag }}{{ field }}`` and each error
    in a ``<span class="errorlist">``), without a template node per field."""
    parts = []
    for field in form:
        if field.name == "o":
            continue
        errors = field.errors
        messages = "".join(f'<span class="errorlist">{conditional_escape(error)}</span>' for error in errors)
        parts.append(f'\n    <div class="field{" field-error" if errors else ""}">{field.label_tag()}{field}{messages}</div>\n    ')
    return mark_safe("".join(parts))


class QueryLinks:
    """``{% querystring key=value … %}`` of one request, written in Python: the page's 20-odd links.

    The same text as Django's tag (the request's parameters in their order, a
    changed key in its place, a new one at the end, ``None`` removes it,
    escaped for the attribute), without copying the ``QueryDict`` per link.
    """

    def __init__(self, query_dict):
        self.empty = not query_dict
        self.parts = [(key, [urlencode({key: str(value)}) for value in values]) for key, values in query_dict.lists()]

    def href(self, **changes):
        output, seen = [], set()
        for key, encoded in self.parts:
            seen.add(key)
            if key not in changes:
                output.extend(encoded)
            elif changes[key] is not None:
                output.append(urlencode({key: str(changes[key])}))
        output.extend(urlencode({key: str(value)}) for key, value in changes.items() if key not in seen and value is not None)
        if not output and self.empty:
            return ""
        return escape("?" + "&".join(output))


def _links(context):
    """The request's ``QueryLinks``, made once per page."""
    request = context.request
    links = getattr(request, "_query_links", None)
    if links is None:
        links = request._query_links = QueryLinks(request.GET)
    return links


@register.simple_tag(takes_context=True)
def queue_state_links(context, state_counts):
    """The ``<li>`` of "alle" and of every state with its count, linked to the queue in that state."""
    links, current = _links(context), context.request.GET.get("state")
    marked = ' aria-current="true"'
    parts = [f'<li><a href="{links.href(state=None, after=None, before=None)}"{"" if current else marked}>'
             f'{escape(_("alle"))}</a></li>\n  ']
    parts.extend(
        f'<li><a href="{links.href(state=value, after=None, before=None)}"{marked if current == value else ""}>'
        f'{escape(label)} <span class="count">{count}</span></a></li>'
        for value, label, count in state_counts
    )
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def queue_sort_link(context, field, label):
    """A column heading's sort link (as ``staff/_sort_link.html``): ascending first, then descending."""
    links, current = _links(context), context.request.GET.get("o", "")
    ascending = current == field
    href = links.href(o=f"-{field}" if ascending else field, after=None, before=None)
    if ascending:
        mark = f' <span aria-label="{escape(_("aufsteigend sortiert"))}">▲</span>'
    elif current == f"-{field}":
        mark = f' <span aria-label="{escape(_("absteigend sortiert"))}">▼</span>'
    else:
        mark = ""
    return mark_safe(f'<a href="{href}">{escape(label)}{mark}</a>\n')
