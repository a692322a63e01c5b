"""Template tags of the letter templates: configured texts and their typography."""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

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
