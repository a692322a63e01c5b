"""The staff queue's links and rows written in Python are what the template tags wrote."""

import pytest
from django.db import connection
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from funding.templatetags.queue import QueryLinks, queue_sort_link, queue_state_links

QUERIES = ["", "state=approved", "q=Verein+%3C%26%3E+%22x%22&call=3&o=-state", "after=abc&line=1&line=2&mine=on",
           "o=file_reference&before=xyz&q=%C3%A4%C3%B6"]


def _context(query):
    request = RequestFactory().get("/sachbearbeitung/antraege/?" + query)
    context = Context({"request": request})
    context.request = request  # as a RequestContext has it (the querystring tag reads it)
    return context, request


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("changes", [{"state": None, "after": None, "before": None}, {"state": "in_review", "after": None, "before": None},
                                     {"o": "-submitted_at", "after": None, "before": None}, {"after": "cursor", "before": None}])
def test_the_links_are_what_the_querystring_tag_writes(query, changes):
    context, request = _context(query)
    tag = "{% querystring " + " ".join(f"{key}=v_{key}" for key in changes) + " %}"
    context.update({f"v_{key}": value for key, value in changes.items()})
    assert QueryLinks(QueryDict(query)).href(**changes) == Template(tag).render(context)


STATE_LINKS = (
    '{% load i18n %}<li><a href="{% querystring state=None after=None before=None %}"{% if not request.GET.state %} aria-current="true"{% endif %}>{% translate "alle" %}</a></li>\n'
    '  {% for value, label, count in state_counts %}<li><a href="{% querystring state=value after=None before=None %}"{% if request.GET.state == value %} aria-current="true"{% endif %}>{{ label }} <span class="count">{{ count }}</span></a></li>{% endfor %}'
)
SORT_LINK = (
    '{% load i18n %}{% with current=request.GET.o %}<a href="{% if current == field %}{% querystring o="-"|add:field after=None before=None %}{% else %}{% querystring o=field after=None before=None %}{% endif %}">{{ label }}'
    '{% if current == field %} <span aria-label="{% translate \'aufsteigend sortiert\' %}">▲</span>{% elif current == "-"|add:field %} <span aria-label="{% translate \'absteigend sortiert\' %}">▼</span>{% endif %}</a>\n{% endwith %}'
)


@pytest.mark.parametrize("query", QUERIES)
def test_the_state_and_sort_links_are_what_the_templates_wrote(query):
    counts = [("submitted", "Eingegangen", 3), ("approved", "Bewilligt <&>", 12345)]
    context, request = _context(query)
    context.update({"state_counts": counts})
    assert queue_state_links(context, counts) == Template(STATE_LINKS).render(context)
    for field in ("file_reference", "state", "submitted_at"):
        context, request = _context(query)
        context.update({"field": field, "label": "Status & <Sortierung>"})
        assert queue_sort_link(context, field, "Status & <Sortierung>") == Template(SORT_LINK).render(context)


@pytest.mark.django_db
def test_the_default_order_of_the_queue_has_an_index_without_the_drafts():
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "funding_application")
    assert constraints["funding_app_received_idx"]["columns"] == ["created_at", "id"]
