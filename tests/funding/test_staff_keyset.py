"""Keyset pages of the staff queue: every row once, in order, both ways; counts from the kept figures."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Count
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding import summary
from funding.models import Application
from funding.staff import selectors
from funding.staff.access import submitted_applications
from funding.staff.filters import ApplicationFilter
from funding.keyset import keyset_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


@pytest.fixture
def many(organisation, line):
    """23 applications with ties and gaps in every sort column."""
    now = timezone.now()
    states = ["submitted", "in_review", "approved", "rejected"]
    Application.objects.bulk_create(
        Application(
            call=line.call, line=line, organisation=organisation, title=f"Projekt {n}",
            file_reference=f"K-{n:03d}" if n % 5 else None, state=states[n % 4],
            requested_amount=Decimal(1000 + n % 3), submitted_at=now - timedelta(days=n % 4) if n % 3 else None,
            proof_due_date=(now + timedelta(days=n % 2)).date() if n % 2 else None, created_at=now - timedelta(hours=n % 6),
        )
        for n in range(23)
    )
    summary.rebuild()  # loaded past the services


def _walk(ordering, size):
    rows, page, pages = [], keyset_page(submitted_applications(), ordering, size=size), []
    while True:
        pages.append(page)
        rows += [app.pk for app in page]
        if not page.has_next:
            break
        page = keyset_page(submitted_applications(), ordering, after=page.next_cursor, size=size)
    return rows, pages


def _expected(ordering):
    """Python's order: rows without a value last, ties by id in the direction of the sort."""
    name, descending = ordering.lstrip("-"), ordering.startswith("-")
    apps = list(submitted_applications())
    present = sorted((a for a in apps if getattr(a, name) is not None), key=lambda a: (getattr(a, name), a.pk),
                     reverse=descending)
    missing = sorted((a for a in apps if getattr(a, name) is None), key=lambda a: a.pk, reverse=descending)
    return [a.pk for a in present + missing]


@pytest.mark.parametrize("ordering", ["-created_at", "created_at", "file_reference", "-file_reference", "submitted_at",
                                      "-submitted_at", "requested_amount", "-requested_amount", "proof_due_date",
                                      "-proof_due_date", "state", "-state"])
def test_pages_forward_and_back_give_every_row_once_in_order(many, ordering):
    rows, pages = _walk(ordering, size=5)
    assert rows == _expected(ordering)
    assert [len(page) for page in pages] == [5, 5, 5, 5, 3]
    assert not pages[0].has_previous
    # Back from the last page gives the earlier pages again.
    page = pages[-1]
    for earlier in reversed(pages[:-1]):
        page = keyset_page(submitted_applications(), ordering, before=page.previous_cursor, size=5)
        assert [app.pk for app in page] == [app.pk for app in earlier]
    assert not page.has_previous


def test_a_cursor_that_cannot_be_read_shows_the_first_page(many):
    first = keyset_page(submitted_applications(), "-created_at", size=5)
    broken = keyset_page(submitted_applications(), "-created_at", after="kaputt", size=5)
    assert [app.pk for app in broken] == [app.pk for app in first]


def _queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("staff:queue"), params)
    assert response.status_code == 200
    return len(captured), response.context["page"]


def test_a_deep_page_runs_the_queries_of_the_first_and_counts_come_from_the_kept_figures(client, rita, many):
    client.force_login(rita)
    first_count, page = _queries(client, {})
    while page.has_next:
        count, page = _queries(client, {"after": page.next_cursor})
        assert count == first_count
    live = dict(submitted_applications().values_list("state").annotate(n=Count("pk")).order_by())
    shown = {state: n for state, _label, n in client.get(reverse("staff:queue")).context["state_counts"] if n}
    assert shown == live
    assert page.count == sum(live.values())


@pytest.mark.parametrize("query", ["", "call={call}", "line={line}", "org_type=mosque", "org_type={org_type}&line={line}",
                                   "state=approved&call={call}", "q=Projekt", "amount_min=1001"])
def test_counts_from_the_kept_figures_equal_counting_the_table(rita, many, organisation, line, query):
    params = QueryDict(query.format(call=line.call_id, line=line.pk, org_type=organisation.org_type))
    filterset = ApplicationFilter(params, queryset=submitted_applications(), user=rita)
    kept = selectors.queue_state_counts(filterset, user=rita, params=params)
    assert kept == selectors.state_counts(user=rita, params=params)
    assert sum(n for _state, _label, n in kept) > 0 or "mosque" in query
