"""``{{ text|terms }}``: glossary words in a text linked to their explanation."""

from django import template

from funding.glossary import link_terms

register = template.Library()


@register.filter
def terms(value):
    return link_terms(value) if value else value
