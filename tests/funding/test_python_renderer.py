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


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_queue_reads_the_options_of_its_four_selects_with_one_query_as_each_select_would(language, line, rita):
    """``read_options``: the calls, lines, municipalities and reviewers from one query (the union of the four
    querysets), in each queryset's own order (calls newest first, lines by call, order and name in the
    language, the rest by name), with the labels of the objects; the same HTML as reading each select."""
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import translation

    from funding import roles
    from funding.models import StaffRole
    from tests.factories import CallFactory, LineFactory, UserFactory

    authority = line.call.programme.authority
    older = CallFactory(programme=line.call.programme, name="Älterer Aufruf", name_en="Older call", opens_on=date(2016, 1, 1))
    same_day = CallFactory(programme=line.call.programme, name="Gleicher Tag", opens_on=line.call.opens_on)
    LineFactory(call=older, name="Zweite", name_en="B second", order=1)
    LineFactory(call=older, name="Erste", name_en="Z first", order=1)
    LineFactory(call=older, name="Vorne", order=0)
    LineFactory(call=same_day, name="Tageslinie", order=2)
    line.name_en = "Start-up line"
    line.save()
    for username, last_name in (("zora", "Albers"), ("adam", "Zander")):
        reviewer = UserFactory(username=username, last_name=last_name, roles=[roles.REVIEWER])
        StaffRole.objects.get_or_create(user=reviewer, authority=authority, role=roles.REVIEWER)
    with translation.override(language):
        separate = ApplicationFilter({}, queryset=Application.objects.all(), user=rita).form
        expected = [(label, _tight(field)) for label, field in _fields(separate)]
        one = ApplicationFilter({}, queryset=Application.objects.all(), user=rita)
        with CaptureQueriesContext(connection) as captured:
            one.read_options()
            assert [(label, _tight(field)) for label, field in _fields(one.form)] == expected
        assert len(captured) == 1
        lines = [label for _pk, label in one.form.fields["line"].choices][1:]
        assert lines[-3:] == (["Vorne", "B second", "Z first"] if language == "en" else ["Vorne", "Erste", "Zweite"])


def test_the_chosen_options_are_checked_against_the_options_read_without_another_query(line, rita):
    """A chosen call, line, municipality or reviewer is valid when it is among the options read (then its
    object, by primary key), invalid with Django's message otherwise (unknown, not a number, another
    authority's call), as the look-up in the database answers."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import AuthorityFactory, CallFactory

    foreign = CallFactory(programme__authority=AuthorityFactory(name="Stadt Münster"))  # another authority's
    cases = [({"call": str(line.call_id), "line": f" {line.pk} "}, True), ({"call": "abc"}, False),
             ({"call": "5.0"}, False), ({"call": str(foreign.pk)}, False), ({"line": "99999999999999999999"}, False),
             ({"reviewer": str(rita.pk)}, True), ({"municipality": "0"}, False)]
    for data, valid in cases:
        looked_up = ApplicationFilter(data, queryset=Application.objects.all(), user=rita).form
        listed = ApplicationFilter(data, queryset=Application.objects.all(), user=rita)
        listed.read_options()
        assert looked_up.is_valid() == valid, data
        with CaptureQueriesContext(connection) as captured:
            assert listed.form.is_valid() == valid, data
        assert len(captured) == 0
        assert listed.form.errors == looked_up.errors
        if valid:
            for name, value in looked_up.cleaned_data.items():
                chosen = listed.form.cleaned_data[name]
                assert chosen == value and type(chosen) is type(value)
                if hasattr(value, "pk"):
                    assert str(chosen) == str(value)  # the other fields are read when used
