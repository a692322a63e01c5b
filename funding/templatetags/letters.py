"""Template tags of the letter templates: configured texts and the address field."""

import math

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from funding import texts

register = template.Library()

# DIN 5008: the Anschriftzone holds six lines at 10 pt; about 38 characters
# of DejaVu Sans fit in its 80 mm. Longer addresses are set smaller (see
# .addressee-long in letter.css) and, if even that is not enough, the
# address field grows: an address is never cut off.
ADDRESS_LINES = 6
ADDRESS_LINE_CHARACTERS = 38


@register.simple_tag(takes_context=True)
def letter_text(context, key, mode="paragraphs", css_class=""):
    """The configured block ``key`` of this letter as paragraphs ("paragraphs"), list items ("items") or inline."""
    try:
        rendered = context["texts"][key]
    except KeyError:
        raise template.TemplateSyntaxError(
            f"text block {key!r} is not in this letter kind's blocks (funding.letterkinds)"
        ) from None
    return texts.as_html(rendered, mode, css_class)


@register.filter
def address_is_long(lines):
    """True when the address needs more than the six lines of the Anschriftzone at 10 pt."""
    needed = sum(max(math.ceil(len(line) / ADDRESS_LINE_CHARACTERS), 1) for line in lines)
    return needed > ADDRESS_LINES


@register.filter
def typeset(value):
    """Plain text escaped, with the letters' typography: "§ 49a" and "ANBest-P" never break."""
    return mark_safe(texts.typeset(escape(value)))
