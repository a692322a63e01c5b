"""Pages cost the same number of queries with one application and with many (bulk-created)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding import summary
from funding.models import Application
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]

MANY = 200
STATES = ["submitted", "in_review", "approved", "rejected", "closed", "draft"]


def _bulk(organisation, line, count):
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            call=line.call, line=line, organisation=organisation, title=f"Projekt {n}", file_reference=f"BULK-{n:05d}",
            state=STATES[n % len(STATES)], requested_amount=Decimal(1000 + n), submitted_at=now, created_at=now,
            municipality_id=organisation.municipality_id,
        )
        for n in range(count)
    )
    summary.rebuild()


def _queries(client, url, params=None):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured)


@pytest.fixture
def decided(alice, rita, anton, finn, organisation, line, documents):
    """One application with a decision, a payment, a proof of use: every part of the file is filled."""
    return steps.proof_submitted(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton, finn)


def test_the_staff_detail_runs_the_same_queries_whatever_the_number_of_applications(client, rita, decided, organisation, line):
    client.force_login(rita)
    url = reverse("staff:application_detail", args=[decided.pk])
    one = _queries(client, url)
    _bulk(organisation, line, MANY)
    assert _queries(client, url) == one
    assert one <= 12  # the target (docs/performance.md)


@pytest.mark.parametrize("params", [{}, {"call": "{call}"}, {"line": "{line}", "org_type": "{org_type}"},
                                    {"q": "Projekt", "o": "-requested_amount"}])
def test_the_queue_runs_the_same_queries_for_one_and_many_on_every_page(client, rita, decided, organisation, line, params):
    params = {key: value.format(call=line.call_id, line=line.pk, org_type=organisation.org_type) for key, value in params.items()}
    client.force_login(rita)
    url = reverse("staff:queue")
    one = _queries(client, url, params)
    # Session, user, roles, the four selects' options (one query), the counts per state, the page (with the
    # search on PostgreSQL: the ids of the matches with their states, which give the counts, then the page).
    assert one == 6
    _bulk(organisation, line, MANY)
    assert _queries(client, url, params) == one
    page = client.get(url, params).context["page"]
    assert page.has_next
    assert _queries(client, url, {**params, "after": page.next_cursor}) == one


def test_the_applicant_overview_is_paginated_with_the_same_queries(client, alice, decided, organisation, line):
    client.force_login(alice)
    url = reverse("applicants:dashboard")
    one = _queries(client, url)
    _bulk(organisation, line, MANY)
    assert _queries(client, url) == one
    page = client.get(url).context["applications"]
    assert len(page) == 25 and page.has_next
    assert _queries(client, url, {"after": page.next_cursor}) == one
