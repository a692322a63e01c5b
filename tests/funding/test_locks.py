"""One lock helper: each step locks the rows it needs once, and only those."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from funding.services.locks import lock_application, lock_call
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

def test_it_locks_only_the_application_row(application):
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        lock_application(application.pk)

    (sql,) = [query["sql"] for query in queries.captured_queries if 'FROM "funding_application"' in query["sql"]]
    assert ('FOR UPDATE OF "funding_application"' in sql) == connection.features.has_select_for_update_of
    assert "FOR UPDATE" not in sql.replace('FOR UPDATE OF "funding_application"', "")


def test_it_returns_the_locked_rows(application):
    with transaction.atomic():
        assert lock_call(application.call_id) == application.call
        locked = lock_application(application.pk)
    assert locked == application and locked.organisation == application.organisation
