"""``{% budget_table figures budget_columns %}`` and the other report tables, written in Python (``reports.tables``)."""

from django import template

from reports import tables

register = template.Library()

register.simple_tag(tables.budget_use_table)
register.simple_tag(tables.budget_table)
register.simple_tag(tables.state_table)
register.simple_tag(tables.flow_table)
register.simple_tag(tables.group_table)
register.simple_tag(tables.months_table)
