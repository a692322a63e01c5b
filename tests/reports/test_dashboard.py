from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applicants.models import Municipality
from tests.factories import ApplicationFactory
from tests.reports.test_figures import figures_for

URL = reverse("reports:dashboard")


def test_it_is_hidden_from_applicants(client, alice, known):
    client.force_login(alice)
    assert client.get(URL).status_code == 404


def test_it_requires_login(client):
    response = client.get(URL)
    assert response.status_code == 302


def test_it_shows_the_figures_of_one_call(client, leitung, known):
    client.force_login(leitung)
    response = client.get(URL, {"call": known.call.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "18.500,00\u00a0€" in html  # approved minus recovered
    assert "80.000,00\u00a0€" in html  # remaining budget
    assert "75,0" in html  # approval rate
    assert "25,0" in html and "37,0" in html  # processing time median / p90


def test_it_lists_all_24_municipalities_with_zeros(client, leitung, known):
    client.force_login(leitung)
    figures = client.get(URL, {"call": known.call.pk}).context["figures"]
    names = [row.label for row in figures.municipalities]
    assert names[:24] == list(Municipality.objects.order_by("name").values_list("name", flat=True))
    assert len(names) == 25 and names[-1] == "Ohne Sitz im Kreis"
    rows = {row.label: row.measures for row in figures.municipalities}
    assert rows["Rheine"].approved == Decimal("10000.00") and rows["Rheine"].applications == 3
    assert rows["Greven"].participants == 120
    assert rows["Ohne Sitz im Kreis"].requested == Decimal("3000.00")
    assert rows["Ladbergen"].applications == 0 and rows["Ladbergen"].approved == 0


@pytest.mark.parametrize("query", ["", "call={call}", "municipality={rheine}", "date_from=2024-02-01"])
def test_it_reconciles_every_breakdown_with_the_total(known, query):
    rheine = Municipality.objects.get(name="Rheine").pk
    figures = figures_for(query.format(call=known.call.pk, rheine=rheine))
    for rows in (figures.municipalities, figures.org_types, figures.lines, figures.calls):
        for name in ("applications", "requested", "funded", "approved", "paid", "recovered", "participants"):
            assert sum(getattr(row.measures, name) for row in rows) == getattr(figures.totals, name), name


def test_it_shows_an_empty_call_with_zeros(client, leitung, known):
    client.force_login(leitung)
    response = client.get(URL, {"call": known.empty_call.pk})
    figures = response.context["figures"]
    assert figures.totals.applications == 0 and figures.totals.approved == 0
    assert figures.median_days is None and figures.totals.approval_rate is None
    assert figures.remaining == Decimal("50000.00")
    assert [line.label for line in figures.lines] == ["Leerlinie"]
    assert len(figures.municipalities) == 24 and figures.months == []
    assert "Keine Eingänge im gewählten Ausschnitt." in response.content.decode()


def test_it_narrows_to_one_municipality_and_line(client, leitung, known):
    client.force_login(leitung)
    rheine = Municipality.objects.get(name="Rheine")
    figures = client.get(URL, {"municipality": rheine.pk, "line": known.project.pk}).context["figures"]
    t = figures.totals
    assert (t.applications, t.funded, t.requested, t.approved) == (2, 1, Decimal("15000.00"), Decimal("6000.00"))
    assert (t.paid, t.recovered, t.net) == (Decimal("6000.00"), Decimal("1500.00"), Decimal("4500.00"))
    # Budgets stay those of the whole call: 100.000 € minus all 20.000 € approved in it.
    assert figures.remaining == Decimal("80000.00")


def test_it_counts_the_states_per_line(known):
    figures = figures_for(f"call={known.call.pk}")
    states = dict((str(label), count) for label, count in figures.totals.state_counts())
    assert states["Entwurf"] == 1 and states["Zurückgezogen"] == 1 and states["Abgeschlossen (z. d. A.)"] == 1
    start = dict((str(label), count) for label, count in figures.calls[0].lines[0].measures.state_counts())
    assert start["Bewilligt"] == 1 and start["Eingegangen"] == 1 and start["Zurückgezogen"] == 1


def test_it_counts_submissions_and_decisions_per_month(known):
    months = figures_for(f"call={known.call.pk}").months
    table = [(row.month.strftime("%Y-%m"), row.submitted, row.decided) for row in months]
    assert table == [("2024-01", 2, 1), ("2024-02", 2, 1), ("2024-03", 2, 1), ("2024-04", 0, 1)]


def test_it_counts_first_time_funded_organisations_over_all_calls(known):
    assert figures_for("").first_time_organisations == 3
    assert figures_for(f"call={known.call.pk}").first_time_organisations == 2
    assert figures_for(f"call={known.old_call.pk}").first_time_organisations == 1


def test_it_filters_by_period_of_receipt(known):
    figures = figures_for("date_from=2024-02-01&date_to=2024-02-29")
    assert figures.totals.applications == 2 and figures.totals.approved == Decimal("16000.00")


def test_it_rejects_a_line_of_another_call(client, leitung, known):
    client.force_login(leitung)
    response = client.get(URL, {"call": known.empty_call.pk, "line": known.project.pk})
    assert response.status_code == 400
    assert "gehört nicht zum gewählten Förderaufruf" in response.content.decode()


def test_it_carries_the_filter_into_the_download_links(client, leitung, known):
    client.force_login(leitung)
    html = client.get(URL, {"call": known.call.pk, "municipality": ""}).content.decode()
    export = reverse("reports:export", args=["zuwendungen", "xlsx"])
    assert f'href="{export}?call={known.call.pk}&amp;municipality="' in html


def test_it_renders_accessible_charts_with_tables(client, leitung, known):
    client.force_login(leitung)
    html = client.get(URL).content.decode()
    assert html.count('role="img"') == 3
    assert "<caption>Zahlen zum Diagramm: Eingänge und Entscheidungen je Monat</caption>" in html
    assert 'style="' not in html and "<script" not in html


def _queries(client):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL).status_code == 200
    return len(context)


def test_it_needs_a_fixed_number_of_queries(client, leitung, line, django_assert_max_num_queries):
    client.force_login(leitung)
    ApplicationFactory(line=line)
    with django_assert_max_num_queries(25):
        few = _queries(client)
    for state in ("submitted", "approved", "rejected", "closed", "withdrawn"):
        ApplicationFactory.create_batch(3, line=line, state=state, approved_amount=Decimal("100.00"))
    assert _queries(client) == few
