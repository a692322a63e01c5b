"""The filter forms' labels and inputs rendered in Python are the HTML Django's templates write."""

import re

import pytest
from django.forms.renderers import get_default_renderer

from funding.models import Application
from funding.staff.filters import ApplicationFilter
from reports.filters import report_filter

pytestmark = pytest.mark.django_db


def _fields(form):
    return [(str(field.label_tag()), str(field)) for field in form]


@pytest.mark.parametrize("data", [{}, {"q": "Verein <&> \"x\"", "amount_min": "abc", "mine": "on", "state": "submitted"}])
def test_it_writes_the_same_labels_and_inputs_as_the_templates(data, line):
    python = ApplicationFilter(data, queryset=Application.objects.all()).form
    python.is_valid()
    templates = ApplicationFilter(data, queryset=Application.objects.all()).form
    templates.renderer = get_default_renderer()
    templates.is_valid()
    assert _fields(python) == _fields(templates)
    assert not data or 'value="Verein &lt;&amp;&gt; &quot;x&quot;"' in str(python["q"])


def test_it_renders_the_report_filters_alike(line):
    python = report_filter({}).form
    templates = report_filter({}).form
    templates.renderer = get_default_renderer()
    assert _fields(python) == _fields(templates)


def _tight(html):
    """Django's select templates put each option on its own line; the browser reads both alike."""
    return re.sub(r">\s+<", "><", str(html)).strip()


def _as_django_selects(form):
    """The form with Django's own select widget and templates (the reference HTML)."""
    from django import forms

    for field in form.fields.values():
        if isinstance(field.widget, forms.Select):
            field.widget.__class__ = forms.Select
    form.renderer = get_default_renderer()
    return form


def test_the_selects_write_the_options_as_django_does(line):
    """Selected option, escaped labels, the empty choice; the same HTML as forms.Select with its templates."""
    from applicants.models import Municipality

    line.name = 'Linie <b> & "Zitat"'
    line.save()
    municipality = Municipality.objects.order_by("pk").first()
    data = {"call": str(line.call_id), "line": str(line.pk), "municipality": str(municipality.pk) if municipality else ""}
    python = report_filter(data).form
    python.is_valid()
    templates = _as_django_selects(report_filter(data).form)
    templates.is_valid()
    assert [(label, _tight(field)) for label, field in _fields(python)] == [
        (label, _tight(field)) for label, field in _fields(templates)]
    assert f'<option value="{line.pk}" selected>' in str(python["line"])
    assert "Linie &lt;b&gt; &amp; &quot;Zitat&quot;" in str(python["line"])


def test_the_null_choice_of_a_filter_comes_after_the_empty_one(line):
    """django-filter's null choice (``null_label``) keeps its place and is selectable, without a server-side cursor."""
    python = report_filter({"call": "null"}).form
    python.fields["call"].null_label = "Ohne"
    templates = _as_django_selects(report_filter({"call": "null"}).form)
    templates.fields["call"].null_label = "Ohne"
    assert _tight(python["call"]) == _tight(templates["call"])
    assert '<option value="">Alle</option><option value="null" selected>Ohne</option>' in str(python["call"])


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_queue_reads_its_model_selects_as_values_with_the_labels_of_the_objects(language, line, rita):
    """Calls and lines (translated, with the German fallback), municipalities and reviewers: one query each,
    the same options and order as Django's model choice iterator with ``str(obj)``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from funding.inputs import listed_labels

    line.name_en = "Start-up line"
    line.save()
    with translation.override(language):
        python = ApplicationFilter({}, queryset=Application.objects.all(), user=rita).form
        templates = _as_django_selects(ApplicationFilter({}, queryset=Application.objects.all(), user=rita).form)
        with CaptureQueriesContext(connection) as captured:
            html = [(label, _tight(field)) for label, field in _fields(python)]
            assert [(label, _tight(field)) for label, field in _fields(python)] == html  # read once per form
        assert html == [(label, _tight(field)) for label, field in _fields(templates)]
        assert len(captured) == 4
        assert listed_labels(python.fields["line"])[line.pk] == ("Start-up line" if language == "en" else line.name_de)
        assert listed_labels(python.fields["call"])[line.call_id] == str(line.call)


@pytest.mark.parametrize("data", [None, {"subject": 'Frage <&> "x"', "body": "Zeile 1\n<b>Zeile 2</b> & mehr"},
                                  {"subject": "", "body": ""}])
def test_the_file_page_forms_write_text_areas_as_django_does(data):
    """The message and note forms of the staff file: text inputs and text areas, empty, filled and with errors."""
    from funding.inputs import python_selects
    from funding.staff.forms import MessageForm, NoteForm

    for form_class in (MessageForm, NoteForm):
        python = python_selects(form_class(data))
        templates = form_class(data)
        templates.renderer = get_default_renderer()
        if data is not None:
            python.is_valid()
            templates.is_valid()
        assert _fields(python) == _fields(templates)
        assert "<textarea" in str(python["body"])


def test_the_unbound_forms_of_the_file_are_written_once_per_language_as_the_template_writes_them():
    from django.template.loader import render_to_string
    from django.utils import translation

    from funding.inputs import unbound_form_html
    from funding.staff.forms import MessageForm, NoteForm

    for language in ("de", "en"):
        with translation.override(language):
            for form_class in (MessageForm, NoteForm):
                form = form_class()
                form.renderer = get_default_renderer()
                assert _tight(unbound_form_html(form_class)) == _tight(render_to_string("includes/form.html", {"form": form}))
                assert unbound_form_html(form_class) is unbound_form_html(form_class)
    with translation.override("de"):
        german = unbound_form_html(MessageForm)
    with translation.override("en"):
        assert unbound_form_html(MessageForm) != german and "Betreff" in german
