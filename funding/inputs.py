"""Form fields for money and dates, used by both portals.

People type amounts the way their language writes them: in German
"1.234,56", "1234,56" or "1234.56"; in English "1,234.56", "1234.56" or
"1234,56"; Turkish as German, Ukrainian "1 234,56", Arabic as English
(``funding.amounts.parse_amount``). Dates come from the phone's
date picker (ISO) or are typed the German way ("31.12.2027"). Anything
else is answered with a message at the field, never a 500.
"""

import functools
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import BaseRenderer, get_default_renderer
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceIterator
from modeltranslation.fields import TranslationFieldDescriptor
from modeltranslation.settings import AVAILABLE_LANGUAGES
from modeltranslation.utils import build_localized_fieldname

from funding.amounts import MAX_AMOUNT, format_amount, format_money, notation, parse_amount

# Nothing in this programme comes near a million euro; a larger figure is a
# typo (an extra zero, a pasted IBAN) and is refused instead of stored.
PLAUSIBLE_MAX = Decimal("1000000.00")
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
EXAMPLE_AMOUNT = Decimal("1234.56")
_DIGITS_ONLY = re.compile(r"[0-9.,]+")
_MAX_WHOLE_DIGITS = len(str(int(MAX_AMOUNT)))


def shown_amount(value):
    """A value as the amount input shows it: Decimals in the reader's notation."""
    if value in (None, ""):
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = Decimal(value)
    if not isinstance(value, Decimal):
        return str(value)
    return format_amount(value)


class AmountInput(forms.TextInput):
    """Text input for euro amounts; the numeric keypad on phones."""

    def __init__(self, attrs=None):
        base = {"inputmode": "decimal", "autocomplete": "off", "maxlength": "40", "class": "amount", "data-amount": ""}
        super().__init__({**base, **(attrs or {})})

    def format_value(self, value):
        return shown_amount(value) or None


class AmountField(forms.Field):
    """A non-negative euro amount with two places, read in the reader's notation."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Bitte geben Sie einen Betrag in Euro ein, zum Beispiel %(example)s oder 250."),
        "negative": _("Der Betrag darf nicht negativ sein."),
        "decimals": _("Bitte geben Sie höchstens zwei Stellen nach dem Komma an (Cent)."),
        "too_large": _("Dieser Betrag ist zu hoch. Bitte prüfen Sie die Eingabe (höchstens %(max)s)."),
        "not_positive": _("Bitte geben Sie einen Betrag größer als 0 € ein."),
    }

    def __init__(self, *, max_value=PLAUSIBLE_MAX, positive=False, group="", widget_attrs=None, **kwargs):
        self.max_value, self.positive = max_value, positive
        super().__init__(**kwargs)
        if group:
            self.widget.attrs["data-group"] = group
        self.widget.attrs.update(widget_attrs or {})

    def prepare_value(self, value):
        return shown_amount(value) if isinstance(value, (Decimal, int)) else value

    def to_python(self, value):
        if isinstance(value, Decimal):
            return value
        text = (value or "").strip()
        if not text:
            return None
        try:
            return parse_amount(text)
        except (ValueError, TypeError):
            raise forms.ValidationError(self._reason(text), code="invalid") from None

    def _reason(self, text):
        core = text.replace(" ", "").replace("\u00a0", "").replace("\u202f", "").strip("€")
        if core[:1] in ("-", "\u2212"):
            return self.error_messages["negative"]
        marks = notation()
        group, decimal = ("" if marks.group == "\u202f" else marks.group), marks.decimal
        whole = core.replace(group, "").split(decimal)[0]
        if _DIGITS_ONLY.fullmatch(core) and len(whole) > _MAX_WHOLE_DIGITS:
            return self.error_messages["too_large"] % {"max": format_money(self.max_value)}
        if re.fullmatch(rf"[0-9{re.escape(group)}]*{re.escape(decimal)}[0-9]{{3,}}", core):
            return self.error_messages["decimals"]
        return self.error_messages["invalid"] % {"example": format_amount(EXAMPLE_AMOUNT)}

    def validate(self, value):
        super().validate(value)
        if value is None:
            return
        if value > self.max_value:
            raise forms.ValidationError(
                self.error_messages["too_large"] % {"max": format_money(self.max_value)}, code="too_large"
            )
        if self.positive and value <= 0:
            raise forms.ValidationError(self.error_messages["not_positive"], code="not_positive")

    def has_changed(self, initial, data):
        try:
            return self.to_python(data) != (Decimal(initial) if initial not in (None, "") else None)
        except forms.ValidationError:
            return True


class DateInput(forms.DateInput):
    """The phone's date picker; ISO values, German typed dates also accepted."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateField(forms.DateField):
    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Bitte geben Sie ein gültiges Datum ein, zum Beispiel 31.12.2027."),
    }


class PythonSelect(forms.Select):
    """A select rendered in Python, with the same HTML as Django's templates.

    Django renders every option through two included templates; a filter
    form with a few dozen options spends milliseconds on that per page.
    """

    def render(self, name, value, attrs=None, renderer=None):
        if not self.allow_multiple_selected:
            choices = list(iter(self.choices))  # not list(choices): its len() would count the rows in one more query
            if not any(isinstance(label, (list, tuple)) for _value, label in choices):
                return self._render_flat(name, value, attrs, choices)
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('<optgroup label="{}">', group_name))
            parts.extend(format_html('<option value="{}"{}>{}</option>', str(option["value"]), flatatt(option["attrs"]),
                                     option["label"]) for option in options)
            if group_name:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))

    def _render_flat(self, name, value, attrs, choices):
        """A single select without option groups: the options straight from the choices, as ``optgroups`` marks them."""
        selected_values = self.format_value(value)
        parts = [format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))]
        has_selected = False
        for option_value, label in choices:
            text = "" if option_value is None else str(option_value)
            selected = not has_selected and text in selected_values
            has_selected |= selected
            parts.append(f'<option value="{escape(text)}"{" selected" if selected else ""}>{conditional_escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))


def _attrs(attrs):
    """`` name="value"`` for each attribute, as django/forms/attrs.html writes them (True: the name only)."""
    return mark_safe("".join(
        format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
        for name, value in attrs.items() if value is not False
    ))


_INPUT_TEMPLATES = {f"django/forms/widgets/{kind}.html" for kind in ("input", "text", "number", "checkbox", "date")}


class PythonRenderer(BaseRenderer):
    """A form renderer writing labels, plain inputs and text areas in Python, with the same HTML as Django's templates.

    Everything else goes to the default renderer. Each label and input costs
    Django two or three template renders; a filter form of a dozen fields
    spent milliseconds on them per page.
    """

    def get_template(self, template_name):
        return get_default_renderer().get_template(template_name)

    def render(self, template_name, context, request=None):
        if template_name == "django/forms/label.html":
            if not context["use_tag"]:
                return format_html("{}", context["label"])
            return format_html("<{}{}>{}</{}>", context["tag"], _attrs(context["attrs"]), context["label"], context["tag"])
        if template_name in _INPUT_TEMPLATES:
            widget = context["widget"]
            value = "" if widget["value"] is None else format_html(' value="{}"', str(widget["value"]))
            return format_html('<input type="{}" name="{}"{}{}>', widget["type"], widget["name"], value,
                               _attrs(widget["attrs"]))
        if template_name == "django/forms/widgets/textarea.html":
            widget = context["widget"]
            return format_html('<textarea name="{}"{}>\n{}</textarea>', widget["name"], _attrs(widget["attrs"]),
                               widget["value"] or "")
        return get_default_renderer().render(template_name, context, request)


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The choices of a model select read with one plain query.

    Django's iterator reads them through ``QuerySet.iterator()``, which on
    PostgreSQL opens a server-side cursor (DECLARE, FETCH, CLOSE: three
    round trips) for a list of a few dozen rows.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:  # django-filter's null choice, after the empty one
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)

    def __len__(self):
        return super().__len__() + (1 if getattr(self.field, "null_label", None) is not None else 0)


# Django's iterator and django-filter's (which adds the null choice): both read through a server-side cursor.
_LISTED = (forms.models.ModelChoiceIterator, ModelChoiceIterator)


def python_selects(form, labels=None):
    """Renders the form's plain selects (``PythonSelect``), labels and inputs (``PythonRenderer``) in Python.

    ``labels``: {field name: the model field its options show} for model
    selects read as values (``ValuesChoiceIterator``).
    """
    for name, field in form.fields.items():
        if type(field.widget) in (forms.Select, PythonSelect):
            field.widget.__class__ = PythonSelect
            if labels and name in labels and isinstance(field, forms.ModelChoiceField):
                if field.iterator is not ValuesChoiceIterator:
                    field.label_field, field.iterator = labels[name], ValuesChoiceIterator
                    field.widget.choices = field.choices
                    field.__class__ = _listed_field_class(type(field))
            elif isinstance(field, forms.ModelChoiceField) and field.iterator in _LISTED:
                field.iterator = ListedChoiceIterator
                field.widget.choices = field.choices
    form.renderer = PythonRenderer()
    return form


class ValuesChoiceIterator(ListedChoiceIterator):
    """The choices of a model select read as (id, label) values, once per form: no model instances.

    ``field.label_field`` names the model field ``str(obj)`` shows; a field
    translated by modeltranslation is read in every language and resolved by
    its own descriptor (current language, then the fallbacks), as ``str(obj)``
    would. The rows are kept on the form field, so the page can reuse the
    labels (``listed_labels``) without another query.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if getattr(self.field, "null_label", None) is not None:
            yield (self.field.null_value, self.field.null_label)
        yield from listed_rows(self.field)

    def __len__(self):
        return len(listed_rows(self.field)) + (self.field.empty_label is not None) + (
            getattr(self.field, "null_label", None) is not None)


def listed_rows(field):
    """[(pk, label)] of a model select with ``label_field``, read with one query and kept on the field."""
    rows = getattr(field, "_listed_rows", None)
    if rows is None:
        rows = field._listed_rows = _value_rows(field.queryset, field.label_field)
    return rows


def listed_labels(field):
    """{pk: label} of a model select read by ``ValuesChoiceIterator``."""
    return dict(listed_rows(field))


def _value_rows(queryset, name):
    columns = label_columns(queryset.model, name)
    return [(pk, listed_label(queryset.model, name, values)) for pk, *values in queryset.values_list("pk", *columns)]


@functools.cache
def label_columns(model, name):
    """The columns an option's label ``name`` is read from: the field, or its column in every language
    (a field translated by modeltranslation). The same for the whole process."""
    if not isinstance(model.__dict__.get(name), TranslationFieldDescriptor):
        return (name,)
    return tuple(build_localized_fieldname(name, code) for code in AVAILABLE_LANGUAGES)


def listed_label(model, name, values):
    """The label ``str(obj)`` shows, from the ``label_columns`` values: for a translated field, resolved by
    modeltranslation's descriptor (current language, then the fallbacks)."""
    descriptor = model.__dict__.get(name)
    if not isinstance(descriptor, TranslationFieldDescriptor):
        return str(values[0])
    return str(descriptor.__get__(_Translations(zip(label_columns(model, name), values)), model))


class _ListedLookup:
    """A model select's ``to_python`` answered from its listed rows, once they are read (``listed_rows``).

    The same validation as ``ModelChoiceField.to_python`` (``queryset.get(pk=value)``, an unknown or
    malformed id is an invalid choice), without the query: the rows are the options of the same
    queryset. The value is the model instance with only its primary key loaded (its other fields are
    read when used, as with ``only("pk")``). Before the rows are read, Django's own look-up.
    """

    def to_python(self, value):
        rows = getattr(self, "_listed_rows", None)
        if (rows is None or self.to_field_name or value in self.empty_values
                or getattr(self, "null_label", None) is not None or isinstance(value, self.queryset.model)):
            return super().to_python(value)
        model = self.queryset.model
        try:  # as the look-up prepares it: int() for an integer key
            key = model._meta.pk.get_prep_value(value)
        except (TypeError, ValueError, ValidationError):
            key = None
        if key is None or key not in {pk for pk, _label in rows}:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice",
                                        params={"value": value})
        return model.from_db(self.queryset.db, [model._meta.pk.attname], [key])


_LISTED_FIELDS = {}


def _listed_field_class(cls):
    """``cls`` (a model select field class) with ``_ListedLookup``, made once per class."""
    if issubclass(cls, _ListedLookup):
        return cls
    if cls not in _LISTED_FIELDS:
        _LISTED_FIELDS[cls] = type(cls.__name__, (_ListedLookup, cls), {"__module__": cls.__module__})
    return _LISTED_FIELDS[cls]


class _Translations(dict):
    """Stands in for a model instance towards a translation descriptor: its columns as attributes."""

    __getattr__ = dict.get


_UNBOUND_HTML = {}


def unbound_form_html(form_class):
    """``includes/form.html`` of an unbound ``form_class()``, written once per language.

    An empty form shows nothing of the request or the data (labels, inputs,
    help texts), so the staff file's message and note forms are rendered once
    and reused instead of three template renders per field on every request.
    """
    key = (form_class, get_language())
    if key not in _UNBOUND_HTML:
        _UNBOUND_HTML[key] = render_to_string("includes/form.html", {"form": python_selects(form_class())})
    return _UNBOUND_HTML[key]
