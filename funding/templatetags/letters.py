"""Template tags of the letter templates: configured texts and their typography."""

import re
from functools import lru_cache

import pyphen
from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from funding import texts
from funding.letterkinds import address

register = template.Library()


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
def typeset(value):
    """Plain text escaped, with the letters' typography: "§ 49a" and "ANBest-P" never break."""
    return mark_safe(texts.typeset(escape(value)))


@register.filter
def letterhead(authority):
    """The authority's name and department for the letterhead zone, measured (funding.letterkinds.address)."""
    return address.letterhead(authority)


@register.filter
def footer_lines(authority):
    """The running footer of a letter: measured lines, at most five (funding.letterkinds.address)."""
    return address.footer_lines(authority)


@register.filter
def application_footer(application):
    """The running footer of the application PDF on at most three lines; the file reference always whole."""
    reference = f"Antrag {application.file_reference}" if application.file_reference else "Antrag (Entwurf)"
    rest = f"{application.organisation.name} · „{application.title}“"
    return address.shortened(f"{reference.replace(' ', chr(0xa0))} · {rest}", address.FOOTER_SIZE, 3,
                             address.FOOTER_WIDTH_MM)


# What CSS collapses as white space (not the no-break spaces of the typography).
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")


@register.filter
def lines(values):
    """Lines for an element that keeps line breaks (``white-space: pre`` or ``pre-line`` in letter.css).

    One line break per line instead of a ``<br>`` element, which WeasyPrint
    gives a style and a box of its own; within a line white space collapses
    as it did, so that a line break inside a value cannot add a line.
    """
    return "\n".join(_COLLAPSIBLE.sub(" ", str(line)).strip(" ") for line in values)


@lru_cache(maxsize=8)
def _hyphenator(language):
    try:
        return pyphen.Pyphen(lang=pyphen.language_fallback(language) or "de_DE")
    except KeyError:
        return None


@register.filter
def soft_hyphens(text):
    """``text`` with soft hyphens at the break points of the active language, for narrow table headers.

    Browsers and WeasyPrint break there only when a word does not fit (``hyphens: manual``); the
    dictionary is loaded once per process instead of once per rendered PDF.
    """
    return _hyphenated(get_language() or "de", str(text))


@lru_cache(maxsize=1024)
def _hyphenated(language, text):
    """The headers repeat on every page: each (language, text) is hyphenated once per process (pyphen takes ~0.1 ms a word)."""
    hyphenator = _hyphenator(language)
    if hyphenator is None:
        return text
    return " ".join(hyphenator.inserted(word, hyphen="\u00ad") if len(word) > 7 else word for word in text.split(" "))


# The ANBest's numbers ("4.2") stand in a column of this width (letter.css: the tab stop of .provision) at 8.5 pt.
NUMBER_BOX_MM, PROVISIONS_SIZE = 9.0, 8.5


@register.filter
def number_box(number, bold=False):
    """The CSS classes of an ANBest number: a box of fixed width when the number fits into it, else as wide as it is.

    A fixed width spares WeasyPrint measuring every number (shrink-to-fit);
    the few numbers too long for it ("10.10.1") keep the box that grows.
    """
    size = address.Bold(PROVISIONS_SIZE) if bold else PROVISIONS_SIZE
    # 0.3 mm for rounding between these advance widths and Pango's.
    return "number" if address.text_width(str(number), size) <= NUMBER_BOX_MM - 0.3 else "number number-wide"


@register.filter
def number_label(number, bold=False):
    """An ANBest number: one that fits ends in a tab to the 9 mm stop, a longer one has its growing box (a span).

    The tab (letter.css: ``white-space: pre-wrap; tab-size: 9mm`` on the
    paragraph) puts the text where the box of fixed width did, without an
    element for WeasyPrint to style, lay out and tag.
    """
    classes = number_box(number, bold)
    if classes == "number":
        return format_html("{}\t", number)
    return format_html('<span class="{}">{}</span>', classes, number)


@register.filter
def collapsed(value):
    """Plain text with its white space collapsed as CSS would: for the ANBest's paragraphs, which keep theirs."""
    return _COLLAPSIBLE.sub(" ", str(value)).strip(" ")


@register.filter
def unbreakable(value):
    """Escaped text that never breaks: an abbreviation ("ANBest-P") with a non-breaking hyphen, else a nowrap span."""
    value = str(value)
    if texts.ABBREVIATION.fullmatch(value):
        return mark_safe(escape(value).replace("-", "\u2011"))
    return format_html('<span class="nowrap">{}</span>', value)
