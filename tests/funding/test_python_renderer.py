"""The filter forms' labels and inputs rendered in Python are the HTML Django's templates write."""

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
