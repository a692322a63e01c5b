"""Querysets compiled once and run with other values return what the ORM returns (``funding.prepared``)."""

import pytest
from django.http import Http404

from funding import prepared
from funding.models import Application, CostLine
from funding.staff import selectors
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db


def _file(pk):
    return Application.objects.select_related("call__programme", "line", "organisation").filter(pk=pk)


def test_a_prepared_query_returns_the_orms_objects_for_every_value(organisation, line, documents):
    first, second = (ApplicationFactory(organisation=organisation, line=line, title=title) for title in ("Eins", "Zwei"))
    prepared.forget()
    for app in (first, second, first):
        found = prepared.rows(("test-file",), lambda application: _file(application), {"application": app.pk})
        [expected] = _file(app.pk)
        assert [obj.pk for obj in found] == [app.pk]
        assert {f.attname: getattr(found[0], f.attname) for f in Application._meta.concrete_fields} == {
            f.attname: getattr(expected, f.attname) for f in Application._meta.concrete_fields}
        assert found[0].title == app.title and found[0].call.programme == expected.call.programme
        assert Application._meta.get_field("organisation").is_cached(found[0])  # select_related kept
    assert len([key for key in prepared._PREPARED if "test-file" in key]) == 1  # compiled once


def test_values_that_are_not_parameters_are_refused(line):
    with pytest.raises(ValueError):
        prepared.rows(("test-fixed",), lambda application: Application.objects.filter(pk=1), {"application": 5})


def test_children_get_their_parent_set_and_the_prefetch_marks_the_plan(application, django_assert_num_queries):
    found = selectors.file_plan(application)
    assert [line.pk for line in found] == list(CostLine.objects.filter(application=application).values_list("pk", flat=True))
    assert all(CostLine._meta.get_field("application").is_cached(line) for line in found)
    with django_assert_num_queries(0):
        assert application.total_costs() == sum(line.amount for line in found) > 0
        assert list(application.cost_lines.all()) == list(found)


def test_the_file_query_is_not_shared_between_viewers_of_other_authorities(alice, rita, application):
    from funding import roles
    from tests.factories import AuthorityFactory, UserFactory

    steps.submitted(application, alice)
    app, _filled = selectors.application_file(rita, application.pk)
    assert app.pk == application.pk
    stranger = UserFactory(username="fremd", roles=[roles.REVIEWER], roles__authority=AuthorityFactory(name="Andere"))
    with pytest.raises(Http404):
        selectors.application_file(stranger, application.pk)
    with pytest.raises(Http404):
        selectors.application_file(rita, application.pk + 1000)


def test_on_postgresql_the_query_runs_as_a_statement_prepared_once_per_connection(organisation, line, documents,
                                                                                  django_assert_num_queries):
    from django.db import connection

    if connection.vendor != "postgresql":  # SQLite has no server-side prepared statements: the SQL runs as text
        assert prepared._preparing(connection) is connection
        return
    first, second = (ApplicationFactory(organisation=organisation, line=line, title=title) for title in ("Eins", "Zwei"))
    prepared.forget()

    def statements():
        return dict(connection.connection.execute("SELECT name, statement FROM pg_prepared_statements").fetchall())

    before = statements()
    for app in (first, second, first, second):
        with django_assert_num_queries(1) as captured:  # logged like any query (the query counts of the pages see it)
            found = prepared.rows(("test-prepared",), lambda application: _file(application), {"application": app.pk})
        assert [obj.pk for obj in found] == [app.pk] and found[0].title == app.title
        assert '"funding_application"."id" = $1' in captured.captured_queries[0]["sql"]  # the statement in the log
    new = [text for name, text in statements().items() if name not in before]
    assert len(new) == 1  # one statement for both values, prepared at the first run
    assert '"funding_application"."id" = $1' in new[0]  # the value a parameter of the statement
