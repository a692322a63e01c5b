"""The dashboard's figures from the kept summary cells equal the live aggregation of the applications."""

import pytest
from django.core.management import call_command
from django.http import QueryDict

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


def test_rebuilding_gives_the_figures_the_workflow_kept(alice, rita, anton, finn, organisation, line, documents):
    steps.proof_submitted(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton, finn)
    steps.approved(ApplicationFactory(organisation=organisation, line=line), alice, rita, anton)
    steps.submitted(ApplicationFactory(organisation=organisation, line=line), alice)
    kept, live = _both("")
    assert kept == live
    assert (kept.totals.applications, kept.totals.funded, kept.totals.participants) == (3, 2, 30)
    call_command("rebuild_summary", verbosity=0)
    assert _both("")[0] == kept
