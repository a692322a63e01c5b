"""The report's SSD page costs end with its transaction or savepoint; the next query plans as before."""

import pytest
from django.db import connection, transaction

from reports.aggregates import REPORT_RANDOM_PAGE_COST, report_planning


def _page_cost():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('random_page_cost')")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("outer", [False, True], ids=["own transaction", "inside a transaction"])
def test_the_page_cost_holds_inside_and_is_restored_after(outer):
    postgresql = connection.vendor == "postgresql"  # SQLite has no planner settings: the block only runs the queries
    before = _page_cost() if postgresql else None
    with transaction.atomic() if outer else _nothing():
        with report_planning():
            assert not postgresql or _page_cost() == REPORT_RANDOM_PAGE_COST
        assert connection.in_atomic_block is outer
        assert not postgresql or _page_cost() == before
    assert not postgresql or _page_cost() == before


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
