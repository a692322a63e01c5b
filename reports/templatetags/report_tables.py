"""``{% budget_table figures budget_columns %}`` and the other report tables, written in Python (``reports.tables``);
``{% filter_fields form %}``, the report filter's fields as ``includes/form.html`` writes them; ``{% methods_note %}``."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from reports import tables

register = template.Library()


@register.simple_tag
def filter_fields(form):
    """``{% include "includes/form.html" %}`` of the report filter, the same HTML written in Python.

    Only for a form without errors, hidden fields, help texts and check
    boxes (the report filter as the dashboard shows it); any other form
    goes through the template. The labels and selects are the form's own
    (``funding.inputs.python_selects``); this saves the two templates per field.
    """
    fields = form.visible_fields()
    if form.errors or form.hidden_fields() or any(field.help_text or field.widget_type == "checkbox" for field in fields):
        return render_to_string("includes/form.html", {"form": form})
    rows = "".join(f'\n<div class="field">\n  \n    {field.label_tag()}\n    {field}\n  \n  \n  \n</div>\n\n'
                   for field in fields)
    return mark_safe(f"\n\n\n\n{rows}\n")

_METHODS = {}


@register.simple_tag
def methods_note():
    """``reports/_methods.html``, rendered once per language and process: it holds only fixed, translated texts."""
    language = get_language()
    html = _METHODS.get(language)
    if html is None:
        html = _METHODS[language] = render_to_string("reports/_methods.html")
    return html


register.simple_tag(tables.budget_use_table)
register.simple_tag(tables.budget_table)
register.simple_tag(tables.state_table)
register.simple_tag(tables.flow_table)
register.simple_tag(tables.group_table)
register.simple_tag(tables.months_table)
