"""``{% fixed %}``: parts of the page shell written once per language, not on every request.

The header, navigation and footer of ``base.html`` are the same on every
page for everyone of a kind (signed in or not, staff or applicant) in one
language: links reversed from URL names and translated labels. Writing them
cost every page about half a millisecond (eleven ``{% url %}`` and fifteen
``{% translate %}`` tags). ::

    {% fixed staff=is_staff_member signed_in=user.is_authenticated %}
      ... {% if staff %}<a href="{% url 'staff:dashboard' %}">{% translate "Arbeitsbereich" %}</a>{% endif %} ...
    {% endfixed %}

The content is rendered with nothing but the named values (not the page's
context, not the request), so it cannot show anything else of the request
or the user; the output is kept per process for each combination of those
values, the active language, the script prefix and the URLconf. Nothing
of a request is kept, only constant text: a value must be hashable (lists
and tuples of them count) and is part of the key.
"""

from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.template.loader_tags import BlockNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# Bumped when a setting changes (tests): kept output of an older generation is not used.
_generation = [0]


def _settings_changed(**kwargs):
    _generation[0] += 1


setting_changed.connect(_settings_changed)


def _frozen(value):
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    hash(value)  # TypeError for anything that cannot be a key
    return value


class FixedNode(template.Node):
    # Not walked when a template looks for its blocks (``{% extends %}`` does on every render): there are none inside.
    child_nodelists = ()

    def __init__(self, nodelist, names):
        self.nodelist = nodelist
        self.names = names  # {name: FilterExpression}
        self.generation = None
        self.rendered = {}

    def render(self, context):
        values = {name: expression.resolve(context) for name, expression in self.names.items()}
        key = (get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF, context.autoescape,
               *(_frozen(value) for value in values.values()))
        if self.generation != _generation[0]:
            self.generation, self.rendered = _generation[0], {}
        output = self.rendered.get(key)
        if output is None:
            fresh = context.new(values)  # the engine's settings, none of the page's values
            fresh.request = None
            output = self.rendered[key] = mark_safe(self.nodelist.render(fresh))
        return output


@register.tag
def fixed(parser, token):
    """``{% fixed name=value ... %}…{% endfixed %}``: see the module's docstring."""
    bits = token.split_contents()[1:]
    names = {}
    for bit in bits:
        name, sep, value = bit.partition("=")
        if not sep or not name.isidentifier() or not value:
            raise template.TemplateSyntaxError(f"fixed takes name=value arguments, not {bit!r}")
        names[name] = parser.compile_filter(value)
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("a {% block %} cannot be inside {% fixed %}: it would be written once for all pages")
    return FixedNode(nodelist, names)
