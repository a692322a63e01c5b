"""The dashboard's figures from the kept summary cells equal the live aggregation of the applications."""

from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from reports import cells
from reports.figures import report_figures
from reports.filters import report_filter
from tests.factories import ApplicationFactory
from tests.funding import steps

pytestmark = pytest.mark.django_db


def _both(query):
    report = report_filter(QueryDict(query))
    assert report.is_valid(), report.errors
    return report_figures(report), report_figures(report, live=True)


QUERIES = ["", "call={call}", "line={start}", "municipality={rheine}", "call={call}&municipality={rheine}",
           "call={empty}", "line={old}"]


@pytest.mark.parametrize("query", QUERIES)
def test_cells_give_the_live_figures(known, query):
    query = query.format(call=known.call.pk, start=known.start.pk, rheine=known.orgs[0].municipality_id,
                         empty=known.empty_call.pk, old=known.old_line.pk)
    kept, live = _both(query)
    assert kept == live
    assert kept.totals.applications or query


@pytest.mark.parametrize("query", QUERIES[:4])
def test_cells_give_the_live_figures_for_staff_of_the_authority(known, rita, query):
    """Narrowed to the user's authorities: the calls in scope, the organisations' first grants among them."""
    query = query.format(call=known.call.pk, start=known.start.pk, rheine=known.orgs[0].municipality_id,
                         empty=known.empty_call.pk, old=known.old_line.pk)
    report = report_filter(QueryDict(query), rita)
    assert report.is_valid(), report.errors
    kept, live = report_figures(report), report_figures(report, live=True)
    assert kept == live
    assert kept.first_time_organisations == {"": 3, "call": 2}.get(query.split("=")[0], kept.first_time_organisations)


def test_rebuilding_gives_the_figures_the_workflow_kept(alice, rita, anton, finn, organisation, line, documents):
    steps.proof_submitted(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton, finn)
    steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    steps.submitted(ApplicationFactory(organisation=organisation, line=line), alice)
    kept, live = _both("")
    assert kept == live
    assert (kept.totals.applications, kept.totals.funded, kept.totals.participants) == (3, 2, 30)
    call_command("rebuild_summary", verbosity=0)
    assert _both("")[0] == kept


def test_percentiles_from_the_kept_days_are_the_exact_ones(known):
    """Processing times of fractions of days, several in one day: the kept days find the same exact values."""
    import datetime

    from funding import summary
    from reports.percentiles import kept_percentiles, processing_percentiles

    base = known.call.applications.filter(decided_at__isnull=False).first()
    for n, hours in enumerate((1, 13, 30, 31, 47, 75, 76, 200, 201, 202, 500)):
        app = ApplicationFactory(organisation=base.organisation, line=base.line, state="rejected",
                                 submitted_at=base.submitted_at,
                                 decided_at=base.submitted_at + datetime.timedelta(hours=hours, seconds=n))
        summary.update(app.pk)
    for query in ("", f"line={known.start.pk}", f"municipality={known.orgs[0].municipality_id}",
                  f"call={known.call.pk}&municipality={known.orgs[0].municipality_id}"):
        report = report_filter(QueryDict(query))
        assert report.is_valid()
        days = cells.processing_days(report)
        exact = processing_percentiles(report.qs)
        # The ORM's queries and those compiled once per shape of the filter (reports.cells) read the same rows.
        for kept_of in (lambda: kept_percentiles(report.qs, days), lambda: cells.kept_percentiles(report, days)):
            with CaptureQueriesContext(connection) as captured:
                kept = kept_of()
            # Both positions in one query where a compound query may hold limits (PostgreSQL), else one each.
            assert len(captured) == (1 if connection.features.supports_slicing_ordering_in_compound else 2)
            for fraction, value in exact.items():
                assert abs(kept[fraction] - value) <= datetime.timedelta(microseconds=1), (query, fraction)
        assert sum(count for _days, count in cells.processing_days(report)) == report.qs.filter(
            decided_at__isnull=False, submitted_at__isnull=False).count()


def test_cells_do_not_grow_with_applications_alike(known):
    """Twenty more applications like one already counted (same line, seat, type, state, months) add no cell."""
    from funding import summary
    from funding.models import ReportCell

    app = known.call.applications.filter(state="rejected").first()
    cells_before = ReportCell.objects.count()
    for _ in range(20):
        twin = ApplicationFactory(organisation=app.organisation, line=app.line, state=app.state,
                                  submitted_at=app.submitted_at, decided_at=app.decided_at,
                                  requested_amount=app.requested_amount)
        summary.update(twin.pk)
    assert ReportCell.objects.count() == cells_before
    kept, live = _both("")
    assert kept == live


def test_cells_per_call_and_authority_give_the_live_figures_with_two_authorities(
    alice, rita, anton, organisation, line, documents
):
    """Without a line or call filter the dashboard reads the cells over all lines of a call and over all calls
    of an authority: kept by the transitions, rebuilt alike, each authority's own, never counted twice."""
    from funding import roles, summary
    from funding.models import OrganisationFigure, ReportCell, StaffRole
    from funding.models.summary import ALL_LINES, GRAIN_DAYS, GRAIN_SEAT, GRAIN_TYPE, authority_key
    from tests.factories import AuthorityFactory, CallFactory, LineFactory, ProgrammeFactory, UserFactory

    borken = AuthorityFactory(name="Kreis Borken")
    borken_line = LineFactory(call=CallFactory(programme=ProgrammeFactory(authority=borken)))
    second_line = LineFactory(call=line.call)
    second_call_line = LineFactory(call=CallFactory())  # another call of the default authority
    for role, user in ((roles.REVIEWER, rita), (roles.APPROVER, anton)):
        StaffRole.objects.create(user=user, authority=borken, role=role)
        user.__dict__.pop("_staff_roles", None)
    home_only = UserFactory(username="heim", roles=[roles.REVIEWER])
    borken_only = UserFactory(username="fremd", roles=[roles.REVIEWER], roles__authority=borken)
    admin = UserFactory(username="admin", is_superuser=True)

    in_borken = steps.approved(ApplicationFactory(organisation=organisation, line=borken_line), alice, rita, anton)
    steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    steps.approved(ApplicationFactory(organisation=organisation, line=second_line), alice, rita, anton)
    steps.reviewed(ApplicationFactory(organisation=organisation, line=second_call_line), alice, rita)
    steps.submitted(ApplicationFactory(organisation=organisation, line=borken_line), alice)
    # The earliest grant leaves the funded ones past the services: every scope's first grant anew.
    type(in_borken).objects.filter(pk=in_borken.pk).update(state="rejected")
    summary.update(in_borken.pk)
    steps.approved(ApplicationFactory(organisation=organisation, line=borken_line), alice, rita, anton)

    stored = summary.stored_cells()
    assert stored == summary.computed_cells()
    assert summary.stored_organisation_figures() == summary.computed_organisation_figures()
    home = line.call.programme.authority_id
    by_authority = defaultdict(int)
    for call_id, applications in ReportCell.objects.filter(grain=GRAIN_SEAT, line_id=ALL_LINES, call_id__lt=0
                                                           ).values_list("call_id", "applications"):
        by_authority[call_id] += applications
    assert by_authority == {authority_key(home): 3, authority_key(borken.pk): 3}
    assert sum(values[0] for (grain, seat, call, line_id, *_rest), values in stored.items()
               if (grain, seat, call, line_id) == (GRAIN_TYPE, -1, line.call_id, ALL_LINES)) == 2
    assert not ReportCell.objects.filter(grain=GRAIN_DAYS, call_id__lt=0).exclude(line_id=ALL_LINES).exists()
    figures = dict(OrganisationFigure.objects.filter(organisation_id=organisation.pk, call_id__lt=0).values_list(
        "call_id", "funded"))
    assert figures == {authority_key(home): 2, authority_key(borken.pk): 1}

    queries = ["", f"call={line.call_id}", f"call={borken_line.call_id}", f"line={line.pk}",
               f"municipality={organisation.municipality_id}"]
    seen = {}
    for user in (rita, home_only, borken_only, admin, None):
        for query in queries:
            report = report_filter(QueryDict(query), user)
            if not report.is_valid():  # a call of another authority is no choice for this user
                continue
            kept, live = report_figures(report), report_figures(report, live=True)
            assert kept == live, (user, query)
            seen[(getattr(user, "username", None), query)] = (
                kept.totals.applications, kept.totals.organisations, kept.first_time_organisations)
    # The first grant left, the earliest of all is now the default authority's.
    assert seen[("heim", "")] == (3, 1, 1)
    assert seen[("fremd", "")] == (3, 1, 0)
    assert seen[("rita", "")] == seen[("admin", "")] == seen[(None, "")] == (6, 1, 1)

    call_command("rebuild_summary", verbosity=0)
    assert summary.stored_cells() == stored
    for query in queries[:2]:
        report = report_filter(QueryDict(query), home_only)
        assert report_figures(report) == report_figures(report, live=True)


def test_the_processing_indexes_carry_what_the_percentiles_read():
    """PostgreSQL: the percentiles' parts read the index alone (funding 0059); SQLite has no such indexes."""
    import importlib

    migration = importlib.import_module("funding.migrations.0059_processing_index_only")

    with connection.cursor() as cursor:
        names = set(connection.introspection.get_constraints(cursor, "funding_application"))
        if connection.vendor != "postgresql":
            assert not set(migration.INDEXES) & names
            return
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(migration.INDEXES)])
        found = dict(cursor.fetchall())
    assert set(found) == set(migration.INDEXES)
    for name, (_leading, included) in migration.INDEXES.items():
        assert f"INCLUDE ({included})" in found[name]
