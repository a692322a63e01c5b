"""The overview's rows written in Python give the HTML of the template loop they replace, in every language."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from applicants.presentation import applicant_state_labels, next_steps
from applicants.templatetags.portal import overview_rows
from funding.models import Application
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db

# templates/applicants/dashboard.html's loop before the rows moved to Python (applicants/templatetags/portal.py),
# with the user's texts (title, funding line, organisation) isolated in <bdi> for right-to-left pages.
LOOP = Template("""{% load i18n money %}{% translate "Projekt" as l_project %}{% translate "Verein" as l_organisation %}{% translate "Aktenzeichen" as l_reference %}{% translate "Beantragt" as l_requested %}{% translate "Status" as l_state %}{% translate "Nächster Schritt" as l_next %}{% translate "noch keines" as l_none %}{% translate "nichts zu tun" as l_nothing %}{% for application in applications %}
    <tr>
      <td data-label="{{ l_project }}"><a href="{% url 'applicants:application_detail' application.pk %}"><bdi>{{ application.title }}</bdi></a><br><span class="muted"><bdi>{{ application.line.name }}</bdi></span>{% if application.assisted_by_id %}<br><span class="muted">{% translate "mit Unterstützung des KI gestellt" %}</span>{% endif %}</td>
      <td data-label="{{ l_organisation }}"><bdi>{{ application.organisation.name }}</bdi></td>
      <td data-label="{{ l_reference }}">{{ application.file_reference|default:l_none }}</td>
      <td data-label="{{ l_requested }}" class="num">{{ application.requested_amount|euro }}</td>
      <td data-label="{{ l_state }}"><span class="state state-{{ application.state }}">{{ application.state_label }}</span></td>
      <td data-label="{{ l_next }}">
        {% with step=application.next_step %}
        {% if step %}<a href="{{ step.url }}">{{ step.label }}<span class="visually-hidden"> – <bdi>{{ application.title }}</bdi></span></a>
          {% if step.proof and application.proof_due_date %}<br><span class="{% if application.proof_due_date < today %}warning-text{% else %}muted{% endif %}">{% blocktranslate with day=application.proof_due_date|date:"d.m.Y" %}fällig am {{ day }}{% endblocktranslate %}</span>{% endif %}
        {% else %}<span class="muted">{{ l_nothing }}</span>{% endif %}
        {% endwith %}
      </td>
    </tr>
  {% endfor %}""")


@pytest.fixture
def applications(organisation, line):
    today = timezone.localdate()
    kinds = [
        {"state": "draft", "title": "Café <Begegnung> & Sprache"},
        {"state": "draft", "assisted_by": UserFactory(), "requested_amount": Decimal("0.00")},
        {"state": "changes_requested", "file_reference": "MSO-2027-0001"},
        {"state": "approved", "file_reference": "MSO-2027-0002", "proof_due_date": today - datetime.timedelta(days=1),
         "requested_amount": Decimal("1234567.89")},
        {"state": "approved", "file_reference": "MSO-2027-0003", "proof_due_date": today + datetime.timedelta(days=30)},
        {"state": "approved", "file_reference": "MSO-2027-0004"},
        {"state": "submitted", "file_reference": "MSO-2027-0005"},
        {"state": "proof_changes_requested", "file_reference": "MSO-2027-0006", "proof_due_date": today},
        {"state": "closed", "file_reference": "MSO-2027-0007"},
    ]
    for fields in kinds:
        ApplicationFactory(organisation=organisation, line=line, **fields)
    page = list(Application.objects.filter(organisation=organisation).select_related("line", "organisation").order_by("pk"))
    assert any(app.assisted_by_id for app in page) and any(app.proof_due_date for app in page)
    return page


@pytest.mark.parametrize("language", ["de", "en", "tr", "ar", "uk"])
def test_the_rows_are_the_html_of_the_template_loop(applications, language):
    today = timezone.localdate()
    with translation.override(language):
        states = applicant_state_labels()
        for app in applications:
            app.state_label = states[app.state]
        next_steps(applications)
        expected = LOOP.render(Context({"applications": applications, "today": today}))
        assert overview_rows(applications, today) == expected
    assert expected.count("<tr>") == len(applications)
    assert "<bdi>Café &lt;Begegnung&gt; &amp; Sprache</bdi>" in expected and "warning-text" in expected
    assert expected.count('<br><span class="muted">') >= 3  # the line of each row, the assisted one, a due date


def test_the_next_step_is_the_one_the_workflow_offers(applications):
    from applicants.presentation import next_step

    next_steps(applications)
    for app in applications:
        assert app.next_step == next_step(app)
