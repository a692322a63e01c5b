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


def _queries(client, **params):
    with CaptureQueriesContext(connection) as context:
        assert client.get(URL, params).status_code == 200
    return len(context)


def _many_with_money(line, finn):
    """Applications in every state in two lines and two seats, with payments, recoveries, hearings, proofs."""
    import datetime

    from funding import summary
    from funding.models import Drawdown, Hearing, Payment, ProofOfUse, Recovery, Repayment
    from tests.factories import LineFactory, OrganisationFactory, municipality

    other = LineFactory(call=line.call, name="Zweite Linie")
    orgs = [OrganisationFactory(municipality=municipality(name)) for name in ("Rheine", "Greven", "Emsdetten")]
    day = datetime.date(2027, 3, 1)
    for n, state in enumerate(["submitted", "approved", "rejected", "closed", "withdrawn", "recovery_pending",
                               "final_payment_due", "hearing", "proof_submitted"] * 4):
        app = ApplicationFactory(line=(line, other)[n % 2], organisation=orgs[n % 3], state=state,
                                 approved_amount=Decimal("1000.00"))
        if state in ("submitted", "rejected", "withdrawn"):
            continue
        Payment.objects.create(application=app, amount=Decimal("600.00"), paid_on=day, recorded_by=finn)
        ProofOfUse.objects.create(application=app, participants_reached=n,
                                          settled_amount=Decimal("500.00") if n % 2 else None)
        if state == "final_payment_due":
            Drawdown.objects.create(application=app, kind=Drawdown.Kind.FINAL, amount=Decimal("400.00"),
                                    status=Drawdown.Status.RELEASED)
        if state in ("hearing", "recovery_pending"):
            hearing = Hearing.objects.create(application=app, intended_refund=Decimal("100.00"), intended_grant=0,
                                             legal_basis="49_3_1", reasons="-", deadline=day, created_by=finn)
        if state == "recovery_pending":
            recovery = Recovery.objects.create(
                application=app, hearing=hearing, amount=Decimal("100.00"), new_grant_amount=Decimal("500.00"),
                legal_basis="49_3_1", reason="-", effective_date=day, due_date=day, interest_amount=Decimal("3.10"),
                claimed_by=finn)
            Repayment.objects.create(application=app, recovery=recovery, received_on=day, amount=Decimal("50.00"),
                                     interest_part=Decimal("3.10"), principal_part=Decimal("46.90"), recorded_by=finn)
    summary.rebuild()  # loaded past the services


def test_it_needs_a_fixed_number_of_queries(client, leitung, line, finn):
    """The same queries for one application and for many with money moved (everything / one call)."""
    from funding import summary
    from funding.models import FlowCell

    client.force_login(leitung)
    ApplicationFactory(line=line)
    summary.rebuild()
    few, few_call = _queries(client), _queries(client, call=line.call_id)
    # From the cells: no transaction and no planner setting around them (reports.aggregates.report_planning).
    assert (few, few_call) == (8, 9)
    _many_with_money(line, finn)
    assert FlowCell.objects.count() == 6  # two lines × three seats
    assert (_queries(client), _queries(client, call=line.call_id)) == (few, few_call)


def _options(html, name):
    import re

    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_its_selects_offer_the_users_calls_lines_and_municipalities_only(client, leitung, line):
    """The selects read as values (calls, municipalities) and from the report's own rows (lines, municipalities)
    offer what the filter's querysets hold: the user's authority's calls and lines, its municipalities and the
    unassigned ones; the table by municipality still lists all."""
    from funding import roles
    from funding.tenancy import municipalities
    from tests.factories import AuthorityFactory, CallFactory, LineFactory, ProgrammeFactory

    other = AuthorityFactory(name="Stadt Musterstadt", city="Musterstadt", court_name="VG Musterstadt")
    foreign = LineFactory(call=CallFactory(programme=ProgrammeFactory(authority=other), name="Fremder Aufruf"),
                          name="Fremde Linie")
    second = LineFactory(call=line.call, name="Zweite <Linie>", order=line.order + 1)
    mine = line.call.programme.authority
    names = list(Municipality.objects.order_by("name").values_list("pk", flat=True))
    Municipality.objects.filter(pk__in=names[:5]).update(authority=mine)
    Municipality.objects.filter(pk__in=names[5:10]).update(authority=other)
    client.force_login(leitung)
    for query in ({}, {"call": line.call_id}, {"municipality": names[0]}):
        response = client.get(URL, query)
        html = response.content.decode()
        assert _options(html, "call") == [("", "Alle"), (str(line.call_id), line.call.name)]
        assert _options(html, "line") == [("", "Alle"), (str(line.pk), f"{line.name} ({line.call.name})"),
                                          (str(second.pk), f"Zweite &lt;Linie&gt; ({line.call.name})")]
        shown = municipalities(roles.authorities_of(leitung)).order_by("name")
        assert _options(html, "municipality") == [("", "Alle")] + [(str(m.pk), m.name) for m in shown]
        assert len(shown) == len(names) - 5
        assert [row.label for row in response.context["figures"].municipalities][:len(names)] == list(
            Municipality.objects.order_by("name").values_list("name", flat=True))
        assert foreign.call.name not in html
