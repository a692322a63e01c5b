"""The staff work queue: filters in the URL, counts, sorting, query counts, indexes."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applicants.models import Municipality
from funding.models import Application
from funding.services.applications import application_request_changes
from funding.staff.filters import ApplicationFilter
from tests.factories import ApplicationFactory, LineFactory, MembershipFactory, OrganisationFactory, UserFactory, standing_documents
from tests.funding import steps

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_2fa")]


def queue(client, **params):
    response = client.get(reverse("staff:queue"), params)
    assert response.status_code == 200
    return response


def references(response):
    return {app.file_reference for app in response.context["page"]}


@pytest.fixture
def apps(alice, rita, organisation, documents):
    """Three submitted applications that differ in every filtered attribute."""
    line = LineFactory(call__reference_prefix="MSO-2017")
    other_line = LineFactory(name="Anschubförderung", call=line.call, max_grant=Decimal("5000.00"))
    mosque = OrganisationFactory(name="Moscheegemeinde Greven e.V.", org_type="mosque", municipality=Municipality.objects.get(name="Greven"))
    bob = MembershipFactory(organisation=mosque, user=UserFactory(username="mosque-rep")).user
    standing_documents(mosque)
    first = steps.in_review(ApplicationFactory(organisation=organisation, line=line, title="Sprachcafé"), alice, rita)
    second = steps.submitted(
        ApplicationFactory(organisation=mosque, line=other_line, title="Sommerfest", municipality=Municipality.objects.get(name="Greven"),
                           requested_amount=Decimal("3000.00"), own_funds=Decimal("750.00")),
        bob,
    )
    third = steps.submitted(ApplicationFactory(organisation=organisation, line=line, title="Hausaufgabenhilfe"), alice)
    return first, second, third


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"MSO-2017-0001", "MSO-2017-0002", "MSO-2017-0003"}),
        ({"state": "in_review"}, {"MSO-2017-0001"}),
        ({"q": "sommer"}, {"MSO-2017-0002"}),
        ({"q": "MSO-2017-0003"}, {"MSO-2017-0003"}),
        ({"q": "moschee"}, {"MSO-2017-0002"}),
        ({"org_type": "mosque"}, {"MSO-2017-0002"}),
        ({"amount_min": "5000"}, {"MSO-2017-0001", "MSO-2017-0003"}),
        ({"amount_max": "3000"}, {"MSO-2017-0002"}),
        ({"mine": "true"}, {"MSO-2017-0001"}),
    ],
)
def test_it_filters_the_queue(client, rita, apps, params, expected):
    client.force_login(rita)
    assert references(queue(client, **params)) == expected


def test_it_filters_by_call_line_municipality_and_reviewer(client, rita, apps):
    first, second, _third = apps
    client.force_login(rita)
    assert references(queue(client, line=second.line_id)) == {"MSO-2017-0002"}
    assert references(queue(client, municipality=second.municipality_id)) == {"MSO-2017-0002"}
    assert references(queue(client, reviewer=rita.pk)) == {"MSO-2017-0001"}
    assert len(references(queue(client, call=first.call_id))) == 3


def test_it_finds_overdue_proofs_and_unanswered_change_requests(client, rita, anton, alice, organisation, documents):
    late = steps.approved(ApplicationFactory(organisation=organisation), alice, rita, anton)
    Application.objects.filter(pk=late.pk).update(proof_due_date=timezone.localdate() - timedelta(days=1))
    waiting = steps.in_review(ApplicationFactory(organisation=organisation), alice, rita)
    application_request_changes(application=waiting, user=rita, message="Bitte Angebot hochladen.")
    Application.objects.filter(pk=waiting.pk).update(changes_requested_at=timezone.now() - timedelta(days=30))
    client.force_login(rita)

    assert references(queue(client, overdue="proof")) == {late.file_reference}
    assert references(queue(client, overdue="changes")) == {Application.objects.get(pk=waiting.pk).file_reference}


def test_it_counts_per_state_with_the_other_filters(client, rita, apps):
    client.force_login(rita)
    counts = {state: n for state, _label, n in queue(client, state="in_review", q="MSO").context["state_counts"]}
    assert counts["in_review"] == 1
    assert counts["submitted"] == 2
    assert counts["approved"] == 0


def test_it_sorts_and_keeps_filters_in_the_links(client, rita, apps):
    client.force_login(rita)
    response = queue(client, o="-requested_amount", state="submitted")
    assert [app.file_reference for app in response.context["page"]] == ["MSO-2017-0003", "MSO-2017-0002"]
    assert "o=requested_amount" in response.content.decode()  # the link to reverse the order
    assert "state=submitted" in response.content.decode()


def test_it_never_shows_drafts(client, rita, application):
    client.force_login(rita)
    assert list(queue(client).context["page"]) == []
    assert client.get(reverse("staff:application_detail", args=[application.pk])).status_code == 404


def test_it_paginates(client, rita, organisation, line):
    Application.objects.bulk_create(_bulk(30, organisation, line))
    client.force_login(rita)
    first = queue(client).context["page"]
    assert len(first) == 25
    second = queue(client, after=first.next_cursor).context["page"]
    assert len(second) == 5
    assert not {app.pk for app in first} & {app.pk for app in second}


def _bulk(count, organisation, line, start=0):
    states = ["submitted", "in_review", "approved", "rejected", "closed"]
    now = timezone.now()
    return [
        Application(
            call=line.call, line=line, organisation=organisation, title=f"Projekt {n}", file_reference=f"BULK-{n:05d}",
            state=states[n % len(states)], requested_amount=Decimal(1000 + n), submitted_at=now, created_at=now,
            municipality_id=organisation.municipality_id,
        )
        for n in range(start, start + count)
    ]


def _count_queries(client, params):
    with CaptureQueriesContext(connection) as captured:
        queue(client, **params)
    return len(captured)


@pytest.mark.parametrize("params", [{}, {"state": "approved", "q": "Projekt", "o": "-requested_amount", "amount_min": "1"}])
def test_it_runs_the_same_queries_for_50_and_5000_applications(client, rita, organisation, line, params, django_assert_max_num_queries):
    Application.objects.bulk_create(_bulk(50, organisation, line))
    client.force_login(rita)
    small = _count_queries(client, params)

    Application.objects.bulk_create(_bulk(4950, organisation, line, start=50), batch_size=1000)
    assert Application.objects.count() == 5000
    large = _count_queries(client, params)

    assert small == large
    with django_assert_max_num_queries(15):
        queue(client, **params)


# --- every filter and sort key is backed by an index --------------------------

FILTER_COLUMNS = {
    "state": ("funding_application", "state"),
    "call": ("funding_application", "call_id"),
    "line": ("funding_application", "line_id"),
    "municipality": ("funding_application", "municipality_id"),
    "org_type": ("applicants_organisation", "org_type"),
    "amount_min": ("funding_application", "requested_amount"),
    "amount_max": ("funding_application", "requested_amount"),
    "reviewer": ("funding_application", "assigned_reviewer_id"),
    "mine": ("funding_application", "assigned_reviewer_id"),
    "overdue": ("funding_application", "state"),  # (state, proof_due_date), (state, changes_requested_at)
    "q": ("funding_application", "file_reference"),  # plus trigram indexes on PostgreSQL, below
    "o": ("funding_application", "created_at"),
}
SORT_COLUMNS = ["file_reference", "submitted_at", "requested_amount", "proof_due_date", "state", "created_at"]


def _leading_index_columns(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {info["columns"][0] for info in constraints.values() if (info["index"] or info["unique"]) and info["columns"]}


def _index_column_pairs(table):
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    return {tuple(info["columns"]) for info in constraints.values() if info["index"]}


def test_it_backs_every_filter_with_an_index():
    assert set(FILTER_COLUMNS) == set(ApplicationFilter.base_filters)
    for name, (table, column) in FILTER_COLUMNS.items():
        assert column in _leading_index_columns(table), name
    pairs = _index_column_pairs("funding_application")
    assert ("state", "proof_due_date") in pairs
    assert ("state", "changes_requested_at") in pairs
    for column in SORT_COLUMNS:
        assert column in _leading_index_columns("funding_application"), column


def test_it_backs_the_text_search_with_trigram_indexes_on_postgresql():
    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "funding_application"))
        names |= set(connection.introspection.get_constraints(cursor, "applicants_organisation"))
    trigram = {"funding_app_file_ref_trgm", "funding_app_title_trgm", "applicants_org_name_trgm"}
    if connection.vendor == "postgresql":
        assert trigram <= names
    else:
        # SQLite (development only) has no index type for LIKE '%…%'.
        assert not trigram & names
